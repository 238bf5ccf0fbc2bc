import {
  NumberField,
  PanelForm,
  Section,
  StatusText,
  TextField,
  definePanel,
  numberFieldValue,
  textFieldValue,
  useParametersForm,
  type ParametersForm,
} from '@wolfpack/admin-sdk';

/* The IP Address panel: the address that moves with the group, its prefix and interface. */

const describe = (form: ParametersForm, name: string) =>
  form.fields.find((field) => field.name === name)?.schema.description;

function Parameters() {
  const form = useParametersForm();
  const address = textFieldValue(form.values.Address);
  return (
    <PanelForm form={form} label="IP Address parameters">
      <Section title="Address">
        <TextField
          label="Address"
          name="Address"
          required
          placeholder="203.230.252.84"
          value={address}
          error={form.error('Address')}
          description={describe(form, 'Address')}
          onChange={(value) => form.setValue('Address', value)}
        />
        <NumberField
          label="PrefixLength"
          name="PrefixLength"
          min={1}
          max={32}
          value={numberFieldValue(form.values.PrefixLength)}
          error={form.error('PrefixLength')}
          description={describe(form, 'PrefixLength')}
          onChange={(value) => form.setValue('PrefixLength', value)}
        />
        <TextField
          label="Interface"
          name="Interface"
          maxLength={15}
          value={textFieldValue(form.values.Interface)}
          error={form.error('Interface')}
          description={describe(form, 'Interface')}
          onChange={(value) => form.setValue('Interface', value)}
        />
        {/^127\./.test(address) ? (
          <StatusText>{`${address} is a loopback address: the node answers it without changing its network interfaces.`}</StatusText>
        ) : null}
      </Section>
    </PanelForm>
  );
}

export default definePanel({ Parameters });
