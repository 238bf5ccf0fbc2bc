import {
  PanelForm,
  Section,
  StatusText,
  TextField,
  definePanel,
  useParametersForm,
  useResource,
} from '@wolfpack/admin-sdk';

/* The Disk panel: the folder that stands for the group's shared disk. */

function Parameters() {
  const form = useParametersForm();
  const resource = useResource();
  const description = form.fields.find((field) => field.name === 'Path')?.schema.description;
  return (
    <PanelForm form={form} label="Disk parameters">
      <Section title="Shared disk">
        <TextField
          label="Path"
          name="Path"
          required
          maxLength={4096}
          placeholder="/var/lib/wolfpack/disks/socket-group"
          value={typeof form.values.Path === 'string' ? form.values.Path : ''}
          error={form.error('Path')}
          description={description}
          onChange={(value) => form.setValue('Path', value)}
        />
        <StatusText>
          {resource.state === 'Online' && resource.ownerNode
            ? `Reserved by ${resource.ownerNode}; a node holding an older placement epoch is refused.`
            : `Not reserved while ${resource.state}.`}
        </StatusText>
      </Section>
    </PanelForm>
  );
}

export default definePanel({ Parameters });
