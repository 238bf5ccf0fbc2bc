import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FieldError } from '@wolfpack/contracts';
import { usePanelHost } from './host.tsx';
import {
  checkProperties,
  propertyDefaults,
  propertyFields,
  propertyOfPath,
  writeOnlyNames,
  type PropertyField,
} from './schema.ts';

/*
 * A Parameters tab's form state. Edits are a draft over the live properties: a field the
 * person has not touched keeps following the cluster (another admin's save shows at
 * once), an edited one keeps the person's value until Apply. Apply checks the schema
 * first (nothing is sent while a field is wrong), then PATCHes only what changed.
 * A writeOnly property's value never reaches the form: whatever the person enters for it
 * (or clears) is sent as it is, and it is not checked until they do.
 */

export interface ParametersFormOptions {
  /** Checks beyond the schema, e.g. a rule between two fields; paths name the property. */
  validate?(values: Record<string, unknown>): FieldError[];
}

export interface ParametersForm {
  fields: PropertyField[];
  /** Defaults, then the live properties, then the draft. */
  values: Record<string, unknown>;
  /** Change one property in the draft; `undefined` means "back to its default". */
  setValue(name: string, value: unknown): void;
  /** The message to show at a field now: its own check once edited (or after Apply), else the server's. */
  error(name: string): string | undefined;
  /** Errors that name no field of the form (and the server's message when a save was refused). */
  otherErrors: string[];
  dirty: boolean;
  saving: boolean;
  canEdit: boolean;
  /** Check and save the draft; true when saved or nothing changed. */
  apply(): Promise<boolean>;
  /** Drop the draft. */
  reset(): void;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * The form a Parameters tab binds its fields to. It registers its apply with the console,
 * so the property sheet's Apply and OK buttons save it.
 */
export function useParametersForm(options: ParametersFormOptions = {}): ParametersForm {
  const host = usePanelHost();
  const { resource, type } = host;
  const fields = useMemo(() => propertyFields(type.propertySchema), [type.propertySchema]);
  const defaults = useMemo(() => propertyDefaults(type.propertySchema), [type.propertySchema]);
  const hidden = useMemo(() => writeOnlyNames(type.propertySchema), [type.propertySchema]);
  const [draft, setDraft] = useState<Record<string, unknown>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [checkAll, setCheckAll] = useState(false);
  // Server errors stay at a field until the person edits it again.
  const [editedSinceSave, setEditedSinceSave] = useState<ReadonlySet<string>>(new Set());

  const live = useMemo(() => ({ ...defaults, ...resource.privateProperties }), [defaults, resource.privateProperties]);
  const values = useMemo(() => {
    const merged: Record<string, unknown> = { ...live };
    for (const [name, value] of Object.entries(draft)) {
      if (value === undefined) merged[name] = defaults[name];
      else merged[name] = value;
    }
    return merged;
  }, [live, draft, defaults]);

  const validate = options.validate;
  const clientErrors = useMemo(() => {
    const byName = new Map<string, string>();
    const other: string[] = [];
    for (const error of [...checkProperties(type.propertySchema, values), ...(validate?.(values) ?? [])]) {
      const name = propertyOfPath(error.path);
      // A hidden value left alone: the server holds it, and "required" would be wrong.
      if (name !== undefined && hidden.has(name) && !(name in draft)) continue;
      if (name !== undefined && fields.some((field) => field.name === name)) {
        if (!byName.has(name)) byName.set(name, error.message);
      } else other.push(error.message);
    }
    return { byName, other };
  }, [type.propertySchema, values, validate, fields, hidden, draft]);

  const serverErrors = useMemo(() => {
    const byName = new Map<string, string>();
    const other: string[] = [];
    for (const error of host.fieldErrors) {
      const name = propertyOfPath(error.path);
      if (name !== undefined && fields.some((field) => field.name === name)) {
        if (!byName.has(name) && !editedSinceSave.has(name)) byName.set(name, error.message);
      } else other.push(error.message);
    }
    if (host.saveError && host.fieldErrors.length === 0) other.push(host.saveError);
    return { byName, other };
  }, [host.fieldErrors, host.saveError, fields, editedSinceSave]);

  const dirty = Object.entries(draft).some(
    ([name, value]) => hidden.has(name) || !same(value === undefined ? defaults[name] : value, live[name]),
  );

  const setValue = useCallback((name: string, value: unknown) => {
    setDraft((previous) => ({ ...previous, [name]: value }));
    setTouched((previous) => new Set(previous).add(name));
    setEditedSinceSave((previous) => new Set(previous).add(name));
  }, []);

  const error = (name: string) =>
    (touched.has(name) || checkAll ? clientErrors.byName.get(name) : undefined) ?? serverErrors.byName.get(name);

  const apply = async (): Promise<boolean> => {
    setCheckAll(true);
    if (clientErrors.byName.size > 0 || clientErrors.other.length > 0) return false;
    const patch: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(draft)) {
      const next = value === undefined ? null : value;
      if (hidden.has(name) || !same(value === undefined ? defaults[name] : value, live[name]) || next === null)
        patch[name] = next;
    }
    if (Object.keys(patch).length === 0) return true;
    setEditedSinceSave(new Set());
    const outcome = await host.save(patch);
    if (outcome.ok) {
      setDraft({});
      setTouched(new Set());
      setCheckAll(false);
    }
    return outcome.ok;
  };

  // The console's sheet calls the latest apply: register a stable forwarder once.
  const latestApply = useRef(apply);
  latestApply.current = apply;
  const { registerApply, reportDirty } = host;
  useEffect(() => registerApply(() => latestApply.current()), [registerApply]);
  useEffect(() => reportDirty(dirty), [reportDirty, dirty]);

  const reset = useCallback(() => {
    setDraft({});
    setTouched(new Set());
    setCheckAll(false);
  }, []);

  return {
    fields,
    values,
    setValue,
    error,
    otherErrors: [...(checkAll ? clientErrors.other : []), ...serverErrors.other],
    dirty,
    saving: host.saving,
    canEdit: host.canEdit,
    apply,
    reset,
  };
}
