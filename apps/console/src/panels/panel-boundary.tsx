import { Component, type ErrorInfo, type ReactNode } from 'react';

/*
 * Each panel part is mounted inside its own error boundary: a panel that throws while
 * rendering shows a placeholder with its error, and the rest of the console keeps working.
 */

export interface PanelPlaceholderProps {
  typeName: string;
  /** What could not be shown, e.g. "Parameters tab" or `wizard page "Greeting"`. */
  part: string;
  message: string;
  onRetry?: () => void;
  /** Offered when the console can show something else instead (the generated form). */
  fallback?: { label: string; onSelect: () => void };
}

/** The visible placeholder of a panel that failed: what, which type, and the error. */
export function PanelPlaceholder({ typeName, part, message, onRetry, fallback }: PanelPlaceholderProps) {
  return (
    <div className="wp-panel-placeholder" role="alert" aria-label={`${typeName} panel error`}>
      <p className="wp-panel-placeholder__title">{`The ${part} of resource type "${typeName}" cannot be shown.`}</p>
      <p className="wp-panel-placeholder__detail">{message}</p>
      <div>
        {onRetry ? (
          <button type="button" className="wp-button" onClick={onRetry}>
            Try again
          </button>
        ) : null}{' '}
        {fallback ? (
          <button type="button" className="wp-button" onClick={fallback.onSelect}>
            {fallback.label}
          </button>
        ) : null}
      </div>
    </div>
  );
}

export interface PanelBoundaryProps {
  typeName: string;
  part: string;
  /** When this changes (e.g. a new panel URL), a caught error is forgotten and the panel mounts again. */
  resetKey?: string;
  fallback?: PanelPlaceholderProps['fallback'];
  children?: ReactNode;
}

interface PanelBoundaryState {
  error: Error | undefined;
  resetKey: string | undefined;
}

/** An error boundary around one panel part, with the placeholder and a Try again that remounts it. */
export class PanelBoundary extends Component<PanelBoundaryProps, PanelBoundaryState> {
  override state: PanelBoundaryState = { error: undefined, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<PanelBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(
    props: PanelBoundaryProps,
    state: PanelBoundaryState,
  ): Partial<PanelBoundaryState> | null {
    return props.resetKey !== state.resetKey ? { error: undefined, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(
      `[panels] the ${this.props.part} of resource type "${this.props.typeName}" threw:`,
      error,
      info.componentStack,
    );
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <PanelPlaceholder
        typeName={this.props.typeName}
        part={this.props.part}
        message={error.message || String(error)}
        onRetry={() => this.setState({ error: undefined })}
        fallback={this.props.fallback}
      />
    );
  }
}
