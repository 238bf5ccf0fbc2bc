import {
  PanelForm,
  Section,
  StatusText,
  TextField,
  definePanel,
  useParametersForm,
  useResource,
} from '@wolfpack/admin-sdk';

/* The Network Name panel: the DNS name clients use for the group. */

function Parameters() {
  const form = useParametersForm();
  const resource = useResource();
  const name = typeof form.values.Name === 'string' ? form.values.Name : '';
  const description = form.fields.find((field) => field.name === 'Name')?.schema.description;
  return (
    <PanelForm form={form} label="Network Name parameters">
      <Section title="Name">
        <TextField
          label="Name"
          name="Name"
          required
          maxLength={253}
          placeholder="chat.ins-clus.test"
          value={name}
          error={form.error('Name')}
          description={description}
          onChange={(value) => form.setValue('Name', value)}
        />
        <StatusText>
          {resource.state === 'Online' && resource.ownerNode
            ? `${name} is answered by the cluster's DNS responder while ${resource.ownerNode} owns the group.`
            : `${name || 'The name'} is answered only while this resource is Online (it is ${resource.state}).`}
        </StatusText>
      </Section>
    </PanelForm>
  );
}

export default definePanel({ Parameters });
