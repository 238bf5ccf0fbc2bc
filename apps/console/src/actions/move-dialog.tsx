import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, planStages, planSummary } from '@wolfpack/client';
import type { MovePlanReply } from '@wolfpack/contracts';
import { client } from '../api/index.ts';
import { Dialog } from '../app/dialog.tsx';
import { useCluster } from '../live/hooks.ts';
import { queryKeys } from '../live/query-keys.ts';
import { DependencyGraph } from '../properties/dependency-graph.tsx';
import { useConfirmedCommand } from './commands-context.ts';
import { nodeRefusal } from './node-refusal.ts';

const best = '';

/** What the engine's policy would do for the move, changing nothing: a dry run answers the plan (200), never a MoveAccepted. */
async function planMove(group: string, node: string | undefined): Promise<MovePlanReply> {
  const reply = await client.groups.move(group, node ? { node, dryRun: true } : { dryRun: true });
  if (!('plan' in reply)) throw new Error(`The server answered the dry run of moving ${group} without a plan`);
  return reply;
}

/**
 * Move Group, with "what happens if" first: the engine's own plan for the move (a dry
 * run, nothing changes) — which resources go offline where and which come online where,
 * in order — before the person confirms.
 */
export function MoveDialog({ group, node, onClose }: { group: string; node?: string; onClose(): void }) {
  const [target, setTarget] = useState(node ?? best);
  const { sending, refusal, confirm: send } = useConfirmedCommand(onClose);
  const cluster = useCluster().data;
  const view = cluster?.groups.get(group);
  const nodes = cluster ? [...cluster.nodes.keys()].sort() : [];
  const plan = useQuery({
    queryKey: queryKeys.movePlan(group, target || undefined),
    queryFn: () => planMove(group, target || undefined),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const resources = cluster ? [...cluster.resources.values()].filter((resource) => resource.group === group) : [];
  const stages = plan.data ? planStages(plan.data.plan) : [];

  const confirm = () =>
    send({ command: 'move-group', target: { kind: 'group', name: group }, ...(target ? { node: target } : {}) });

  return (
    <Dialog
      title={`Move Group ${group}`}
      onClose={onClose}
      busy={sending}
      className="move-dialog"
      footer={
        <>
          <button
            type="button"
            className="primary"
            onClick={confirm}
            disabled={sending || plan.isError || plan.isPending}
          >
            {sending ? 'Moving…' : 'Move'}
          </button>
          <button type="button" onClick={onClose} disabled={sending}>
            Cancel
          </button>
        </>
      }
    >
      <p>
        {group} is {view?.state ?? 'unknown'}
        {view?.ownerNode ? ` on ${view.ownerNode}` : ''}.
      </p>
      <label className="field-row">
        Move to
        <select value={target} onChange={(event) => setTarget(event.target.value)} data-autofocus>
          {nodes.map((name) => {
            const reason = cluster ? nodeRefusal(cluster, group, name) : undefined;
            return (
              <option key={name} value={name} disabled={name === view?.ownerNode}>
                {name}
                {name === view?.ownerNode ? ' (current owner)' : reason ? ` (${reason.replace(`${name} `, '')})` : ''}
              </option>
            );
          })}
          <option value={best}>Best possible node</option>
        </select>
      </label>
      <section aria-label="What happens if" className="what-happens">
        <h3>What happens if you move it</h3>
        {plan.isPending && <p role="status">Asking the failover policy…</p>}
        {plan.isError && (
          <p className="form-error" role="alert">
            {errorMessage(plan.error)}
          </p>
        )}
        {plan.data && (
          <>
            <p>{planSummary(plan.data.plan)}</p>
            <ol className="plan-steps" aria-label="Plan steps">
              {stages.map((stage) => (
                <li key={`${stage.action}-${stage.node}-${stage.wave}`} className={`plan-${stage.action}`}>
                  <strong>{stage.title}</strong>
                  {stage.resources.length > 1 ? ' (together)' : ''}: {stage.resources.join(', ')}
                </li>
              ))}
            </ol>
          </>
        )}
        {resources.length > 0 && <DependencyGraph resources={resources} title={`Dependencies in ${group}`} />}
      </section>
      {refusal && (
        <p className="form-error" role="alert">
          {refusal}
        </p>
      )}
    </Dialog>
  );
}
