import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WolfpackClient } from '@wolfpack/client';
import { refusal } from '@wolfpack/client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerManifest } from '@wolfpack/testing/marker-type';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// A registered type's code never runs in the API server: its module, imported by the
// register's check and by validate(), leaves a file named by the pid of the process that
// imported it. The server is built in this process, so the server's pid is process.pid.

/** A marker type whose module records the importing process's pid, and refuses Text "forbidden". */
function pidRecordingModule(pidDir: string): string {
  return `
import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(pidDir)} + '/' + process.pid, '');
export default {
  validate(properties) {
    return properties.Text === 'forbidden' ? [{ path: 'private.Text', message: 'Text must not be "forbidden" (checked by pid ' + process.pid + ')' }] : [];
  },
  create() { throw new Error('not run here'); },
};
`;
}

describe('registered type code and the API server', () => {
  let storeDir: StoreDir;
  let server: RunningServer;
  let admin: WolfpackClient;
  let pidDir: string;

  beforeAll(async () => {
    pidDir = mkdtempSync(join(tmpdir(), 'wolfpack-pids-'));
    // A root server runs the module's checks as the resource user, who records its pid here too.
    chmodSync(pidDir, 0o1777);
    storeDir = await openStoreDir('isolation admin password');
    server = await startServer(storeDir);
    admin = await server.signIn('admin', 'isolation admin password');
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
    rmSync(pidDir, { recursive: true, force: true });
  });

  it("imports the module and runs its validate() in other processes, never the server's", async () => {
    await admin.resourceTypes.register({
      manifest: markerManifest('Pid Marker', '1.0.0', false),
      engineModule: pidRecordingModule(pidDir),
    });
    const importedBy = readdirSync(pidDir);
    expect(importedBy.length, 'the register checked the module by importing it somewhere').toBeGreaterThan(0);

    await admin.groups.create({ name: 'PID_GROUP' });
    const refused = await refusal(
      admin.resources.create({
        name: 'Pid',
        group: 'PID_GROUP',
        resourceType: 'Pid Marker',
        private: { Text: 'forbidden' },
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.fields).toEqual([
      { path: 'private.Text', message: expect.stringMatching(/^Text must not be "forbidden" \(checked by pid \d+\)$/) },
    ]);
    const validatedBy = /pid (\d+)/.exec(refused.fields[0]!.message)![1]!;
    expect(
      await admin.resources.create({
        name: 'Pid',
        group: 'PID_GROUP',
        resourceType: 'Pid Marker',
        private: { Text: 'fine' },
      }),
    ).toMatchObject({ name: 'Pid' });

    const pids = readdirSync(pidDir);
    expect(pids).toContain(validatedBy);
    expect(pids).not.toContain(String(process.pid));
    expect(validatedBy).not.toBe(String(process.pid));
  });
});
