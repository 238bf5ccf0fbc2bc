import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ResourceStatus } from '@wolfpack/contracts';
import { emptyClusterState } from '../../src/model/cluster-state.ts';
import { publishedNames, startDnsResponder } from '../../src/name-service/index.ts';

const run = promisify(execFile);

function status(name: string, state: ResourceStatus['state'], published?: ResourceStatus['published']): ResourceStatus {
  return {
    name,
    group: 'SOCKET_GROUP',
    node: 'OSDB_SERV',
    epoch: 1,
    state,
    since: 0,
    failures: [],
    ...(published ? { published } : {}),
  };
}

describe('publishedNames', () => {
  it('collects dns-a records of Online resources only, normalizing names', () => {
    const state = emptyClusterState();
    state.resourceStatuses.set(
      'Chat Name',
      status('Chat Name', 'Online', [{ kind: 'dns-a', name: 'Chat.INS-CLUS.test.', address: '127.0.0.84' }]),
    );
    state.resourceStatuses.set(
      'Chat Name 2',
      status('Chat Name 2', 'Online', [
        { kind: 'dns-a', name: 'chat.ins-clus.test', address: '127.0.0.9' },
        { kind: 'dns-a', name: 'chat.ins-clus.test', address: '127.0.0.84' },
      ]),
    );
    state.resourceStatuses.set(
      'Going',
      status('Going', 'OfflinePending', [{ kind: 'dns-a', name: 'going', address: '127.0.0.2' }]),
    );
    state.resourceStatuses.set(
      'Broken',
      status('Broken', 'Failed', [{ kind: 'dns-a', name: 'broken', address: '127.0.0.3' }]),
    );
    state.resourceStatuses.set('Cluster IP', status('Cluster IP', 'Online'));
    expect(publishedNames(state)).toEqual(new Map([['chat.ins-clus.test', ['127.0.0.84', '127.0.0.9']]]));
  });

  it('lets dig resolve an online Network Name through the responder', async () => {
    const state = emptyClusterState();
    state.resourceStatuses.set(
      'Chat Name',
      status('Chat Name', 'Online', [{ kind: 'dns-a', name: 'chat.ins-clus.test', address: '127.0.0.84' }]),
    );
    const responder = await startDnsResponder({
      address: '127.0.0.1',
      port: 0,
      lookup: (name) => publishedNames(state).get(name) ?? [],
    });
    try {
      const { stdout } = await run('dig', [
        '@127.0.0.1',
        '-p',
        String(responder.port),
        '+time=2',
        '+tries=1',
        'chat.ins-clus.test',
        '+short',
      ]);
      expect(stdout.trim()).toBe('127.0.0.84');
    } finally {
      await responder.close();
    }
  });
});
