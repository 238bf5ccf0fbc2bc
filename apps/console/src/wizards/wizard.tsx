import { useState, type ReactNode } from 'react';
import { Dialog } from '../app/dialog.tsx';

export interface WizardStep {
  id: string;
  title: string;
  content: ReactNode;
  /** Checks before Next; a message stops the person here (shown on the page). */
  check?(): string | undefined;
}

interface WizardProps {
  title: string;
  steps: WizardStep[];
  /** The step to show (the wizard moves there itself; a refusal on Finish may send it back). */
  current: number;
  onStep(index: number): void;
  onFinish(): Promise<void>;
  onClose(): void;
  finishing: boolean;
  /** The server's reason for refusing Finish, shown on the page it concerns. */
  message?: string | undefined;
}

/**
 * A wizard as Cluster Administrator's: steps listed on the left, Back / Next / Finish /
 * Cancel; Next checks the page first, Finish sends it all.
 */
export function Wizard({ title, steps, current, onStep, onFinish, onClose, finishing, message }: WizardProps) {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const step = steps[Math.min(current, steps.length - 1)];
  const last = current >= steps.length - 1;
  const next = () => {
    const issue = step?.check?.();
    setProblem(issue);
    if (!issue) onStep(current + 1);
  };
  const finish = async () => {
    const issue = step?.check?.();
    setProblem(issue);
    if (!issue) await onFinish();
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={finishing}
      className="wizard"
      footer={
        <>
          <button
            type="button"
            disabled={current === 0 || finishing}
            onClick={() => {
              setProblem(undefined);
              onStep(current - 1);
            }}
          >
            Back
          </button>
          {last ? (
            <button type="button" className="primary" disabled={finishing} onClick={() => void finish()}>
              {finishing ? 'Creating…' : 'Finish'}
            </button>
          ) : (
            <button type="button" className="primary" onClick={next}>
              Next
            </button>
          )}
          <button type="button" disabled={finishing} onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <div className="wizard-layout">
        <ol className="wizard-steps" aria-label="Steps">
          {steps.map((s, index) => (
            <li
              key={s.id}
              aria-current={index === current ? 'step' : undefined}
              className={index === current ? 'current' : index < current ? 'done' : ''}
            >
              {s.title}
            </li>
          ))}
        </ol>
        <section className="wizard-page">
          <h3>{step?.title}</h3>
          {steps.map((s, index) => (
            <div key={s.id} hidden={index !== current}>
              {s.content}
            </div>
          ))}
          {(problem ?? message) && (
            <p className="form-error" role="alert">
              {problem ?? message}
            </p>
          )}
        </section>
      </div>
    </Dialog>
  );
}
