import { useId, type ReactNode } from 'react';
import { useOptionalPanelHost } from './host.tsx';

/*
 * Form parts with the console's look (classes styled by styles.css, themable with the
 * console's CSS variables) and the wiring a screen reader and a test need: each control
 * labelled, its description and error attached with aria-describedby, aria-invalid set.
 */

/** What a Field hands its control: ids and state to spread on the input. */
export interface FieldControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean;
  disabled: boolean;
}

export interface FieldProps {
  label: string;
  description?: ReactNode;
  error?: string | undefined;
  /** Disable the control; by default controls are disabled for users who may not edit. */
  disabled?: boolean;
  required?: boolean;
  children(control: FieldControlProps): ReactNode;
}

/** A labelled form row: label, control, description, error. */
export function Field({ label, description, error, disabled, required, children }: FieldProps) {
  const id = useId();
  const host = useOptionalPanelHost();
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, descriptionId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'wp-field wp-field--invalid' : 'wp-field'}>
      <label className="wp-field__label" htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <div className="wp-field__control">
        {children({
          id,
          'aria-describedby': describedBy,
          'aria-invalid': Boolean(error),
          disabled: disabled ?? (host ? !host.canEdit : false),
        })}
      </div>
      {error ? (
        <p className="wp-field__error" id={errorId}>
          {error}
        </p>
      ) : null}
      {description ? (
        <p className="wp-field__description" id={descriptionId}>
          {description}
        </p>
      ) : null}
    </div>
  );
}

interface CommonFieldProps {
  label: string;
  description?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
  required?: boolean;
  name?: string;
}

export interface TextFieldProps extends CommonFieldProps {
  value: string | undefined;
  onChange(value: string): void;
  placeholder?: string;
  maxLength?: number;
  /** Several lines (a textarea). */
  multiline?: boolean;
}

/**
 * What a TextField shows for a property's value (form values are `unknown`): a string as
 * it is, nothing for a missing value, any other value as text.
 */
export const textFieldValue = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);

/** A text box. */
export function TextField({ value, onChange, placeholder, maxLength, multiline, name, ...field }: TextFieldProps) {
  return (
    <Field {...field}>
      {(control) =>
        multiline ? (
          <textarea
            className="wp-input"
            name={name}
            {...control}
            value={value ?? ''}
            placeholder={placeholder}
            onChange={(event) => onChange(event.target.value)}
            rows={4}
          />
        ) : (
          <input
            className="wp-input"
            type="text"
            name={name}
            {...control}
            value={value ?? ''}
            placeholder={placeholder}
            maxLength={maxLength}
            onChange={(event) => onChange(event.target.value)}
          />
        )
      }
    </Field>
  );
}

export interface NumberFieldProps extends CommonFieldProps {
  /** A number, or the raw text of an entry that is not one yet. */
  value: number | string | undefined;
  /** Receives a number, or the raw text when it is not a number (so the form can say so), or `emptyValue` when cleared. */
  onChange(value: number | string | undefined): void;
  min?: number;
  max?: number;
  step?: number | 'any';
  /** What a cleared box means: '' (an error for a required number, the default) or undefined (unset). */
  emptyValue?: '' | undefined;
}

/** What a NumberField shows for a property's value: a number, or the text being typed; nothing otherwise. */
export const numberFieldValue = (value: unknown): number | string | undefined =>
  typeof value === 'number' || typeof value === 'string' ? value : undefined;

/** A number box with bounds (a spinbutton); the bounds are also said in its description. */
export function NumberField({
  value,
  onChange,
  min,
  max,
  step = 1,
  emptyValue = '',
  name,
  description,
  ...field
}: NumberFieldProps) {
  const bounds =
    min !== undefined && max !== undefined
      ? `${min}–${max}`
      : min !== undefined
        ? `at least ${min}`
        : max !== undefined
          ? `at most ${max}`
          : undefined;
  const said =
    description && bounds ? (
      <>
        {description} ({bounds})
      </>
    ) : (
      (description ?? bounds)
    );
  return (
    <Field {...field} description={said}>
      {(control) => (
        <input
          className="wp-input wp-input--number"
          type="number"
          inputMode="numeric"
          name={name}
          {...control}
          min={min}
          max={max}
          step={step}
          value={value ?? ''}
          onChange={(event) => {
            const text = event.target.value;
            if (text === '') onChange(emptyValue);
            else
              onChange(
                Number.isFinite(event.target.valueAsNumber)
                  ? event.target.valueAsNumber
                  : Number.isFinite(Number(text))
                    ? Number(text)
                    : text,
              );
          }}
        />
      )}
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label?: string;
}

export interface SelectProps extends CommonFieldProps {
  value: string | undefined;
  options: ReadonlyArray<string | SelectOption>;
  onChange(value: string): void;
}

/** A drop-down list (combobox). */
export function Select({ value, options, onChange, name, ...field }: SelectProps) {
  return (
    <Field {...field}>
      {(control) => (
        <select
          className="wp-input"
          name={name}
          {...control}
          value={value ?? ''}
          onChange={(event) => onChange(event.target.value)}
        >
          {value === undefined || value === '' ? <option value="">(choose)</option> : null}
          {options.map((option) => {
            const { value: optionValue, label } =
              typeof option === 'string' ? { value: option, label: option } : option;
            return (
              <option key={optionValue} value={optionValue}>
                {label ?? optionValue}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}

export interface CheckboxProps extends CommonFieldProps {
  checked: boolean;
  onChange(checked: boolean): void;
}

/** A check box for a true/false property. */
export function Checkbox({ checked, onChange, name, ...field }: CheckboxProps) {
  return (
    <Field {...field}>
      {(control) => (
        <input
          className="wp-checkbox"
          type="checkbox"
          name={name}
          {...control}
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
        />
      )}
    </Field>
  );
}
