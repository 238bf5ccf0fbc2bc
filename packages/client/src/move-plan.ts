import type { MovePlan } from '@wolfpack/contracts';

/** One step of a plan as a person reads it: what goes offline or online where, together. */
export interface PlanStage {
  action: 'offline' | 'online';
  node: string;
  wave: number;
  resources: string[];
  /** "Take offline on OSDB_SERV" / "Bring online on OSDB_BACK". */
  title: string;
}

/**
 * A move plan in stages: steps of the same action, node and wave run together; offline
 * stages (dependents first) come before online stages (providers first), as the engine
 * orders them.
 */
export function planStages(plan: MovePlan): PlanStage[] {
  const stages = new Map<string, PlanStage>();
  for (const step of plan.steps) {
    const key = `${step.action}|${step.node}|${step.wave}`;
    let stage = stages.get(key);
    if (!stage) {
      stage = {
        action: step.action,
        node: step.node,
        wave: step.wave,
        resources: [],
        title: step.action === 'offline' ? `Take offline on ${step.node}` : `Bring online on ${step.node}`,
      };
      stages.set(key, stage);
    }
    stage.resources.push(step.resource);
  }
  const rank = (stage: PlanStage) => (stage.action === 'offline' ? 0 : 1);
  return [...stages.values()].sort((a, b) => rank(a) - rank(b) || a.wave - b.wave);
}

/** The plan's one-line summary. */
export function planSummary(plan: MovePlan): string {
  const offline = plan.steps.filter((step) => step.action === 'offline').length;
  const online = plan.steps.filter((step) => step.action === 'online').length;
  const from = plan.fromNode ? ` from ${plan.fromNode}` : '';
  if (plan.steps.length === 0)
    return `${plan.group} would be placed on ${plan.toNode}${from}; no resource changes state.`;
  return `${plan.group} moves${from} to ${plan.toNode}: ${offline} resource${offline === 1 ? '' : 's'} go offline, ${online} come online.`;
}
