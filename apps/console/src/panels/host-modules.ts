import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import * as adminSdk from '@wolfpack/admin-sdk';
import { panelHostGlobal } from '@wolfpack/admin-sdk/host-modules';

/*
 * How a panel loaded at run time gets the console's single React and SDK: the console
 * puts its own module instances on one global, and a panel built with the admin SDK's
 * preset reads them from there (see packages/admin-sdk/README.md). No import map, no
 * inline script: the Content-Security-Policy needs nothing beyond 'self'.
 */

/** What the console offers panels on globalThis.__wolfpackPanelHost__. */
export interface PanelHostGlobal {
  apiVersion: string;
  modules: Record<string, unknown>;
}

/** Puts the console's React, ReactDOM, JSX runtime and admin SDK where panels look for them (idempotent). */
export function installPanelHost(): PanelHostGlobal {
  const global = globalThis as unknown as Record<string, PanelHostGlobal | undefined>;
  const existing = global[panelHostGlobal];
  if (existing) return existing;
  const host: PanelHostGlobal = {
    apiVersion: adminSdk.consoleApiVersion,
    modules: {
      react: React,
      'react-dom': ReactDOM,
      'react/jsx-runtime': jsxRuntime,
      '@wolfpack/admin-sdk': adminSdk,
    },
  };
  global[panelHostGlobal] = host;
  return host;
}
