/** Users, their sessions and API tokens, all kept in the cluster store. */
export * from './users.ts';
export * from './passwords.ts';
export * from './sessions.ts';
export * from './tokens.ts';
export * from './bootstrap.ts';
export * from './resource-credentials.ts';
export * from './api-servers.ts';
export { sameSecret, sha256 } from './secrets.ts';
