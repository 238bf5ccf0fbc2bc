import { Dialog } from '../app/dialog.tsx';
import { useCluster } from '../live/hooks.ts';
import { useConfirmedCommand } from './commands-context.ts';

/** Delete, confirmed first, as Cluster Administrator asks. */
export function DeleteDialog({
  target,
  onClose,
}: {
  target: { kind: 'group' | 'resource'; name: string };
  onClose(): void;
}) {
  const { sending, refusal, confirm: send } = useConfirmedCommand(onClose);
  const cluster = useCluster().data;
  const members =
    target.kind === 'group'
      ? [...(cluster?.resources.values() ?? [])].filter((r) => r.group === target.name).length
      : 0;
  const dependents =
    target.kind === 'resource'
      ? [...(cluster?.resources.values() ?? [])].filter((r) => r.dependencies.includes(target.name)).map((r) => r.name)
      : [];
  const confirm = () => send({ command: 'delete', target });
  return (
    <Dialog
      title={`Delete ${target.kind === 'group' ? 'Group' : 'Resource'}`}
      onClose={onClose}
      busy={sending}
      footer={
        <>
          <button type="button" className="danger" onClick={confirm} disabled={sending} data-autofocus>
            {sending ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" onClick={onClose} disabled={sending}>
            Cancel
          </button>
        </>
      }
    >
      <p>
        Are you sure you want to delete the {target.kind} {target.name}?
      </p>
      {members > 0 && (
        <p className="hint">
          It holds {members} resource{members === 1 ? '' : 's'}.
        </p>
      )}
      {dependents.length > 0 && (
        <p className="hint">
          {dependents.join(', ')} depend{dependents.length === 1 ? 's' : ''} on it.
        </p>
      )}
      {refusal && (
        <p className="form-error" role="alert">
          {refusal}
        </p>
      )}
    </Dialog>
  );
}
