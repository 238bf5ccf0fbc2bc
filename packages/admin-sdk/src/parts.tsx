import { useId, type ButtonHTMLAttributes, type ReactNode } from 'react';

/* Layout and display parts with the console's look: sections, messages, tables, buttons. */

/** A message that interrupts (an error a person must read): role alert. Renders nothing when empty. */
export function ErrorText({ children }: { children?: ReactNode }) {
  if (children === undefined || children === null || children === false || children === '') return null;
  return (
    <p className="wp-error" role="alert">
      {children}
    </p>
  );
}

/** A quiet status line (loading, last refreshed): role status. */
export function StatusText({ children }: { children?: ReactNode }) {
  return (
    <p className="wp-status" role="status">
      {children}
    </p>
  );
}

export interface SectionProps {
  title: string;
  description?: ReactNode;
  /** Shown at the right of the title (e.g. a Refresh button). */
  actions?: ReactNode;
  children?: ReactNode;
}

/** A titled part of a panel: a region named by its title. */
export function Section({ title, description, actions, children }: SectionProps) {
  const id = useId();
  return (
    <section className="wp-section" aria-labelledby={id}>
      <div className="wp-section__header">
        <h3 className="wp-section__title" id={id}>
          {title}
        </h3>
        {actions ? <div className="wp-section__actions">{actions}</div> : null}
      </div>
      {description ? <p className="wp-section__description">{description}</p> : null}
      {children}
    </section>
  );
}

export interface DataColumn<Row> {
  /** Column id; also the row field shown when there is no render. */
  key: string;
  header: string;
  render?(row: Row): ReactNode;
}

export interface DataTableProps<Row> {
  /** The table's accessible name (its caption). */
  label: string;
  columns: ReadonlyArray<DataColumn<Row>>;
  rows: ReadonlyArray<Row>;
  rowKey(row: Row, index: number): string;
  /** Said in a single row when there are no rows. */
  empty?: ReactNode;
  /** Show the caption visibly (default: it names the table for screen readers only). */
  showCaption?: boolean;
}

/** A read-only table: table, rows, column headers and cells, with a caption naming it. */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  empty = 'None',
  showCaption = false,
}: DataTableProps<Row>) {
  return (
    <table className="wp-table">
      <caption className={showCaption ? 'wp-table__caption' : 'wp-visually-hidden'}>{label}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td className="wp-table__empty" colSpan={columns.length}>
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((column) => (
                <td key={column.key}>
                  {column.render ? column.render(row) : String((row as Record<string, unknown>)[column.key] ?? '')}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** A button with the console's look; `variant="primary"` for the main action. */
export function Button({
  variant = 'default',
  className,
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'default' | 'primary' }) {
  return (
    <button
      type={type}
      className={['wp-button', variant === 'primary' ? 'wp-button--primary' : '', className ?? ''].join(' ').trim()}
      {...props}
    />
  );
}
