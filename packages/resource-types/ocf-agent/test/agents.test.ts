import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ResourceTypeModule } from '@wolfpack/contracts';
import { describeWhen } from '@wolfpack/test-requirements';
import { afterEach, describe, expect, it } from 'vitest';
import ocfResourceAgent, {
  defaultOcfRoot,
  fixAgent,
  ocfTypeModule,
  readMetaData,
  registeredTypePackage,
  rscTmpFor,
} from '../src/index.ts';
import { makeContext, temporaryOcfRoot } from './fixtures.ts';
import { isLiveProcess } from '@wolfpack/resource-sdk/process-table';

/*
 * The engine module against real agents: Debian's heartbeat agents where installed, and
 * small agents written here for what those cannot show (a hung start, bad meta-data).
 */

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A resource of the module, terminated after the test whatever happened. */
function resource(module: ResourceTypeModule, name: string, properties: Record<string, unknown>, type?: string) {
  const recorded = makeContext(name, properties, type);
  const instance = module.create(recorded.context);
  cleanups.push(() => instance.terminate());
  return { ...recorded, instance };
}

describeWhen('ocf', "OCF agents from Debian's resource-agents", () => {
  it("runs heartbeat:Dummy: start makes its state file in the resource's own HA_RSCTMP, a removed state file fails the monitor, stop removes it", async () => {
    const { instance, context, logs } = resource(ocfResourceAgent, 'Dummy One', {
      Agent: 'heartbeat:Dummy',
      Parameters: {},
    });
    await instance.online();
    const stateFile = join(rscTmpFor(context.stateDir, 'Dummy One'), 'Dummy-Dummy_One.state');
    expect(existsSync(stateFile)).toBe(true);
    expect(await instance.looksAlive()).toBe(true);
    expect(await instance.isAlive()).toBe(true);

    rmSync(stateFile);
    // LooksAlive answers at the agent's advertised interval (10 s): the last answer until then.
    expect(await instance.looksAlive()).toBe(true);
    expect(await instance.isAlive()).toBe(false);
    expect(logs.at(-1)).toMatch(
      /OCF agent heartbeat:Dummy for "Dummy One": monitor says not running \(OCF_NOT_RUNNING \(7\)\)/,
    );

    await instance.online();
    expect(existsSync(stateFile)).toBe(true);
    await instance.offline();
    expect(existsSync(stateFile)).toBe(false);
    expect(await instance.isAlive()).toBe(false);
  });

  it('passes parameters as OCF_RESKEY_<name>: heartbeat:Dummy keeps its state where the state parameter says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-ocf-state-'));
    const stateFile = join(dir, 'here.state');
    const { instance } = resource(ocfResourceAgent, 'Dummy Two', {
      Agent: 'heartbeat:Dummy',
      Parameters: { state: stateFile },
    });
    await instance.online();
    expect(existsSync(stateFile)).toBe(true);
    await instance.offline();
    expect(existsSync(stateFile)).toBe(false);
  });

  it('runs a command with heartbeat:anything, and stop ends it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-ocf-anything-'));
    const pidFile = join(dir, 'sleeper.pid');
    const { instance } = resource(ocfResourceAgent, 'Sleeper', {
      Agent: 'heartbeat:anything',
      Parameters: { binfile: '/bin/sleep', cmdline_options: '3600', pidfile: pidFile },
    });
    await instance.online();
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, 2)).toEqual(['/bin/sleep', '3600']);
    expect(await instance.isAlive()).toBe(true);

    await instance.offline();
    expect(isLiveProcess(pid)).toBe(false);
    expect(await instance.isAlive()).toBe(false);
  });

  it('refuses an agent name that is not PROVIDER:AGENT, naming the field', () => {
    expect(
      ocfResourceAgent.validate?.({ Agent: 'heartbeat/Dummy' }, { resource: 'r', group: 'g', providers: [] }),
    ).toEqual([
      {
        path: 'private.Agent',
        message: expect.stringMatching(/^Agent "heartbeat\/Dummy" is not an OCF agent name PROVIDER:AGENT/),
      },
    ]);
    expect(
      ocfResourceAgent.validate?.({ Agent: 'ocf:heartbeat:Dummy' }, { resource: 'r', group: 'g', providers: [] }),
    ).toEqual([]);
  });

  it('registers heartbeat:Dummy as a type of its own: the bundle with the agent fixed runs it from a file outside the repository', async () => {
    const bundle = readFileSync(join(packageDir, 'dist', 'registered-engine.mjs'), 'utf8');
    const ref = { provider: 'heartbeat', agent: 'Dummy', root: defaultOcfRoot };
    const typePackage = await registeredTypePackage(ref, bundle);
    expect(typePackage.manifest.name).toBe('OCF heartbeat Dummy');
    expect(Object.keys(typePackage.manifest.propertySchema.properties)).toEqual(
      expect.arrayContaining(['state', 'fake']),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'wp-ocf-registered-')), 'engine.mjs');
    writeFileSync(file, typePackage.engineModule);
    const { default: module } = (await import(pathToFileURL(file).href)) as { default: ResourceTypeModule };
    // The console sends the schema's defaults: the advertised state default is left to the agent.
    const { instance, context } = resource(
      module,
      'Dummy Three',
      { state: '/run/resource-agents/Dummy-RESOURCE_ID.state', fake: 'dummy' },
      'OCF heartbeat Dummy',
    );
    await instance.online();
    expect(existsSync(join(rscTmpFor(context.stateDir, 'Dummy Three'), 'Dummy-Dummy_Three.state'))).toBe(true);
    await instance.offline();
  });
});

describe("the agent's advertised timeouts and exit codes, with agents written here", () => {
  const agent = (startSeconds: number, monitorCode: number) => `#!/bin/sh
case "$1" in
meta-data) cat <<'XML'
<?xml version="1.0"?>
<resource-agent name="slow"><parameters/>
<actions><action name="start" timeout="1s"/><action name="stop" timeout="5s"/><action name="monitor" timeout="5s" interval="0"/></actions>
</resource-agent>
XML
;;
start) sleep ${startSeconds}; exit 0;;
stop) exit 0;;
monitor) echo "monitor said ${monitorCode}" >&2; exit ${monitorCode};;
*) exit 3;;
esac
`;

  it('fails a start that runs past the advertised start timeout, killing it', async () => {
    const ocf = temporaryOcfRoot();
    ocf.write('slow', agent(30, 0));
    const started = Date.now();
    const { instance } = resource(ocfTypeModule({ provider: 'test', agent: 'slow', root: ocf.root }), 'Slow', {});
    await expect(instance.online()).rejects.toThrow(
      'OCF agent test:slow for "Slow": start did not finish within its advertised timeout of 1000 ms',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails online when the monitor after start says anything but running, with its code and output', async () => {
    const ocf = temporaryOcfRoot();
    ocf.write('broken', agent(0, 6));
    const { instance } = resource(ocfTypeModule({ provider: 'test', agent: 'broken', root: ocf.root }), 'Broken', {});
    await expect(instance.online()).rejects.toThrow(
      'OCF agent test:broken for "Broken": started, but its monitor ended with OCF_ERR_CONFIGURED (6): monitor said 6',
    );
  });
});

describe('LooksAlive at the advertised interval, IsAlive at the deepest depth, in the OCF environment', () => {
  // Notes each action with its check level and environment in $HA_RSCTMP/calls.
  const recorder = `#!/bin/sh
[ -n "$HA_RSCTMP" ] && echo "$1 level=\${OCF_CHECK_LEVEL:-none} instance=$OCF_RESOURCE_INSTANCE type=$OCF_RESOURCE_TYPE provider=$OCF_RESOURCE_PROVIDER root=$OCF_ROOT api=$OCF_RA_VERSION_MAJOR.$OCF_RA_VERSION_MINOR colour=\${OCF_RESKEY_colour:-unset} size=\${OCF_RESKEY_size:-unset} timeout=$OCF_RESKEY_CRM_meta_timeout" >> "$HA_RSCTMP/calls"
case "$1" in
meta-data) cat <<'XML'
<?xml version="1.0"?>
<resource-agent name="recorder"><parameters>
<parameter name="colour"><content type="string" default="blue"/></parameter>
<parameter name="size"><content type="integer" default="3"/></parameter>
</parameters>
<actions><action name="start" timeout="4s"/><action name="stop" timeout="4s"/>
<action name="monitor" timeout="3s" interval="1s" depth="0"/><action name="monitor" timeout="3s" interval="30s" depth="10"/></actions>
</resource-agent>
XML
;;
start) touch "$HA_RSCTMP/running";;
stop) rm -f "$HA_RSCTMP/running";;
monitor) [ -e "$HA_RSCTMP/running" ] || exit 7;;
esac
`;

  it('sets the OCF environment, passes set parameters only, and polls monitor no more often than advertised', async () => {
    const ocf = temporaryOcfRoot();
    ocf.write('recorder', recorder);
    const { instance, context } = resource(
      ocfTypeModule({ provider: 'test', agent: 'recorder', root: ocf.root }),
      'Rec One',
      { colour: 'red', size: 3 },
    );
    const calls = () =>
      readFileSync(join(rscTmpFor(context.stateDir, 'Rec One'), 'calls'), 'utf8')
        .trim()
        .split('\n');
    await instance.online();
    expect(calls()).toEqual([
      // (meta-data is read with OCF_ROOT only, no HA_RSCTMP: not noted.)
      `start level=none instance=Rec_One type=recorder provider=test root=${ocf.root} api=1.1 colour=red size=unset timeout=4000`,
      `monitor level=none instance=Rec_One type=recorder provider=test root=${ocf.root} api=1.1 colour=red size=unset timeout=3000`,
    ]);
    expect(await instance.looksAlive()).toBe(true);
    expect(calls()).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await instance.looksAlive()).toBe(true);
    expect(calls()).toHaveLength(3);
    expect(calls()[2]).toMatch(/^monitor level=none /);
    expect(await instance.isAlive()).toBe(true);
    expect(calls()[3]).toMatch(/^monitor level=10 /);
    await instance.offline();
    expect(calls()[4]).toMatch(/^stop level=none /);
    expect(await instance.isAlive()).toBe(false);
  });
});

describe('an agent that cannot be imported is refused naming its path', () => {
  it('refuses a missing agent', async () => {
    const ocf = temporaryOcfRoot();
    await expect(readMetaData({ provider: 'test', agent: 'nothing', root: ocf.root })).rejects.toThrow(
      `OCF agent test:nothing: ${ocf.root}/resource.d/test/nothing does not exist`,
    );
  });

  it('refuses an agent that is not executable', async () => {
    const ocf = temporaryOcfRoot();
    const path = ocf.write('plain', '#!/bin/sh\nexit 0\n', 0o644);
    await expect(readMetaData({ provider: 'test', agent: 'plain', root: ocf.root })).rejects.toThrow(
      `OCF agent test:plain: ${path} is not executable`,
    );
  });

  it('refuses meta-data that is not valid XML', async () => {
    const ocf = temporaryOcfRoot();
    const path = ocf.write('garbled', '#!/bin/sh\necho "<resource-agent><parameters>"\n');
    await expect(
      registeredTypePackage({ provider: 'test', agent: 'garbled', root: ocf.root }, 'bundle'),
    ).rejects.toThrow(new RegExp(`^OCF agent test:garbled: ${path}: its meta-data is not valid XML: `));
  });

  it('refuses an agent whose meta-data action fails', async () => {
    const ocf = temporaryOcfRoot();
    const path = ocf.write('failing', '#!/bin/sh\necho "no meta-data here" >&2\nexit 3\n');
    await expect(readMetaData({ provider: 'test', agent: 'failing', root: ocf.root })).rejects.toThrow(
      `OCF agent test:failing: ${path} meta-data ended with OCF_ERR_UNIMPLEMENTED (3): no meta-data here`,
    );
  });
});

describe('the registered bundle has its agent fixed exactly once', () => {
  it('writes the agent over the placeholder and drops the source map line', () => {
    const bundle =
      'const fixedAgent = "__WOLFPACK_OCF_AGENT__";\nexport default 1;\n//# sourceMappingURL=registered-engine.mjs.map\n';
    const fixed = fixAgent(bundle, { provider: 'heartbeat', agent: 'Dummy', root: '/usr/lib/ocf' });
    expect(fixed).toBe(
      'const fixedAgent = "{\\"provider\\":\\"heartbeat\\",\\"agent\\":\\"Dummy\\",\\"root\\":\\"/usr/lib/ocf\\"}";\nexport default 1;\n',
    );
  });
  it('refuses a bundle without the placeholder', () => {
    expect(() => fixAgent('export default 1;', { provider: 'p', agent: 'a', root: '/r' })).toThrow(
      /placeholder 0 times, not once/,
    );
  });
});
