/** @wolfpack/type-ip-address: the built-in IP Address resource type (engine module). */
export { default } from './engine.ts';
export { isLoopback, parseDottedQuad, validateAddress } from './address.ts';
