// The contract between the console and panel modules for sharing modules at run time:
// the console puts its own instances of these modules on one global before it loads any
// panel; a panel built with vite-preset.mjs reads them from there instead of bundling
// its own copy. Plain JavaScript so both the console (Vite) and the preset (Node) use it.

/** The global the console fills: { apiVersion, modules: { [specifier]: module namespace } }. */
export const panelHostGlobal = '__wolfpackPanelHost__';

/** Module specifiers a panel gets from the console, never from its own bundle. */
export const sharedSpecifiers = ['react', 'react-dom', 'react/jsx-runtime', '@wolfpack/admin-sdk'];

/**
 * The names @wolfpack/admin-sdk exports at run time (types need no binding). A panel may
 * import exactly these; test/host-modules.test.ts keeps this list equal to src/index.ts.
 */
export const sdkExportNames = [
  'Button',
  'Checkbox',
  'DataTable',
  'ErrorText',
  'Field',
  'NumberField',
  'PanelForm',
  'PanelHostContext',
  'PanelHostProvider',
  'SchemaField',
  'SchemaFields',
  'SchemaForm',
  'Section',
  'Select',
  'StatusText',
  'TextField',
  'checkConsoleApi',
  'checkProperties',
  'checkProperty',
  'choicesOf',
  'consoleApiVersion',
  'definePanel',
  'kindOf',
  'numberFieldValue',
  'propertyDefaults',
  'propertyFields',
  'propertyOfPath',
  'satisfiesRange',
  'saveFailureOf',
  'textFieldValue',
  'useCanEdit',
  'useControl',
  'useControlResult',
  'useFieldErrors',
  'useOptionalPanelHost',
  'usePanelHost',
  'useParametersForm',
  'useResource',
  'useResourceType',
  'useSaveProperties',
];
