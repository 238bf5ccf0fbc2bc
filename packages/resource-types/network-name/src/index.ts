/** @wolfpack/type-network-name: the built-in Network Name resource type (engine module). */
export { default, validateName } from './engine.ts';
