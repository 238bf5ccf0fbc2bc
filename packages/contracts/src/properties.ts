import { Type, type Static } from '@sinclair/typebox';
import { maxListItems } from './names.ts';

const restartActions = () => [Type.Literal('DontRestart'), Type.Literal('Restart'), Type.Literal('RestartAndFailover')];
export const RestartAction = Type.Union(restartActions(), {
  description:
    'DontRestart: leave it Failed. Restart: restart on this node up to RestartThreshold, then leave it Failed. ' +
    'RestartAndFailover: restart up to RestartThreshold, then fail the whole group over to another node.',
});
export type RestartAction = Static<typeof RestartAction>;

const Milliseconds = (defaultValue: number, description: string, minimum = 0) =>
  Type.Integer({ minimum, maximum: 7 * 24 * 3600_000, default: defaultValue, description });

/** Common properties every resource has, with the MSCS defaults. */
export const CommonProperties = Type.Object(
  {
    restartAction: Type.Union(restartActions(), {
      default: 'RestartAndFailover',
      description: RestartAction.description,
    }),
    restartThreshold: Type.Integer({
      minimum: 0,
      maximum: 1000,
      default: 3,
      description:
        'Restarts allowed within RestartPeriod before the resource fails (and, with RestartAndFailover, its group fails over)',
    }),
    restartPeriodMs: Milliseconds(900_000, 'Window in which restarts are counted', 1),
    restartDelayMs: Milliseconds(0, 'Wait before restarting a failed resource'),
    pendingTimeoutMs: Milliseconds(180_000, 'Online or Offline must finish within this time or the resource fails', 1),
    looksAlivePollIntervalMs: Milliseconds(5_000, 'Quick health check interval', 10),
    isAlivePollIntervalMs: Milliseconds(60_000, 'Thorough health check interval', 10),
    deadlockTimeoutMs: Milliseconds(
      300_000,
      'A health check or control call that takes longer is a hung resource host',
      10,
    ),
    separateMonitor: Type.Boolean({
      default: false,
      description: "Run this resource in its own resource host process, isolated from the node's others",
    }),
  },
  { additionalProperties: false },
);
export type CommonProperties = Static<typeof CommonProperties>;

/** A partial update of common properties. */
export const CommonPropertiesPatch = Type.Partial(CommonProperties, { additionalProperties: false });
export type CommonPropertiesPatch = Static<typeof CommonPropertiesPatch>;

const autoFailbacks = () => [Type.Literal('Prevent'), Type.Literal('Allow')];
export const AutoFailback = Type.Union(autoFailbacks());
export type AutoFailback = Static<typeof AutoFailback>;

export const FailbackWindow = Type.Object(
  {
    startHour: Type.Integer({
      minimum: 0,
      maximum: 23,
      description: 'First hour (local time) when failback may happen',
    }),
    endHour: Type.Integer({
      minimum: 0,
      maximum: 23,
      description: 'Hour (local time) when the window closes; may wrap past midnight',
    }),
  },
  { additionalProperties: false },
);
export type FailbackWindow = Static<typeof FailbackWindow>;

/** Group failover policy with the MSCS defaults. */
export const GroupPolicy = Type.Object(
  {
    preferredOwners: Type.Array(Type.String(), {
      default: [],
      uniqueItems: true,
      maxItems: maxListItems,
      description: 'Nodes in order of preference',
    }),
    failoverThreshold: Type.Integer({
      minimum: 0,
      maximum: 1000,
      default: 10,
      description: 'Failovers allowed within FailoverPeriod; past it the group stays Failed',
    }),
    failoverPeriodMs: Milliseconds(6 * 3600_000, 'Window in which failovers are counted', 1),
    autoFailback: Type.Union(autoFailbacks(), {
      default: 'Prevent',
      description: 'Move back to the most preferred node when it returns',
    }),
    failbackWindow: Type.Optional(FailbackWindow),
  },
  { additionalProperties: false },
);
export type GroupPolicy = Static<typeof GroupPolicy>;

/** A partial update of a group's policy; `failbackWindow: null` removes the window. */
export const GroupPolicyPatch = Type.Object(
  {
    ...Type.Partial(GroupPolicy).properties,
    failbackWindow: Type.Optional(Type.Union([FailbackWindow, Type.Null()])),
  },
  { additionalProperties: false },
);
export type GroupPolicyPatch = Static<typeof GroupPolicyPatch>;

/** Private properties are the resource type's own; their schema is in its manifest. */
export const PrivateProperties = Type.Record(Type.String(), Type.Unknown());
export type PrivateProperties = Static<typeof PrivateProperties>;
