import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ResourceTypeView, ResourceView } from '@wolfpack/contracts';
import { usePanelHost, type SaveResult } from './host.tsx';
import { propertyOfPath } from './schema.ts';

/*
 * The hooks a panel uses. All of them read the panel host the console provides, so the
 * resource a panel shows is the console's live copy.
 */

/** The panel's resource, live: its state, owner node and private properties. */
export function useResource(): ResourceView {
  return usePanelHost().resource;
}

/** The resource's type: name, version, property schema, control codes. */
export function useResourceType(): ResourceTypeView {
  return usePanelHost().type;
}

/** Whether the signed-in user may change this resource's properties. */
export function useCanEdit(): boolean {
  return usePanelHost().canEdit;
}

/** Saving private properties: `save(patch)` PATCHes them and resolves to the outcome (with the server's field errors). */
export function useSaveProperties(): {
  save(patch: Record<string, unknown>): Promise<SaveResult>;
  saving: boolean;
  error: string | undefined;
} {
  const host = usePanelHost();
  return { save: host.save, saving: host.saving, error: host.saveError };
}

/** The server's field errors from the last refused save, by property name (`MaxUser` → "MaxUser must be <= 10"). */
export function useFieldErrors(): Record<string, string> {
  const { fieldErrors } = usePanelHost();
  return useMemo(() => {
    const byProperty: Record<string, string> = {};
    for (const error of fieldErrors) {
      const name = propertyOfPath(error.path);
      if (name !== undefined && byProperty[name] === undefined) byProperty[name] = error.message;
    }
    return byProperty;
  }, [fieldErrors]);
}

/** The function that runs one of the type's control codes on this resource: `control(code, input)` → its result. */
export function useControl(): (code: string, input?: unknown) => Promise<unknown> {
  return usePanelHost().control;
}

export interface ControlResultOptions {
  input?: unknown;
  /** Run again every this many milliseconds while mounted (e.g. a live list). */
  refreshMs?: number;
  /** False: do not run (e.g. while the resource is not Online). Default true. */
  enabled?: boolean;
}

export interface ControlResult<T> {
  result: T | undefined;
  /** Why the last run failed, if it did. */
  error: string | undefined;
  loading: boolean;
  updatedAt: Date | undefined;
  refresh(): void;
}

/**
 * The result of a control code, run when mounted and every `refreshMs` after. Runs never
 * overlap; a result that arrives after unmount is dropped. Polling a control code is fine:
 * its answer (e.g. connected users) is not cluster state the live stream carries.
 */
export function useControlResult<T = unknown>(code: string, options: ControlResultOptions = {}): ControlResult<T> {
  const control = useControl();
  const { refreshMs, enabled = true } = options;
  const input = useRef(options.input);
  input.current = options.input;
  const [state, setState] = useState<{
    result: T | undefined;
    error: string | undefined;
    loading: boolean;
    updatedAt: Date | undefined;
  }>({
    result: undefined,
    error: undefined,
    loading: enabled,
    updatedAt: undefined,
  });
  const running = useRef(false);
  const mounted = useRef(true);
  const [tick, setTick] = useState(0);

  const run = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    setState((previous) => ({ ...previous, loading: true }));
    try {
      const result = (await control(code, input.current)) as T;
      if (mounted.current) setState({ result, error: undefined, loading: false, updatedAt: new Date() });
    } catch (error) {
      if (mounted.current)
        setState((previous) => ({ ...previous, error: (error as Error)?.message ?? String(error), loading: false }));
    } finally {
      running.current = false;
    }
  }, [control, code]);

  useEffect(() => {
    mounted.current = true;
    if (!enabled) return () => void (mounted.current = false);
    void run();
    const timer = refreshMs ? setInterval(() => void run(), refreshMs) : undefined;
    return () => {
      mounted.current = false;
      if (timer) clearInterval(timer);
    };
  }, [run, enabled, refreshMs, tick]);

  const refresh = useCallback(() => setTick((value) => value + 1), []);
  return { ...state, loading: enabled && state.loading, refresh };
}
