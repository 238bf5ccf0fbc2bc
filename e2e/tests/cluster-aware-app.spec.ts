import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WolfpackError } from '@wolfpack/client';
import { ChatClient } from '@wolfpack/testing/chat-client';
import { repositoryRoot } from '@wolfpack/testing/repository';
import { gridRow, logOn, propertySheet, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { freeTcpPort } from '@wolfpack/testing/ports';
import { users } from '../support/users.ts';

/*
 * The paper's four steps, as docs/cluster-aware-apps.md tells a developer to do them: an
 * application (a TCP echo server), a type scaffolded for it by `wolfpack type new` into a
 * folder outside the repository, the package's own `npm install`, `npm test` and
 * `npm run build`, `wolfpack type register`, then a resource made in the console with the
 * type's own wizard page, its Parameters tab, and the resource online serving clients.
 */

const run = promisify(execFile);
const cliBin = join(repositoryRoot, 'apps/cli/bin/wolfpack.mjs');
const work = mkdtempSync(join(tmpdir(), 'wolfpack-cluster-aware-'));
// A project folder as people have them (mkdtemp's is 0700): a root node runs the app as a uid of its resource's own.
chmodSync(work, 0o755);
const typeDir = join(work, 'echo-type');
const appFile = join(work, 'echo-app', 'echo-server.mjs');
const made = { resource: 'Echo Service', group: 'ECHO_GROUP', type: 'Echo' };

// Step 1, the application: greets a client with the node it runs on, then echoes each line.
const echoServer = `import { createServer } from 'node:net';
const port = Number(process.env.WOLFPACK_PARAM_Port);
const node = process.env.WOLFPACK_NODE ?? 'unknown';
createServer((socket) => {
  socket.write('Echo on ' + node + '\\n');
  socket.on('data', (data) => socket.write(data));
  socket.on('error', () => socket.destroy());
}).listen(port, '127.0.0.1');
`;

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

test.afterAll(async ({ adminClient }) => {
  const gone = (error: unknown) => error instanceof WolfpackError && error.code === 'not-found';
  const unlessGone = (error: unknown) => (gone(error) ? undefined : Promise.reject(error));
  const exists = await adminClient.resources.get(made.resource).then(
    () => true,
    (error: unknown) => (gone(error) ? false : Promise.reject(error)),
  );
  if (exists) {
    await adminClient.resources.offline(made.resource);
    await adminClient.waitFor((cluster) => cluster.resources.get(made.resource)?.state === 'Offline', {
      timeoutMs: 30_000,
    });
    await adminClient.resources.delete(made.resource);
  }
  await adminClient.groups.delete(made.group).catch(unlessGone);
  await adminClient.resourceTypes.unregister(made.type).catch(unlessGone);
  rmSync(work, { recursive: true, force: true });
});

/** The first line a new client gets on `port`, or the connection's error. */
async function greeting(port: number): Promise<string> {
  try {
    const client = await ChatClient.connect('127.0.0.1', port);
    try {
      return await client.firstLine();
    } finally {
      client.close();
    }
  } catch (error) {
    return String(error);
  }
}

/** Runs `command` in `cwd`; its output is attached to the report when it fails. */
async function step(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ stdout: string; ms: number }> {
  const started = performance.now();
  try {
    const { stdout } = await run(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { stdout, ms: Math.round(performance.now() - started) };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${options.cwd}: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`,
    );
  }
}

test('an application made cluster-aware from `wolfpack type new` to a resource online, with its own wizard page and Parameters tab', async ({
  page,
  adminClient,
  cluster,
}) => {
  const timings: Record<string, number> = {};
  mkdirSync(join(work, 'echo-app'));
  writeFileSync(appFile, echoServer);

  const created = await step(
    process.execPath,
    [
      cliBin,
      'type',
      'new',
      made.type,
      '--dir',
      typeDir,
      '--param',
      'Port:integer:1024..65535=7300',
      '--param',
      'MaxUser:integer:1..10=10',
      '--process',
      `node ${appFile}`,
    ],
    { cwd: work },
  );
  timings['type new'] = created.ms;
  const manifest = JSON.parse(readFileSync(join(typeDir, 'manifest.json'), 'utf8'));
  expect(manifest.propertySchema.properties.MaxUser).toMatchObject({
    type: 'integer',
    minimum: 1,
    maximum: 10,
    default: 10,
  });

  timings['npm install'] = (await step('npm', ['install', '--no-audit', '--no-fund'], { cwd: typeDir })).ms;
  timings['npm test'] = (await step('npm', ['test'], { cwd: typeDir })).ms;
  timings['npm run build'] = (await step('npm', ['run', 'build'], { cwd: typeDir })).ms;

  const { token } = await adminClient.tokens.create({ name: 'cluster-aware-app e2e' });
  const registered = await step(process.execPath, [cliBin, 'type', 'register', typeDir], {
    cwd: work,
    env: { WOLFPACK_URL: cluster.consoleUrl, WOLFPACK_TOKEN: token, HOME: work },
  });
  timings['type register'] = registered.ms;
  expect(registered.stdout).toContain('Echo');
  expect(registered.stdout).toMatch(/[0-9a-f]{64}/);

  // The console, already open or not, shows the type and its panel without a rebuild.
  await logOn(page, users.admin);
  await treeItem(page, 'Resource Types').click();
  await expect(gridRow(page, made.type)).toBeVisible();
  await adminClient.groups.create({
    name: made.group,
    description: 'The Echo application',
    policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] },
  });

  await treeItem(page, made.group).click();
  await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'New Resource' }).click();
  const wizard = page.getByRole('dialog', { name: 'New Resource' });
  await wizard.getByLabel('Name', { exact: true }).fill(made.resource);
  await wizard.getByLabel('Resource type').selectOption(made.type);
  for (const title of ['Possible owners', 'Dependencies', 'Echo']) {
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(wizard.getByRole('heading', { name: title })).toBeVisible();
  }
  const port = await freeTcpPort();
  await wizard.getByRole('spinbutton', { name: 'Port' }).fill(String(port));
  // The scaffolded page keeps the manifest's rule: MaxUser at most 10.
  await wizard.getByRole('spinbutton', { name: 'MaxUser' }).fill('11');
  await wizard.getByRole('button', { name: 'Finish' }).click();
  await expect(wizard.getByText(/MaxUser.*10/)).toBeVisible();
  await wizard.getByRole('spinbutton', { name: 'MaxUser' }).fill('5');
  await wizard.getByRole('button', { name: 'Finish' }).click();
  await expect(wizard).toBeHidden();
  const row = gridRow(page, made.resource);
  await expect(row).toContainText('Offline');

  await row.dblclick();
  const sheet = propertySheet(page, made.resource);
  await sheet.getByRole('tab', { name: 'Parameters' }).click();
  const form = sheet.getByRole('form', { name: 'Echo parameters' });
  await expect(form.getByRole('spinbutton', { name: 'Port' })).toHaveValue(String(port));
  await expect(form.getByRole('spinbutton', { name: 'MaxUser' })).toHaveValue('5');
  await sheet.getByRole('button', { name: 'Cancel' }).click();

  await adminClient.resources.online(made.resource);
  await expect(row).toContainText('Online');
  // Online means the process started; the app opens its port a moment later.
  await expect.poll(() => greeting(port), { timeout: 15_000 }).toMatch(/^Echo on /);
  test.info().annotations.push({ type: 'timings (ms)', description: JSON.stringify(timings) });
});
