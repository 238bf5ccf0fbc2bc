import {
  createContext,
  useCallback,
  useContext,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';
import type { FieldError, ResourceTypeView, ResourceView } from '@wolfpack/contracts';
import { consoleApiVersion } from './version.ts';

/*
 * The panel host: what the console hands a mounted panel through React context. The
 * resource comes from the console's own TanStack Query cache (fed by the live stream),
 * so a panel re-renders with every change the console sees — there is no second cache.
 */

/** The outcome of saving private properties: saved, or refused with the server's reasons. */
export type SaveResult = { ok: true } | { ok: false; message: string; fieldErrors: FieldError[] };

/** A Parameters tab's apply: true when saved (or nothing to save), false when refused. */
export type ApplyHandler = () => Promise<boolean>;

/** What the console's property sheet holds to drive a Parameters tab from its Apply/OK buttons. */
export interface ApplyHandle {
  apply(): Promise<boolean>;
  isDirty(): boolean;
}

/** The context value every SDK hook reads. */
export interface PanelHost {
  apiVersion: string;
  /** The resource, live. */
  resource: ResourceView;
  type: ResourceTypeView;
  /** False for users who may not change properties (viewer, operator): panels show, not edit. */
  canEdit: boolean;
  /** PATCH the resource's private properties (null drops one to its default). */
  save(patch: Record<string, unknown>): Promise<SaveResult>;
  saving: boolean;
  /** POST a control code to the resource; resolves to the control's result. */
  control(code: string, input?: unknown): Promise<unknown>;
  /** The server's field errors from the last refused save (paths like `private.MaxUser`). */
  fieldErrors: FieldError[];
  /** The message of the last refused save, if any. */
  saveError: string | undefined;
  /** A form registers how it applies; the console's Apply/OK calls it. Returns the unregister. */
  registerApply(handler: ApplyHandler): () => void;
  reportDirty(dirty: boolean): void;
}

export const PanelHostContext = createContext<PanelHost | undefined>(undefined);

/** The panel host; throws when a hook is used outside a console-mounted panel. */
export function usePanelHost(): PanelHost {
  const host = useContext(PanelHostContext);
  if (!host)
    throw new Error(
      '@wolfpack/admin-sdk hooks must be used inside a panel mounted by the Wolfpack console (no PanelHostProvider above)',
    );
  return host;
}

/** The panel host when there is one (form parts work outside panels too). */
export function useOptionalPanelHost(): PanelHost | undefined {
  return useContext(PanelHostContext);
}

/** Reads the server's refusal, whatever wrapper the console's API client put around it. */
export function saveFailureOf(error: unknown): { ok: false; message: string; fieldErrors: FieldError[] } {
  const value = error as
    | { message?: unknown; fields?: unknown; body?: { message?: unknown; fields?: unknown } }
    | undefined;
  const fields = Array.isArray(value?.fields)
    ? value.fields
    : Array.isArray(value?.body?.fields)
      ? value.body.fields
      : [];
  const fieldErrors = (fields as unknown[]).filter(
    (field): field is FieldError =>
      typeof (field as FieldError)?.path === 'string' && typeof (field as FieldError)?.message === 'string',
  );
  const message =
    typeof value?.body?.message === 'string'
      ? value.body.message
      : typeof value?.message === 'string'
        ? value.message
        : String(error);
  return { ok: false, message, fieldErrors };
}

/** What the console supplies to a PanelHostProvider. */
export interface PanelHostProviderProps {
  resource: ResourceView;
  type: ResourceTypeView;
  canEdit: boolean;
  /** PATCH /api/v1/resources/:name/properties {private: patch}; rejects with the server's error body (fields) on 400. */
  saveProperties(resourceName: string, privatePatch: Record<string, unknown>): Promise<unknown>;
  /** POST /api/v1/resources/:name/control {code, input}; resolves to the reply ({result}) or the result itself. */
  control(resourceName: string, code: string, input?: unknown): Promise<unknown>;
  /** Filled with the tab's apply handle for the property sheet's Apply/OK. */
  applyRef?: Ref<ApplyHandle>;
  onDirtyChange?(dirty: boolean): void;
  children?: ReactNode;
}

/** POST /control answers a ControlReply {resource, code, node, result}: a panel wants the result. */
const isControlReply = (value: unknown): value is { result: unknown } =>
  typeof value === 'object' && value !== null && 'result' in value;

/**
 * Provides a panel's host from the console's functions: keeps the save state and the
 * server's field errors, and exposes the registered apply to the console's sheet.
 */
export function PanelHostProvider(props: PanelHostProviderProps) {
  const { resource, type, canEdit, saveProperties, control: runControl, applyRef, onDirtyChange, children } = props;
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; fieldErrors: FieldError[] } | undefined>(undefined);
  const applyHandler = useRef<ApplyHandler | undefined>(undefined);
  const dirty = useRef(false);
  const latest = useRef({ saveProperties, runControl, onDirtyChange, name: resource.name });
  latest.current = { saveProperties, runControl, onDirtyChange, name: resource.name };

  useImperativeHandle(
    applyRef,
    () => ({
      apply: () => (applyHandler.current ? applyHandler.current() : Promise.resolve(true)),
      isDirty: () => dirty.current,
    }),
    [],
  );

  const save = useCallback(async (patch: Record<string, unknown>): Promise<SaveResult> => {
    setSaving(true);
    try {
      await latest.current.saveProperties(latest.current.name, patch);
      setRefusal(undefined);
      return { ok: true };
    } catch (error) {
      const failure = saveFailureOf(error);
      setRefusal({ message: failure.message, fieldErrors: failure.fieldErrors });
      return failure;
    } finally {
      setSaving(false);
    }
  }, []);

  const control = useCallback(async (code: string, input?: unknown) => {
    const reply = await latest.current.runControl(latest.current.name, code, input);
    return isControlReply(reply) ? reply.result : reply;
  }, []);

  const registerApply = useCallback((handler: ApplyHandler) => {
    applyHandler.current = handler;
    return () => {
      if (applyHandler.current === handler) applyHandler.current = undefined;
    };
  }, []);

  const reportDirty = useCallback((value: boolean) => {
    if (dirty.current === value) return;
    dirty.current = value;
    latest.current.onDirtyChange?.(value);
  }, []);

  const host = useMemo<PanelHost>(
    () => ({
      apiVersion: consoleApiVersion,
      resource,
      type,
      canEdit,
      save,
      saving,
      control,
      fieldErrors: refusal?.fieldErrors ?? [],
      saveError: refusal?.message,
      registerApply,
      reportDirty,
    }),
    [resource, type, canEdit, save, saving, control, refusal, registerApply, reportDirty],
  );
  return <PanelHostContext.Provider value={host}>{children}</PanelHostContext.Provider>;
}
