/** @wolfpack/type-generic-application: the built-in Generic Application resource type (engine module). */
export { default, startupWindowMs, stopGraceMs } from './engine.ts';
export { validateProperties } from './properties.ts';
