import { useState } from 'react';
import { errorMessage } from '@wolfpack/client';
import { client } from '../api/index.ts';
import { useNotify } from '../app/notifications.tsx';
import { useCluster } from '../live/hooks.ts';
import { errorAt, fieldErrorsByPath } from '../properties/field-errors.ts';
import { SectionError, TextField } from '../properties/fields.tsx';
import { PreferredOwnerList } from '../properties/preferred-owners.tsx';
import { Wizard } from './wizard.tsx';

/** New Group: name and description, then preferred owners in order. The group starts empty and Offline. */
export function NewGroupWizard({ onClose, onCreated }: { onClose(): void; onCreated(name: string): void }) {
  const cluster = useCluster().data;
  const notify = useNotify();
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [preferred, setPreferred] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [finishing, setFinishing] = useState(false);
  const nodes = cluster ? [...cluster.nodes.keys()].sort() : [];

  const finish = async () => {
    setFinishing(true);
    try {
      await client.groups.create({
        name: name.trim(),
        ...(description ? { description } : {}),
        ...(preferred.length ? { policy: { preferredOwners: preferred } } : {}),
      });
      notify({ tone: 'info', title: `Group ${name.trim()} created` });
      onCreated(name.trim());
    } catch (error) {
      const fields = fieldErrorsByPath(error);
      setErrors(fields);
      setMessage(errorMessage(error));
      if (Object.keys(fields).some((path) => path.includes('preferredOwners'))) setStep(1);
      else setStep(0);
      setFinishing(false);
    }
  };

  return (
    <Wizard
      title="New Group"
      current={step}
      onStep={setStep}
      onFinish={finish}
      onClose={onClose}
      finishing={finishing}
      message={message}
      steps={[
        {
          id: 'name',
          title: 'Name and description',
          check: () =>
            name.trim() === ''
              ? 'Give the group a name.'
              : cluster?.groups.has(name.trim())
                ? `A group named ${name.trim()} already exists.`
                : undefined,
          content: (
            <div className="form">
              <TextField
                label="Name"
                value={name}
                onChange={setName}
                error={errorAt(errors, 'name')}
                help="Letters, digits, spaces, _ . or -"
              />
              <TextField
                label="Description"
                value={description}
                onChange={setDescription}
                error={errorAt(errors, 'description')}
              />
            </div>
          ),
        },
        {
          id: 'owners',
          title: 'Preferred owners',
          content: (
            <div className="form">
              <p className="hint">
                Nodes the group should run on, most preferred first. Leave empty for no preference.
              </p>
              <PreferredOwnerList owners={preferred} onChange={setPreferred} />
              <div className="owner-choices" role="group" aria-label="Available nodes">
                {nodes
                  .filter((node) => !preferred.includes(node))
                  .map((node) => (
                    <button key={node} type="button" onClick={() => setPreferred([...preferred, node])}>
                      Add {node}
                    </button>
                  ))}
              </div>
              <SectionError message={errorAt(errors, 'policy.preferredOwners', 'preferredOwners')} />
            </div>
          ),
        },
      ]}
    />
  );
}
