import { keys, type ResourceStatus } from '@wolfpack/contracts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';

/*
 * For live-latency.bench.test.ts: a separate process that writes resource statuses, as a
 * node agent does, and reports when each write started (epoch ms, high resolution).
 * Bundled by the benchmark; argv[2] is the store file.
 */

interface WriteRequest {
  resource: string;
  group: string;
  node: string;
  state: ResourceStatus['state'];
  since: number;
}

const store = await openEmbeddedStore({ path: process.argv[2]! });
const now = () => performance.timeOrigin + performance.now();

process.on('message', (request: WriteRequest | 'stop') => {
  if (request === 'stop') {
    void store.close().then(() => process.exit(0));
    return;
  }
  const status: ResourceStatus = {
    name: request.resource,
    group: request.group,
    node: request.node,
    epoch: 1,
    state: request.state,
    since: request.since,
    failures: [],
  };
  const startedAt = now();
  void store
    .put(keys.resourceStatus(request.resource), JSON.stringify(status))
    .then((revision) => process.send!({ since: request.since, startedAt, committedAt: now(), revision }));
});
process.send!('ready');
