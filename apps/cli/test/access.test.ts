import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect, WolfpackError } from '@wolfpack/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPassword, runCli, startCluster, temporaryHome, type CliCluster } from './harness.ts';

/*
 * Who may do what from a shell: a bad token, login with the password on stdin and the
 * token kept per URL, logout revoking it, a viewer refused a move, every refusal as
 * exit 4 with one line saying why.
 */

let seed: CliCluster;
const homes: ReturnType<typeof temporaryHome>[] = [];
const newHome = () => {
  const home = temporaryHome();
  homes.push(home);
  return home;
};

beforeAll(async () => {
  seed = await startCluster();
}, 90_000);

afterAll(async () => {
  await seed?.cluster.stop();
  for (const home of homes) home.remove();
}, 60_000);

describe('credentials', () => {
  it('a token the server does not know exits 4 with one line, no stack trace', async () => {
    const home = newHome();
    const result = await runCli(['status', '--token', 'wpk_0000000000000000_not-a-real-token'], {
      env: { ...home.env, WOLFPACK_URL: seed.url },
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`${seed.url} refused the API token`);
  });

  it('without any credentials it says to log in (exit 4)', async () => {
    const result = await runCli(['node', 'list'], { env: { ...newHome().env, WOLFPACK_URL: seed.url } });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`^not logged in at ${seed.url}: .*\`wolfpack login\``));
  });

  it('login --password-stdin keeps a token for the URL (0600); status then needs no --token; logout revokes it', async () => {
    const home = newHome();
    const env = { ...home.env, WOLFPACK_URL: seed.url };
    const login = await runCli(['login', '--username', 'admin', '--password-stdin'], {
      env,
      input: `${adminPassword}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(new RegExp(`^Logged in to ${seed.url} as admin \\(role admin\\)`));

    const file = `${home.env.XDG_CONFIG_HOME}/wolfpack/credentials.json`;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { token: string; id: string }>)[seed.url]!;
    expect(stored.token).toMatch(/^wpk_/);

    const status = await runCli(['status'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Cluster INS_CLUS/);
    expect((await runCli(['whoami'], { env })).stdout).toBe(`admin (role admin) at ${seed.url}\n`);

    const logout = await runCli(['logout'], { env });
    expect(logout.code, logout.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    // Revoked on the server, not only forgotten here.
    const revoked = await connect({ url: seed.url, token: stored.token })
      .then((client) => client.nodes.list())
      .catch((error: unknown) => error);
    expect(revoked).toBeInstanceOf(WolfpackError);
    expect((revoked as WolfpackError).status).toBe(401);
    expect((await runCli(['status'], { env })).code).toBe(4);
  });

  it('an empty WOLFPACK_TOKEN (an unset CI secret) is no token: the stored one is used', async () => {
    const home = newHome();
    const env = { ...home.env, WOLFPACK_URL: seed.url };
    expect(
      (await runCli(['login', '--username', 'admin', '--password-stdin'], { env, input: adminPassword })).code,
    ).toBe(0);
    const status = await runCli(['status'], { env: { ...env, WOLFPACK_TOKEN: '' } });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Cluster INS_CLUS/);
  });

  it('an empty WOLFPACK_TOKEN with nothing stored says to log in, and blames no token', async () => {
    const result = await runCli(['node', 'list'], {
      env: { ...newHome().env, WOLFPACK_URL: seed.url, WOLFPACK_TOKEN: '' },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`^not logged in at ${seed.url}: `));
  });

  it('login narrows a credentials folder that already existed to 0700', async () => {
    const home = newHome();
    const folder = `${home.env.XDG_CONFIG_HOME}/wolfpack`;
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o755);
    const login = await runCli(['login', '--username', 'admin', '--password-stdin'], {
      env: { ...home.env, WOLFPACK_URL: seed.url },
      input: adminPassword,
    });
    expect(login.code, login.stderr).toBe(0);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(`${folder}/credentials.json`).mode & 0o777).toBe(0o600);
  });

  it('a damaged credentials file is named (exit 2), never overwritten: login moves it aside and says where', async () => {
    const home = newHome();
    const env = { ...home.env, WOLFPACK_URL: seed.url };
    const folder = `${home.env.XDG_CONFIG_HOME}/wolfpack`;
    const file = `${folder}/credentials.json`;
    // Another server's token, cut short (a full disk, a bad hand edit).
    const damaged = '{\n  "http://db1:8080": { "token": "wpk_1111111111111111_other-server", "id": "1111111111111111"';
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(file, damaged, { mode: 0o600 });

    const status = await runCli(['status'], { env });
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(
      new RegExp(
        `^${file.replace(/[.]/g, '\\.')} is damaged \\(not JSON: .*\\): fix it, or run \`wolfpack login\` .*\n$`,
      ),
    );
    expect(readFileSync(file, 'utf8')).toBe(damaged);

    const login = await runCli(['login', '--username', 'admin', '--password-stdin'], { env, input: adminPassword });
    expect(login.code, login.stderr).toBe(0);
    const aside = readdirSync(folder).filter((name) => name.startsWith('credentials.json.damaged-'));
    expect(aside).toHaveLength(1);
    expect(login.stderr.startsWith(`${file} was damaged (not JSON: `), login.stderr).toBe(true);
    expect(login.stderr.endsWith(`); moved it to ${folder}/${aside[0]} and started a new file\n`), login.stderr).toBe(
      true,
    );
    expect(readFileSync(`${folder}/${aside[0]}`, 'utf8')).toBe(damaged);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object)).toEqual([seed.url]);
    expect((await runCli(['status'], { env })).code).toBe(0);
  });

  it('a wrong password exits 4 and stores nothing', async () => {
    const home = newHome();
    const result = await runCli(['login', '--username', 'admin', '--password-stdin'], {
      env: { ...home.env, WOLFPACK_URL: seed.url },
      input: 'not-the-password\n',
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`${seed.url} refused the login of admin: wrong user name or password\n`);
    expect(() => statSync(`${home.env.XDG_CONFIG_HOME}/wolfpack/credentials.json`)).toThrow();
  });

  it('token create signs in with the password (a token may not mint one); user password changes your own and forgets the revoked token', async () => {
    await seed.admin.users.create({ username: 'cli_wanda', password: 'wanda pass 1', role: 'viewer' });
    const env = { ...newHome().env, WOLFPACK_URL: seed.url };
    expect(
      (await runCli(['login', '--username', 'cli_wanda', '--password-stdin'], { env, input: 'wanda pass 1\n' })).code,
    ).toBe(0);

    const created = await runCli(['token', 'create', 'nightly', '--expires-in-days', '7', '--password-stdin'], {
      env,
      input: 'wanda pass 1\n',
    });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^wpk_[0-9a-f]{16}_\S+\n$/);
    const nightly = created.stdout.trim();
    const listed = await runCli(['token', 'list'], { env });
    expect(listed.stdout.split('\n')[0]).toMatch(/EXPIRES$/);
    expect(listed.stdout).toContain('nightly');
    const bad = await runCli(['token', 'create', 'never', '--expires-in-days', '0', '--password-stdin'], {
      env,
      input: 'wanda pass 1\n',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--expires-in-days must be a whole number from 1 to 365');

    const changed = await runCli(['user', 'password', '--password-stdin'], {
      env,
      input: 'wanda pass 1\nwanda pass 2\n',
    });
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('run wolfpack login again');
    // Every token of hers is revoked, the CLI's kept one is forgotten.
    expect((await runCli(['status', '--token', nightly], { env })).code).toBe(4);
    expect((await runCli(['whoami'], { env })).stderr).toMatch(/^not logged in at /);
    expect(
      (await runCli(['login', '--username', 'cli_wanda', '--password-stdin'], { env, input: 'wanda pass 2\n' })).code,
    ).toBe(0);
  });
});

describe('roles', () => {
  it('a viewer may look but not move a group: exit 4 naming the role needed', async () => {
    await seed.admin.users.create({ username: 'vera', password: 'vera-viewer-password', role: 'viewer' });
    const home = newHome();
    const env = { ...home.env, WOLFPACK_URL: seed.url };
    expect(
      (await runCli(['login', '--username', 'vera', '--password-stdin'], { env, input: 'vera-viewer-password' })).code,
    ).toBe(0);
    expect((await runCli(['group', 'list'], { env })).code).toBe(0);
    const move = await runCli(['group', 'move', 'SOCKET_GROUP', '--node', 'OSDB_BACK'], { env });
    expect(move.code).toBe(4);
    expect(move.stderr).toMatch(/vera \(role viewer\) may not move-group.*needs role operator\n$/);
    expect((await seed.admin.groups.get('SOCKET_GROUP')).ownerNode).toBe('OSDB_SERV');
  });
});
