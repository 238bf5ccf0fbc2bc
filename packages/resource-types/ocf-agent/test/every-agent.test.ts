import { readdirSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { ResourceTypeManifest } from '@wolfpack/contracts';
import { describeWhen } from '@wolfpack/test-requirements';
import { expect, it } from 'vitest';
import { defaultOcfRoot, readMetaData, registeredManifest } from '../src/index.ts';

/*
 * Every agent Debian's resource-agents installs under heartbeat/ imports: its meta-data
 * is read and becomes a manifest the registration endpoint accepts. An agent whose
 * meta-data action fails here (one that needs a tool this machine lacks) must fail with
 * a message naming its path, never with a crash or a manifest the server would refuse.
 */
describeWhen('ocf', 'every installed heartbeat agent', () => {
  it('converts to a valid registered manifest, or is refused naming its path', async () => {
    // Dot files there are the shell includes agents source (.ocf-shellfuncs), not agents.
    const agents = readdirSync(`${defaultOcfRoot}/resource.d/heartbeat`)
      .filter((name) => !name.startsWith('.'))
      .sort();
    expect(agents).toEqual(expect.arrayContaining(['Dummy', 'IPaddr2', 'anything']));
    const refused: string[] = [];
    let converted = 0;
    for (let at = 0; at < agents.length; at += 8) {
      await Promise.all(
        agents.slice(at, at + 8).map(async (agent) => {
          const ref = { provider: 'heartbeat', agent, root: defaultOcfRoot };
          let metaData;
          try {
            metaData = await readMetaData(ref);
          } catch (error) {
            const message = (error as Error).message;
            expect(message).toContain(`${defaultOcfRoot}/resource.d/heartbeat/${agent}`);
            refused.push(`${agent}: ${message.slice(0, 160)}`);
            return;
          }
          const problem = Value.Errors(ResourceTypeManifest, registeredManifest(ref, metaData)).First();
          expect(problem, `heartbeat:${agent}: ${problem?.path} ${problem?.message}`).toBeUndefined();
          converted += 1;
        }),
      );
    }
    process.stdout.write(
      `[ocf] ${converted} of ${agents.length} heartbeat agents imported; refused: ${refused.length === 0 ? 'none' : `\n  ${refused.join('\n  ')}`}\n`,
    );
    expect(converted).toBeGreaterThan(agents.length * 0.9);
  }, 120_000);
});
