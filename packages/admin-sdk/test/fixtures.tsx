import type { ReactNode } from 'react';
import { resourceView, typeView, typeViewOf } from '@wolfpack/testing/resource-views';
import { PanelHostProvider, type PanelHostProviderProps } from '../src/index.ts';

// The views a panel sees are the shared test views; the admin SDK adds its panel host around them.
export { resourceView, typeView, typeViewOf };

/** The server's 400 as the console's API client throws it. */
export class RefusedError extends Error {
  readonly fields: Array<{ path: string; message: string }>;
  constructor(message: string, fields: Array<{ path: string; message: string }>) {
    super(message);
    this.fields = fields;
  }
}

/** A panel host around children, with save/control given by the test. */
export function Host(props: Omit<PanelHostProviderProps, 'children'> & { children: ReactNode }) {
  return <PanelHostProvider {...props} />;
}
