/** Registered resource types (store) and built-in panel files: what the resource-types routes serve. */
export * from './registration.ts';
export * from './panel-files.ts';
