/**
 * @wolfpack/admin-sdk: what a resource type's console panel may use. A panel module is
 * built with the preset in vite-preset.mjs; at run time this module, react and react-dom
 * are the console's own instances (see README.md, "How a panel shares the console's React").
 */
export { consoleApiVersion, satisfiesRange, checkConsoleApi, type ConsoleApiVerdict } from './version.ts';
export {
  PanelHostContext,
  PanelHostProvider,
  usePanelHost,
  useOptionalPanelHost,
  saveFailureOf,
  type PanelHost,
  type PanelHostProviderProps,
  type SaveResult,
  type ApplyHandler,
  type ApplyHandle,
} from './host.tsx';
export {
  useResource,
  useResourceType,
  useCanEdit,
  useSaveProperties,
  useFieldErrors,
  useControl,
  useControlResult,
  type ControlResult,
  type ControlResultOptions,
} from './hooks.ts';
export { useParametersForm, type ParametersForm, type ParametersFormOptions } from './parameters-form.ts';
export {
  propertyFields,
  propertyDefaults,
  checkProperty,
  checkProperties,
  propertyOfPath,
  kindOf,
  choicesOf,
  type PropertyField,
  type PropertySchema,
} from './schema.ts';
export {
  Field,
  TextField,
  NumberField,
  Select,
  Checkbox,
  textFieldValue,
  numberFieldValue,
  type FieldProps,
  type FieldControlProps,
  type TextFieldProps,
  type NumberFieldProps,
  type SelectProps,
  type SelectOption,
  type CheckboxProps,
} from './fields.tsx';
export {
  ErrorText,
  StatusText,
  Section,
  DataTable,
  Button,
  type SectionProps,
  type DataColumn,
  type DataTableProps,
} from './parts.tsx';
export {
  SchemaField,
  SchemaFields,
  SchemaForm,
  PanelForm,
  type SchemaFieldProps,
  type PanelFormProps,
} from './schema-form.tsx';
export {
  definePanel,
  type PanelModule,
  type WizardPage,
  type WizardPageProps,
  type PanelCommand,
  type PanelCommandContext,
} from './panel-module.ts';
