/*
 * The etcd3 client as the store uses it: no retry policies of its own (the store retries
 * only what is safe to send twice), every call marked "require leader" so a member cut off
 * from the majority refuses at once instead of waiting, and gRPC channels that notice dead
 * peers and reconnect quickly.
 */
import { createRequire } from 'node:module';
import type * as Grpc from '@grpc/grpc-js';
import type { Interceptor } from '@grpc/grpc-js';
import { noop } from 'cockatiel';
import type * as EtcdClient from 'etcd3';
import type { Etcd3, IOptions } from 'etcd3';

// etcd3 and gRPC cost a process some 30 MB of memory: loaded with the first connection, so
// that a server or node agent on the embedded store (npm start) never carries them.
const load = createRequire(import.meta.url);
let grpc: typeof Grpc | undefined;

export interface ConnectionOptions {
  endpoints: string[];
  /** gRPC keepalive ping interval; etcd refuses pings more often than its --grpc-keepalive-min-time (default 5 s). */
  keepAliveIntervalMs: number;
  credentials?: IOptions['credentials'];
  auth?: IOptions['auth'];
}

/** etcd's rpctypes.MetadataRequireLeaderKey: the member fails the call with "no leader" when it has none. */
const requireLeader: Interceptor = (options, nextCall) =>
  new (grpc ??= load('@grpc/grpc-js') as typeof Grpc).InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      metadata.set('hasleader', 'true');
      next(metadata, listener);
    },
  });

/** An etcd3 client for the endpoints (http://host:port or https://host:port). */
export function connect(options: ConnectionOptions): Etcd3 {
  const grpcOptions = {
    interceptors: [requireLeader],
    'grpc.keepalive_time_ms': options.keepAliveIntervalMs,
    'grpc.keepalive_timeout_ms': Math.max(1000, Math.floor(options.keepAliveIntervalMs / 2)),
    'grpc.initial_reconnect_backoff_ms': 50,
    'grpc.max_reconnect_backoff_ms': 1000,
    'grpc.min_reconnect_backoff_ms': 50,
    'grpc.max_receive_message_length': 2 ** 31 - 1,
    'grpc.max_send_message_length': 2 ** 31 - 1,
  };
  const { Etcd3 } = load('etcd3') as typeof EtcdClient;
  return new Etcd3({
    hosts: options.endpoints,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
    grpcOptions: grpcOptions as IOptions['grpcOptions'],
    faultHandling: { global: noop, host: () => noop },
  });
}
