import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Checkbox, NumberField, Select, TextField, numberFieldValue, textFieldValue } from './fields.tsx';
import { useOptionalPanelHost } from './host.tsx';
import { NameValueList } from './name-value-list.tsx';
import { useParametersForm, type ParametersForm, type ParametersFormOptions } from './parameters-form.ts';
import { Button, ErrorText } from './parts.tsx';
import { choicesOf, kindOf, type PropertyField } from './schema.ts';

/*
 * Fields generated from a property schema: the console's Parameters tab for a type that
 * ships no panel, and building blocks for panels that only need to add something.
 */

export interface SchemaFieldProps {
  field: PropertyField;
  value: unknown;
  onChange(value: unknown): void;
  error?: string | undefined;
  disabled?: boolean;
}

const showDefault = (value: unknown) =>
  value === '' ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value);

function describe(field: PropertyField): ReactNode {
  const { description, default: fallback } = field.schema;
  const defaultText =
    fallback === undefined || (typeof fallback === 'object' && fallback !== null && Object.keys(fallback).length === 0)
      ? undefined
      : `Default: ${showDefault(fallback)}.`;
  if (description && defaultText) return `${description}. ${defaultText}`.replace('.. ', '. ');
  return description ?? defaultText;
}

/** One property's control, chosen by its schema: number box, drop-down, check box, text, name/value list. */
export function SchemaField({ field, value, onChange, error, disabled }: SchemaFieldProps) {
  const { schema, name, required } = field;
  if (schema.writeOnly === true)
    return <WriteOnlyField field={field} value={value} onChange={onChange} error={error} disabled={disabled} />;
  const label = schema.title ?? name;
  const common = { label, name, error, disabled, required, description: describe(field) };
  const kind = kindOf(schema);
  const choices = choicesOf(schema);
  if (choices) {
    const texts = choices.map((choice) => (typeof choice === 'string' ? choice : JSON.stringify(choice)));
    return (
      <Select
        {...common}
        value={value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value)}
        options={texts}
        onChange={(text) => onChange(choices[texts.indexOf(text)] ?? text)}
      />
    );
  }
  if (kind === 'integer' || kind === 'number') {
    const min =
      schema.minimum ??
      (schema.exclusiveMinimum !== undefined && kind === 'integer' ? schema.exclusiveMinimum + 1 : undefined);
    const max =
      schema.maximum ??
      (schema.exclusiveMaximum !== undefined && kind === 'integer' ? schema.exclusiveMaximum - 1 : undefined);
    return (
      <NumberField
        {...common}
        value={numberFieldValue(value)}
        min={min}
        max={max}
        step={kind === 'integer' ? 1 : (schema.multipleOf ?? 'any')}
        emptyValue={required || schema.default !== undefined ? '' : undefined}
        onChange={onChange}
      />
    );
  }
  if (kind === 'boolean') return <Checkbox {...common} checked={value === true} onChange={onChange} />;
  if (kind === 'string')
    return <TextField {...common} value={textFieldValue(value)} maxLength={schema.maxLength} onChange={onChange} />;
  if (kind === 'array' && kindOf(schema.items ?? {}) === 'string') {
    const lines = Array.isArray(value) ? value.join('\n') : '';
    return (
      <TextField
        {...common}
        multiline
        description={<>{common.description} One per line.</>}
        value={lines}
        onChange={(text) =>
          onChange(
            text
              .split('\n')
              .map((line) => line.trim())
              .filter((line) => line !== ''),
          )
        }
      />
    );
  }
  if (kind === 'object' && typeof schema.additionalProperties === 'object') {
    return <NameValueList {...common} value={(value ?? {}) as Record<string, unknown>} onChange={onChange} />;
  }
  return <JsonField {...common} value={value} onChange={onChange} />;
}

/**
 * A writeOnly property (a secret): the view never holds its value, only whether it is set.
 * The field says that, and offers to replace the value (the usual control, starting
 * empty) or to clear it; Apply sends what was entered.
 */
function WriteOnlyField(props: SchemaFieldProps) {
  const { field, onChange, error, disabled } = props;
  const host = useOptionalPanelHost();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [cleared, setCleared] = useState(false);
  // A save that went through leaves the field showing "set" or "not set" again.
  const wasSaving = useRef(false);
  useEffect(() => {
    if (wasSaving.current && !host?.saving && host?.saveError === undefined) {
      setEditing(false);
      setCleared(false);
    }
    wasSaving.current = host?.saving ?? false;
  }, [host?.saving, host?.saveError]);
  const label = field.schema.title ?? field.name;
  const set = host?.resource.writeOnlySet?.includes(field.name) ?? false;
  const { writeOnly: _hidden, ...visible } = field.schema;
  const status = cleared ? 'Cleared when you apply' : set ? 'Set (never shown)' : 'Not set';
  if (editing) {
    return (
      <div className="wp-write-only">
        <SchemaField
          {...props}
          field={{
            ...field,
            schema: {
              ...visible,
              description: `${visible.description ?? label}. Write-only: the new value replaces the one set, and is never shown again`,
            },
          }}
        />
      </div>
    );
  }
  return (
    <fieldset className={error ? 'wp-field wp-field--invalid' : 'wp-field'} aria-describedby={`${id}-status`}>
      <legend className="wp-field__label">{label}</legend>
      <p className="wp-status" id={`${id}-status`}>
        {status}
      </p>
      <Button
        disabled={disabled}
        onClick={() => {
          setCleared(false);
          setEditing(true);
        }}
      >
        {set ? `Replace ${label}` : `Set ${label}`}
      </Button>
      {set && !cleared ? (
        <Button
          disabled={disabled}
          onClick={() => {
            setCleared(true);
            onChange(undefined);
          }}
        >
          Clear {label}
        </Button>
      ) : null}
      {error ? <p className="wp-field__error">{error}</p> : null}
      {describe(field) ? <p className="wp-field__description">{describe(field)}</p> : null}
    </fieldset>
  );
}

/** Any other value as JSON text; text that does not parse is passed on as text, so the check names it. */
function JsonField(props: {
  label: string;
  name: string;
  description?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
  required?: boolean;
  value: unknown;
  onChange(value: unknown): void;
}) {
  const { value, onChange, ...field } = props;
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  return (
    <TextField
      {...field}
      multiline
      value={text}
      onChange={(next) => {
        setText(next);
        try {
          onChange(next.trim() === '' ? undefined : JSON.parse(next));
        } catch {
          onChange(next);
        }
      }}
    />
  );
}

/** The fields of a form (all, or the named ones in that order), bound to it. */
export function SchemaFields({ form, only }: { form: ParametersForm; only?: string[] }) {
  const fields = only
    ? only.map((name) => form.fields.find((field) => field.name === name)).filter((field) => field !== undefined)
    : form.fields;
  return (
    <>
      {fields.map((field) => (
        <SchemaField
          key={field.name}
          field={field}
          value={form.values[field.name]}
          error={form.error(field.name)}
          onChange={(value) => form.setValue(field.name, value)}
        />
      ))}
    </>
  );
}

export interface PanelFormProps {
  form: ParametersForm;
  /** The form's accessible name, e.g. "Chat Server parameters". */
  label?: string;
  children?: ReactNode;
}

/** A Parameters form: Enter applies it, and errors that name no field are shown below it. */
export function PanelForm({ form, label = 'Parameters', children }: PanelFormProps) {
  return (
    <form
      className="wp-form"
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.apply();
      }}
    >
      {children}
      <ErrorText>{form.otherErrors.length > 0 ? form.otherErrors.join(' ') : undefined}</ErrorText>
    </form>
  );
}

/**
 * A whole Parameters tab generated from the type's property schema: every field with its
 * bounds, choices, description and default, checked as the person types.
 */
export function SchemaForm(options: ParametersFormOptions = {}) {
  const form = useParametersForm(options);
  return (
    <PanelForm form={form}>
      {form.fields.length === 0 ? (
        <p className="wp-status">This resource type has no private properties.</p>
      ) : (
        <SchemaFields form={form} />
      )}
    </PanelForm>
  );
}
