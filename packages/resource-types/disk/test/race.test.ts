import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleForNode } from '@wolfpack/testing/build';

const here = dirname(fileURLToPath(import.meta.url));

// One owner process: bring the disk online at the given epoch, print the outcome.
const ownerScript = `
const [enginePath, path, node, epoch, startAt] = process.argv.slice(2);
const { default: diskType } = await import(enginePath);
while (Date.now() < Number(startAt)); // a barrier: every owner reads the reservation in the same millisecond
const context = { cluster: 'INS_CLUS', node, group: 'SOCKET_GROUP', resource: 'Shared Disk', type: 'Disk', epoch: Number(epoch),
  properties: { Path: path }, providers: [], stateDir: path, dataDir: path, log() {}, reportFailure() {}, publish() {} };
try { await diskType.create(context).online(); console.log('online'); } catch (error) { console.log('refused: ' + error.message); }
`;

function runOwner(
  enginePath: string,
  script: string,
  path: string,
  node: string,
  epoch: number,
  startAt: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, enginePath, path, node, String(epoch), String(startAt)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('exit', () => resolve(output.trim()));
  });
}

describe('Disk reservation across processes', () => {
  it('ends with the highest epoch holding the disk when owners race to bring it online', async () => {
    const work = mkdtempSync(join(tmpdir(), 'wp-disk-race-'));
    const enginePath = await bundleForNode(join(here, '../src/engine.ts'), join(work, 'engine.mjs'));
    const script = join(work, 'owner.mjs');
    writeFileSync(script, ownerScript);

    for (let round = 0; round < 3; round++) {
      const path = join(work, `disk-${round}`);
      const epochs = [1, 2, 3, 4, 5, 6];
      const startAt = Date.now() + 500;
      const outcomes = await Promise.all(
        epochs.map((epoch) => runOwner(enginePath, script, path, `NODE${epoch}`, epoch, startAt)),
      );
      const final = JSON.parse(readFileSync(join(path, '.wolfpack-reservation.json'), 'utf8')) as {
        node: string;
        epoch: number;
      };
      expect(final).toMatchObject({ node: 'NODE6', epoch: 6 });
      expect(outcomes[5]).toBe('online');
      for (const outcome of outcomes) expect(outcome).toMatch(/^online$|^refused: .*is stale$/);
    }
  });
});
