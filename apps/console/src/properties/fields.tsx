import { useId, useState, type ReactNode } from 'react';

interface FieldFrame {
  label: string;
  /** The server's (or the form's) message for this field. */
  error?: string | undefined;
  help?: string | undefined;
}

/** Label, control, help and error laid out as one property line; the control is described by both. */
function Frame({ label, error, help, id, children }: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-control">
        {children}
        <FieldNotes id={id} help={help} error={error} />
      </div>
    </div>
  );
}

/** The help and the error under a control, with the ids its `aria-describedby` names. */
function FieldNotes({ id, help, error }: Pick<FieldFrame, 'help' | 'error'> & { id: string }) {
  return (
    <>
      {help && (
        <div id={`${id}-help`} className="field-help">
          {help}
        </div>
      )}
      {error && (
        <div id={`${id}-error`} className="field-error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}

/** A control's id and ARIA: invalid while it has an error, described by its unit, help and error. */
const describedControl = (id: string, help?: string, error?: string, unit?: string) => ({
  id,
  'aria-invalid': error ? true : undefined,
  'aria-describedby':
    [unit && `${id}-unit`, help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ') || undefined,
});

/** A line of text (or several: `multiline`); `password` hides what is typed, `autoComplete` tells a password manager which one it is. */
export function TextField({
  label,
  value,
  onChange,
  readOnly,
  error,
  help,
  multiline,
  password,
  autoComplete,
  autoFocus,
}: FieldFrame & {
  value: string;
  onChange(value: string): void;
  readOnly?: boolean;
  multiline?: boolean;
  password?: boolean;
  autoComplete?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const autofocus = autoFocus ? true : undefined;
  const common = { ...describedControl(id, help, error), value, readOnly, autoComplete, 'data-autofocus': autofocus };
  return (
    <Frame label={label} error={error} help={help} id={id}>
      {multiline ? (
        <textarea {...common} rows={2} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={password ? 'password' : 'text'} onChange={(e) => onChange(e.target.value)} />
      )}
    </Frame>
  );
}

/** Shown, never edited (state, owner, type). */
export function ReadOnlyField({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field read-only">
      <span className="field-label" id={id}>
        {label}
      </span>
      <div className="field-control" aria-labelledby={id} role="group">
        {children}
      </div>
    </div>
  );
}

/**
 * A whole number, in the unit people set it in (seconds for periods, milliseconds for
 * poll intervals) while the value stays in milliseconds. Text that is not a number is
 * sent as it is, so the server names the field and the rule (a text box, so no
 * aria-valuemin/max: those belong to spinbuttons). The unit describes the box.
 */
export function NumberField({
  label,
  value,
  onChange,
  readOnly,
  error,
  help,
  unit = '',
  scale = 1,
}: FieldFrame & {
  value: number | string;
  onChange(value: number | string): void;
  readOnly?: boolean;
  unit?: string;
  scale?: number;
}) {
  const id = useId();
  const shown = typeof value === 'number' ? String(value / scale) : value;
  const [text, setText] = useState(shown);
  const [lastShown, setLastShown] = useState(shown);
  if (shown !== lastShown) {
    // The value changed from outside (live update, reset): show it.
    setLastShown(shown);
    if (Number(text) * scale !== value) setText(shown);
  }
  return (
    <Frame label={label} error={error} help={help} id={id}>
      <span className="number-input">
        <input
          {...describedControl(id, help, error, unit)}
          inputMode="decimal"
          value={text}
          readOnly={readOnly}
          onChange={(event) => {
            const raw = event.target.value;
            setText(raw);
            const number = Number(raw);
            onChange(raw.trim() !== '' && Number.isFinite(number) ? Math.round(number * scale) : raw);
          }}
        />
        {unit && (
          <span id={`${id}-unit`} className="unit">
            {unit}
          </span>
        )}
      </span>
    </Frame>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  readOnly,
  error,
  help,
}: FieldFrame & { value: T; options: { value: T; label: string }[]; onChange(value: T): void; readOnly?: boolean }) {
  const id = useId();
  return (
    <Frame label={label} error={error} help={help} id={id}>
      <select
        {...describedControl(id, help, error)}
        value={value}
        disabled={readOnly}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
  readOnly,
  error,
  help,
}: FieldFrame & { checked: boolean; onChange(checked: boolean): void; readOnly?: boolean }) {
  const id = useId();
  return (
    <div className={`field checkbox-field${error ? ' invalid' : ''}`}>
      <span />
      <div className="field-control">
        <label className="checkbox-label">
          <input
            {...describedControl(id, help, error)}
            type="checkbox"
            checked={checked}
            disabled={readOnly}
            onChange={(e) => onChange(e.target.checked)}
          />
          {label}
        </label>
        <FieldNotes id={id} help={help} error={error} />
      </div>
    </div>
  );
}

/** An error for a whole section (dependencies, owners): shown under it, read out. */
export function SectionError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" role="alert">
      {message}
    </p>
  );
}
