import { checkConsoleApi, consoleApiVersion, type PanelModule } from '@wolfpack/admin-sdk';
import type { ResourceTypeView } from '@wolfpack/contracts';
import { installPanelHost } from './host-modules.ts';

/*
 * The panel registry: which panel each resource type contributes, loaded at most once
 * per module URL. Panel URLs are immutable and versioned (a new version of a type has a
 * new URL), so the URL is the cache key. A load never throws: it settles as ready or as
 * a failure whose message the console shows in the panel's placeholder.
 */

/** Why a panel cannot be used. */
export type PanelFailureKind = 'incompatible' | 'load' | 'invalid';

/** The state of one type's panel. */
export type PanelState =
  | { status: 'none' }
  | { status: 'loading'; url: string }
  | { status: 'ready'; url: string; module: PanelModule }
  | { status: 'failed'; url: string; kind: PanelFailureKind; message: string };

export type SettledPanel = Extract<PanelState, { status: 'ready' } | { status: 'failed' }>;

export interface PanelRegistryOptions {
  /** How a module is loaded; the browser's import() by default. */
  importModule?: (url: string) => Promise<unknown>;
  /** The console API version offered to panels. */
  apiVersion?: string;
}

const none: PanelState = { status: 'none' };

const isComponent = (value: unknown) =>
  typeof value === 'function' || (typeof value === 'object' && value !== null && '$$typeof' in value);

/** The panel a module exports (named exports, or a default export object), or why it has none. */
export function panelOf(typeName: string, imported: unknown): PanelModule | string {
  const namespace = (imported ?? {}) as Record<string, unknown>;
  const fromDefault = namespace.default;
  const face = (
    typeof fromDefault === 'object' && fromDefault !== null && !('$$typeof' in fromDefault) ? fromDefault : namespace
  ) as Record<string, unknown>;
  const where = `The panel module of resource type "${typeName}"`;
  if (face.Parameters !== undefined && !isComponent(face.Parameters))
    return `${where} exports Parameters, but it is not a React component.`;
  if (face.wizardPages !== undefined && !Array.isArray(face.wizardPages))
    return `${where} exports wizardPages, but it is not a list.`;
  if (face.commands !== undefined && !Array.isArray(face.commands))
    return `${where} exports commands, but it is not a list.`;
  if (face.Parameters === undefined && face.wizardPages === undefined && face.commands === undefined) {
    return `${where} exports no Parameters, wizardPages or commands (export them by name, or export default definePanel({...})).`;
  }
  return face as PanelModule;
}

/** Resolves a panel URL against the page, so `/panels/…` and `panels/…` mean the console's origin. */
function absolute(url: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return base ? new URL(url, base).href : url;
  } catch {
    return url;
  }
}

/** Loads and caches panel modules; subscribers hear when a load settles. */
export class PanelRegistry {
  readonly apiVersion: string;
  #importModule: (url: string) => Promise<unknown>;
  #loads = new Map<string, Promise<SettledPanel>>();
  #settled = new Map<string, SettledPanel>();
  #loadingStates = new Map<string, PanelState>();
  #refusals = new Map<string, SettledPanel | undefined>();
  #listeners = new Set<() => void>();
  #imports = 0;

  constructor(options: PanelRegistryOptions = {}) {
    this.apiVersion = options.apiVersion ?? consoleApiVersion;
    this.#importModule =
      options.importModule ??
      ((url) => {
        installPanelHost();
        return import(/* @vite-ignore */ url);
      });
  }

  /** How many module imports this registry has started (one per URL, plus retries). */
  get importCount(): number {
    return this.#imports;
  }

  /** Listens for settled loads; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** A type's panel state now, without starting a load (stable identity while unchanged). */
  peek(type: ResourceTypeView | undefined): PanelState {
    if (!type?.panelUrl) return none;
    const refusal = this.#refusal(type);
    if (refusal) return refusal;
    const url = absolute(type.panelUrl);
    return this.#settled.get(url) ?? this.#loading(url);
  }

  /** Loads a type's panel (once per URL) and resolves to its settled state; `none` when the type has no panel. */
  load(type: ResourceTypeView): Promise<PanelState> {
    if (!type.panelUrl) return Promise.resolve(none);
    const refusal = this.#refusal(type);
    if (refusal) return Promise.resolve(refusal);
    const url = absolute(type.panelUrl);
    let load = this.#loads.get(url);
    if (!load) {
      this.#imports += 1;
      load = this.#importModule(url).then(
        (imported): SettledPanel => {
          const panel = panelOf(type.name, imported);
          return typeof panel === 'string'
            ? { status: 'failed', url, kind: 'invalid', message: panel }
            : { status: 'ready', url, module: panel };
        },
        (error: unknown): SettledPanel => ({
          status: 'failed',
          url,
          kind: 'load',
          message: `The panel of resource type "${type.name}" could not be loaded from ${type.panelUrl}: ${(error as Error)?.message ?? String(error)}`,
        }),
      );
      this.#loads.set(url, load);
      void load.then((settled) => {
        this.#settled.set(url, settled);
        for (const listener of this.#listeners) listener();
      });
    }
    return load;
  }

  /** Forgets a failed load so the next load() tries again (the placeholder's Try again). */
  retry(type: ResourceTypeView): Promise<PanelState> {
    if (type.panelUrl) {
      const url = absolute(type.panelUrl);
      if (this.#settled.get(url)?.status === 'failed') {
        this.#settled.delete(url);
        this.#loads.delete(url);
        this.#loadingStates.delete(url);
      }
    }
    return this.load(type);
  }

  #loading(url: string): PanelState {
    let state = this.#loadingStates.get(url);
    if (!state) this.#loadingStates.set(url, (state = { status: 'loading', url }));
    return state;
  }

  /** A refusal for a panel whose stated console API range excludes this console (no import at all). */
  #refusal(type: ResourceTypeView): SettledPanel | undefined {
    const key = `${type.name}\u0000${type.panelUrl}\u0000${type.consoleApi ?? ''}`;
    if (this.#refusals.has(key)) return this.#refusals.get(key);
    const verdict = checkConsoleApi(type.name, type.consoleApi, this.apiVersion);
    const refusal: SettledPanel | undefined = verdict.compatible
      ? undefined
      : { status: 'failed', url: absolute(type.panelUrl ?? ''), kind: 'incompatible', message: verdict.message };
    this.#refusals.set(key, refusal);
    return refusal;
  }
}

/** The console's one registry: panel modules are loaded once per page. */
export const panelRegistry = new PanelRegistry();
