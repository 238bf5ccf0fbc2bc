/** The global the console fills: { apiVersion, modules: { [specifier]: module namespace } }. */
export declare const panelHostGlobal: '__wolfpackPanelHost__';
/** Module specifiers a panel gets from the console, never from its own bundle. */
export declare const sharedSpecifiers: readonly string[];
/** The names @wolfpack/admin-sdk exports at run time. */
export declare const sdkExportNames: readonly string[];
