import { useEffect, useId, useState, type ReactNode } from 'react';
import { Button } from './parts.tsx';

/** An object map (e.g. environment variables) as rows of name and value. */
export function NameValueList(props: {
  label: string;
  name: string;
  description?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
  value: Record<string, unknown>;
  onChange(value: unknown): void;
}) {
  const { label, description, error, value, onChange } = props;
  const id = useId();
  const [rows, setRows] = useState(() => Object.entries(value).map(([key, item]) => ({ key, value: String(item) })));
  // Follow the incoming value (a live change) unless it is what the rows already say.
  useEffect(() => {
    const fromRows = Object.fromEntries(rows.filter((row) => row.key !== '').map((row) => [row.key, row.value]));
    if (JSON.stringify(fromRows) !== JSON.stringify(value))
      setRows(Object.entries(value).map(([key, item]) => ({ key, value: String(item) })));
  }, [JSON.stringify(value)]);
  const update = (next: Array<{ key: string; value: string }>) => {
    setRows(next);
    onChange(Object.fromEntries(next.filter((row) => row.key !== '').map((row) => [row.key, row.value])));
  };
  const disabled = props.disabled;
  return (
    <fieldset
      className={error ? 'wp-field wp-field--invalid' : 'wp-field'}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="wp-field__label">{label}</legend>
      {rows.map((row, index) => (
        // A row is a position: keyed by its name, the input being typed in would remount at each key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div className="wp-name-value" key={index}>
          <input
            className="wp-input"
            aria-label={`${label} name ${index + 1}`}
            value={row.key}
            disabled={disabled}
            onChange={(event) =>
              update(rows.map((other, at) => (at === index ? { ...other, key: event.target.value } : other)))
            }
          />
          <input
            className="wp-input"
            aria-label={`${label} value ${index + 1}`}
            value={row.value}
            disabled={disabled}
            onChange={(event) =>
              update(rows.map((other, at) => (at === index ? { ...other, value: event.target.value } : other)))
            }
          />
          <Button
            disabled={disabled}
            aria-label={`Remove ${label} ${row.key || index + 1}`}
            onClick={() => update(rows.filter((_, at) => at !== index))}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button disabled={disabled} onClick={() => update([...rows, { key: '', value: '' }])}>
        Add {label}
      </Button>
      {error ? (
        <p className="wp-field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {description ? <p className="wp-field__description">{description}</p> : null}
    </fieldset>
  );
}
