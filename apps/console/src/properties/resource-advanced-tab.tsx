import {
  CommonProperties as CommonPropertiesSchema,
  type CommonProperties,
  type RestartAction,
} from '@wolfpack/contracts';
import type { ResourceView } from '@wolfpack/contracts';
import { errorAt } from './field-errors.ts';
import { CheckboxField, NumberField, SelectField } from './fields.tsx';
import type { ResourceEdits } from './drafts.ts';

interface Props {
  view: ResourceView;
  edits: ResourceEdits;
  readOnly: boolean;
  errors: Record<string, string>;
  onEdit(edits: ResourceEdits): void;
}

type NumberKey = Exclude<keyof CommonProperties, 'restartAction' | 'separateMonitor'>;

/** Each number with the label and unit Cluster Administrator used; help from the contract's schema (the server checks the bounds). */
const numberFields: { key: NumberKey; label: string; unit: string; scale: number }[] = [
  { key: 'restartThreshold', label: 'Restart threshold', unit: 'restarts', scale: 1 },
  { key: 'restartPeriodMs', label: 'Restart period', unit: 'seconds', scale: 1000 },
  { key: 'restartDelayMs', label: 'Restart delay', unit: 'seconds', scale: 1000 },
  { key: 'pendingTimeoutMs', label: 'Pending timeout', unit: 'seconds', scale: 1000 },
  { key: 'looksAlivePollIntervalMs', label: '"Looks Alive" poll interval', unit: 'ms', scale: 1 },
  { key: 'isAlivePollIntervalMs', label: '"Is Alive" poll interval', unit: 'ms', scale: 1 },
  { key: 'deadlockTimeoutMs', label: 'Deadlock timeout', unit: 'seconds', scale: 1000 },
];

const restartOptions: { value: RestartAction; label: string }[] = [
  { value: 'DontRestart', label: 'Do not restart' },
  { value: 'Restart', label: 'Restart, but do not affect the group' },
  { value: 'RestartAndFailover', label: 'Restart, and fail over the group past the threshold' },
];

const schemaOf = (key: keyof CommonProperties) => CommonPropertiesSchema.properties[key] as { description?: string };

/** Advanced: the restart policy, thresholds, periods, poll intervals and pending timeout. */
export function ResourceAdvancedTab({ view, edits, readOnly, errors, onEdit }: Props) {
  const value = <K extends keyof CommonProperties>(key: K) =>
    (edits.common?.[key] ?? view.commonProperties[key]) as CommonProperties[K] | string;
  const set = (key: keyof CommonProperties, next: unknown) =>
    onEdit({ ...edits, common: { ...edits.common, [key]: next } });
  const error = (key: string) => errorAt(errors, `common.${key}`, key);
  return (
    <div className="form">
      <SelectField
        label="Restart action"
        value={value('restartAction') as RestartAction}
        options={restartOptions}
        readOnly={readOnly}
        help={schemaOf('restartAction').description}
        error={error('restartAction')}
        onChange={(next) => set('restartAction', next)}
      />
      {numberFields.map((field) => {
        const schema = schemaOf(field.key);
        return (
          <NumberField
            key={field.key}
            label={field.label}
            unit={field.unit}
            scale={field.scale}
            value={value(field.key) as number | string}
            readOnly={readOnly}
            help={schema.description}
            error={error(field.key)}
            onChange={(next) => set(field.key, next)}
          />
        );
      })}
      <CheckboxField
        label="Run this resource in a separate resource host"
        checked={value('separateMonitor') === true}
        readOnly={readOnly}
        help={schemaOf('separateMonitor').description}
        error={error('separateMonitor')}
        onChange={(next) => set('separateMonitor', next)}
      />
    </div>
  );
}
