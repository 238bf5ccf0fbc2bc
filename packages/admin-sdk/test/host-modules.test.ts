import { describe, expect, it } from 'vitest';
import * as sdk from '../src/index.ts';
import { sdkExportNames, sharedSpecifiers } from '../host-modules.mjs';

describe('the modules a panel shares with the console', () => {
  it('lists exactly the names the SDK exports, so a panel can bind every one of them', () => {
    expect([...sdkExportNames].sort()).toEqual(Object.keys(sdk).sort());
  });

  it('shares React, ReactDOM, the JSX runtime and the SDK', () => {
    expect(sharedSpecifiers).toEqual(['react', 'react-dom', 'react/jsx-runtime', '@wolfpack/admin-sdk']);
  });
});
