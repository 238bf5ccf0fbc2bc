/** Request and reply bodies of the REST API v1, its endpoint table, and the `/live` socket.io protocol. */
export * from './session.ts';
export * from './cluster.ts';
export * from './bodies.ts';
export * from './endpoint.ts';
export * from './endpoints.ts';
export * from './live.ts';
export * from './resource-scope.ts';
