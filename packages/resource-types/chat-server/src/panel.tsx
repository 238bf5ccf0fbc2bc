import {
  Button,
  DataTable,
  ErrorText,
  NumberField,
  PanelForm,
  Section,
  StatusText,
  TextField,
  definePanel,
  numberFieldValue,
  textFieldValue,
  useControlResult,
  useParametersForm,
  useResource,
  type PanelCommand,
  type ParametersForm,
  type WizardPageProps,
} from '@wolfpack/admin-sdk';

/*
 * The Chat Server's console panel — the paper's Cluster Administrator extension DLL:
 * MaxUser (1..10) checked as it is typed, the listening address and share, the per-user
 * limits (idle timeout, line rate, history size), and the users connected right now,
 * read with the type's `connected-users` control code.
 */

/** One row of the `connected-users` control's answer. */
interface ConnectedUser {
  address: string;
  port: number;
  connectedSince: string;
}

const usersRefreshMs = 2_000;

const describe = (form: ParametersForm, name: string) =>
  form.fields.find((field) => field.name === name)?.schema.description;

/** The manifest's bounds, so a value out of range is flagged as it is typed. */
const limitFields = [
  { name: 'IdleTimeout', min: 1, max: 86_400 },
  { name: 'LineRate', min: 1, max: 10_000 },
  { name: 'LineBurst', min: 1, max: 10_000 },
  { name: 'HistoryMaxBytes', min: 65_536, max: 1_073_741_824 },
] as const;

function Parameters() {
  const form = useParametersForm();
  const { values } = form;
  return (
    <div className="wp-form">
      <PanelForm form={form} label="Chat Server parameters">
        <Section title="Chat">
          <NumberField
            label="MaxUser"
            name="MaxUser"
            min={1}
            max={10}
            value={numberFieldValue(values.MaxUser)}
            error={form.error('MaxUser')}
            description={describe(form, 'MaxUser')}
            onChange={(value) => form.setValue('MaxUser', value)}
          />
          <NumberField
            label="Port"
            name="Port"
            min={1}
            max={65535}
            value={numberFieldValue(values.Port)}
            error={form.error('Port')}
            description={describe(form, 'Port')}
            onChange={(value) => form.setValue('Port', value)}
          />
          <TextField
            label="ShareName"
            name="ShareName"
            maxLength={63}
            value={textFieldValue(values.ShareName)}
            error={form.error('ShareName')}
            description={describe(form, 'ShareName')}
            onChange={(value) => form.setValue('ShareName', value)}
          />
        </Section>
        <Section title="Network">
          <TextField
            label="IPAddress"
            name="IPAddress"
            placeholder="From the IP Address resource"
            value={textFieldValue(values.IPAddress)}
            error={form.error('IPAddress')}
            description={describe(form, 'IPAddress')}
            onChange={(value) => form.setValue('IPAddress', value)}
          />
          <TextField
            label="NetName"
            name="NetName"
            placeholder="From the Network Name resource"
            value={textFieldValue(values.NetName)}
            error={form.error('NetName')}
            description={describe(form, 'NetName')}
            onChange={(value) => form.setValue('NetName', value)}
          />
        </Section>
        <Section title="Limits" description="What one chat user may cost the server; applied without a restart.">
          {limitFields.map(({ name, min, max }) => (
            <NumberField
              key={name}
              label={name}
              name={name}
              min={min}
              max={max}
              value={numberFieldValue(values[name])}
              error={form.error(name)}
              description={describe(form, name)}
              onChange={(value) => form.setValue(name, value)}
            />
          ))}
        </Section>
      </PanelForm>
      <ConnectedUsers />
    </div>
  );
}

const since = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
};

/** The users connected now, refreshed every two seconds while the tab is open and the server Online. */
function ConnectedUsers() {
  const resource = useResource();
  const online = resource.state === 'Online';
  const users = useControlResult<ConnectedUser[]>('connected-users', { refreshMs: usersRefreshMs, enabled: online });
  const rows = online && Array.isArray(users.result) ? users.result : [];
  return (
    <Section
      title="Connected users"
      description={online && resource.ownerNode ? `Clients of the chat server on ${resource.ownerNode}.` : undefined}
      actions={
        <Button onClick={users.refresh} disabled={!online}>
          Refresh
        </Button>
      }
    >
      {online ? null : <StatusText>The chat server is {resource.state}: nobody can be connected.</StatusText>}
      {online && users.error ? <ErrorText>Cannot list the connected users: {users.error}</ErrorText> : null}
      <DataTable
        label="Connected users"
        columns={[
          { key: 'address', header: 'Address' },
          { key: 'port', header: 'Port' },
          {
            key: 'connectedSince',
            header: 'Connected since',
            render: (user: ConnectedUser) => since(user.connectedSince),
          },
        ]}
        rows={rows}
        rowKey={(user) => `${user.address}:${user.port}`}
        empty={online && users.result === undefined ? 'Loading…' : 'No users connected'}
      />
      {online && users.updatedAt ? (
        <StatusText>{`${rows.length} connected, as of ${users.updatedAt.toLocaleTimeString()}`}</StatusText>
      ) : null}
    </Section>
  );
}

/** New Resource wizard: the chat settings, with the same checks as the Parameters tab. */
function ChatWizardPage({ values, setValue, error }: WizardPageProps) {
  return (
    <>
      <NumberField
        label="MaxUser"
        name="MaxUser"
        min={1}
        max={10}
        value={numberFieldValue(values.MaxUser)}
        error={error('MaxUser')}
        onChange={(value) => setValue('MaxUser', value)}
      />
      <NumberField
        label="Port"
        name="Port"
        min={1}
        max={65535}
        value={numberFieldValue(values.Port)}
        error={error('Port')}
        onChange={(value) => setValue('Port', value)}
      />
      <TextField
        label="ShareName"
        name="ShareName"
        value={textFieldValue(values.ShareName)}
        error={error('ShareName')}
        onChange={(value) => setValue('ShareName', value)}
      />
    </>
  );
}

const showConnectedUsers: PanelCommand = {
  id: 'show-connected-users',
  label: 'Show connected users',
  readOnly: true,
  enabled: (resource) => resource.state === 'Online',
  async run({ control, resource }) {
    const users = (await control('connected-users')) as ConnectedUser[];
    if (users.length === 0) return `No users are connected to ${resource.name}.`;
    return `${users.length} connected to ${resource.name}: ${users.map((user) => `${user.address}:${user.port}`).join(', ')}`;
  },
};

export default definePanel({
  Parameters,
  wizardPages: [{ id: 'chat', title: 'Chat Server', Component: ChatWizardPage }],
  commands: [showConnectedUsers],
});
