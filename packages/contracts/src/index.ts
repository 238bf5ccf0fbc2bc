/** @wolfpack/contracts: TypeBox schemas for every boundary, and the types derived from them. */
export * from './names.ts';
export * from './states.ts';
export * from './properties.ts';
export * from './records.ts';
export * from './resource-type.ts';
export * from './resource-type-module.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './cluster-views.ts';
export * from './type-view.ts';
export * from './commands.ts';
export * from './keys.ts';
export * from './auth.ts';
export * from './roles.ts';
export * from './resource-credential.ts';
export * from './api/index.ts';
