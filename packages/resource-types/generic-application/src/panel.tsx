import {
  PanelForm,
  SchemaField,
  Section,
  TextField,
  definePanel,
  textFieldValue,
  useParametersForm,
  type ParametersForm,
} from '@wolfpack/admin-sdk';

/* The Generic Application panel: the program to run, where, and with which environment. */

const describe = (form: ParametersForm, name: string) =>
  form.fields.find((field) => field.name === name)?.schema.description;

function Parameters() {
  const form = useParametersForm();
  const environment = form.fields.find((field) => field.name === 'Environment');
  return (
    <PanelForm form={form} label="Generic Application parameters">
      <Section title="Program">
        <TextField
          label="CommandLine"
          name="CommandLine"
          required
          maxLength={8192}
          placeholder="/usr/bin/my-service --port 8000"
          value={textFieldValue(form.values.CommandLine)}
          error={form.error('CommandLine')}
          description={describe(form, 'CommandLine')}
          onChange={(value) => form.setValue('CommandLine', value)}
        />
        <TextField
          label="CurrentDirectory"
          name="CurrentDirectory"
          maxLength={4096}
          placeholder="(the resource's state folder)"
          value={textFieldValue(form.values.CurrentDirectory)}
          error={form.error('CurrentDirectory')}
          description={describe(form, 'CurrentDirectory')}
          onChange={(value) => form.setValue('CurrentDirectory', value)}
        />
      </Section>
      {environment ? (
        <Section title="Environment">
          <SchemaField
            field={environment}
            value={form.values.Environment}
            error={form.error('Environment')}
            onChange={(value) => form.setValue('Environment', value)}
          />
        </Section>
      ) : null}
    </PanelForm>
  );
}

export default definePanel({ Parameters });
