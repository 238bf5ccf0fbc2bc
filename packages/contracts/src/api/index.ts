/** Request and reply bodies of the REST API v1 and the `/live` socket.io protocol. */
export * from './session.ts';
export * from './cluster.ts';
export * from './live.ts';
