import {
  Button,
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
  type WizardPageProps,
} from '@wolfpack/admin-sdk';

/*
 * The Greeting Server's console panel, built outside the console with the admin SDK's
 * preset and registered at run time: a Parameters tab, a New Resource wizard page and a
 * context-menu command.
 */

function Parameters() {
  const form = useParametersForm({
    validate: (values) =>
      textFieldValue(values.Greeting).includes('\n')
        ? [{ path: 'Greeting', message: 'Greeting must be one line (no line breaks)' }]
        : [],
  });
  return (
    <div className="wp-form">
      <PanelForm form={form} label="Greeting Server parameters">
        <Section title="Greeting">
          <TextField
            label="Greeting"
            name="Greeting"
            maxLength={200}
            value={textFieldValue(form.values.Greeting)}
            error={form.error('Greeting')}
            description="The line each client receives; the node's name follows it."
            onChange={(value) => form.setValue('Greeting', value)}
          />
          <NumberField
            label="Port"
            name="Port"
            min={1024}
            max={65535}
            value={numberFieldValue(form.values.Port)}
            error={form.error('Port')}
            description="TCP port to listen on"
            onChange={(value) => form.setValue('Port', value)}
          />
          <TextField
            label="Address"
            name="Address"
            placeholder="From the IP Address resource, or 127.0.0.1"
            value={textFieldValue(form.values.Address)}
            error={form.error('Address')}
            description="Address to listen on"
            onChange={(value) => form.setValue('Address', value)}
          />
        </Section>
      </PanelForm>
      <GreetingCount />
    </div>
  );
}

function GreetingCount() {
  const resource = useResource();
  const online = resource.state === 'Online';
  const count = useControlResult<number>('greeting-count', { refreshMs: 5_000, enabled: online });
  return (
    <Section
      title="Clients greeted"
      actions={
        <Button onClick={count.refresh} disabled={!online}>
          Refresh
        </Button>
      }
    >
      <StatusText>
        {!online
          ? `Not counting while ${resource.state}.`
          : count.error
            ? `Cannot read the count: ${count.error}`
            : count.result === undefined
              ? 'Counting…'
              : `${count.result} greeted since it came online on ${resource.ownerNode}.`}
      </StatusText>
    </Section>
  );
}

function GreetingWizardPage({ values, setValue, error }: WizardPageProps) {
  return (
    <>
      <TextField
        label="Greeting"
        name="Greeting"
        value={textFieldValue(values.Greeting)}
        error={error('Greeting')}
        onChange={(value) => setValue('Greeting', value)}
      />
      <NumberField
        label="Port"
        name="Port"
        min={1024}
        max={65535}
        value={numberFieldValue(values.Port)}
        error={error('Port')}
        onChange={(value) => setValue('Port', value)}
      />
    </>
  );
}

export default definePanel({
  Parameters,
  wizardPages: [
    {
      id: 'greeting',
      title: 'Greeting',
      Component: GreetingWizardPage,
      validate: (values) =>
        textFieldValue(values.Greeting).trim() === ''
          ? [{ path: 'Greeting', message: 'Greeting must not be empty' }]
          : [],
    },
  ],
  commands: [
    {
      id: 'show-greeting-count',
      label: 'Show greeting count',
      readOnly: true,
      enabled: (resource) => resource.state === 'Online',
      async run({ control, resource }) {
        return `${resource.name} greeted ${String(await control('greeting-count'))} client(s).`;
      },
    },
  ],
});
