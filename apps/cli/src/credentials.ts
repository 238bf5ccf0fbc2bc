import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { usageError } from './exit-codes.ts';

/*
 * The API tokens `wolfpack login` created, one per server URL, in the user's config
 * folder ($XDG_CONFIG_HOME/wolfpack, else ~/.config/wolfpack). A token is a password:
 * the folder is 0700 and the file 0600, written whole, flushed to disk, then renamed
 * into place, so neither a crash nor a power loss leaves half a file. A file damaged all
 * the same is refused when read (exit 2, naming it) and moved aside by the next login,
 * never silently replaced: it holds the tokens of other servers too.
 */

export interface StoredToken {
  /** The secret itself (`wpk_…`). */
  token: string;
  /** Its id, for revoking it at logout. */
  id: string;
  username: string;
  /** Date.now() when login created it. */
  createdAt: number;
}

type CredentialsFile = Record<string, StoredToken>;

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(base, 'wolfpack', 'credentials.json');
}

/** One key per server whatever way its URL was written: `http://127.0.0.1:8080/` and `http://127.0.0.1:8080` are one server. */
export function serverKey(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url.replace(/\/+$/, '');
  }
}

/** A file that is not what `wolfpack login` writes: edited by hand, or cut short by a full disk. */
class DamagedCredentials extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} is damaged (${problem})`);
  }
}

const isStoredToken = (value: unknown): value is StoredToken =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as StoredToken).token === 'string' &&
  typeof (value as StoredToken).id === 'string';

/** The file's tokens; throws DamagedCredentials when it is not a JSON object of stored tokens. */
function read(path: string): CredentialsFile {
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DamagedCredentials(path, `not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new DamagedCredentials(path, 'not a JSON object');
  const bad = Object.entries(parsed).find(([, value]) => !isStoredToken(value));
  if (bad) throw new DamagedCredentials(path, `the entry for ${bad[0]} is not a stored token`);
  return parsed as CredentialsFile;
}

function write(path: string, credentials: CredentialsFile): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // mkdir's mode applies only to a folder it creates: one made earlier (by hand, by a
  // dotfiles tool, at 0755) is narrowed here, when it is ours to narrow.
  const stat = statSync(folder);
  if (stat.uid === process.getuid?.() && (stat.mode & 0o777) !== 0o700) chmodSync(folder, 0o700);
  const temporary = `${path}.${process.pid}.tmp`;
  const file = openSync(temporary, 'w', 0o600);
  try {
    // open's mode is masked by the umask and ignored for a file left by an earlier crash.
    fchmodSync(file, 0o600);
    writeSync(file, `${JSON.stringify(credentials, null, 2)}\n`);
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(temporary, path);
}

/**
 * The token stored for the server at `url`, if any. A damaged file is a CliError (exit 2)
 * naming it: "not logged in" would send the person to log in without saying why.
 */
export function storedToken(url: string, env: NodeJS.ProcessEnv = process.env): StoredToken | undefined {
  return readOrRefuse(credentialsPath(env))[serverKey(url)];
}

function readOrRefuse(path: string): CredentialsFile {
  try {
    return read(path);
  } catch (error) {
    if (!(error instanceof DamagedCredentials)) throw error;
    throw usageError(
      `${error.message}: fix it, or run \`wolfpack login\` (which moves it aside and starts a new file), or pass --token`,
    );
  }
}

export interface Stored {
  path: string;
  /** The token this replaced, for the caller to revoke. */
  previous?: StoredToken;
  /** Where a damaged file was moved, with why: its other servers' tokens are still in it. */
  movedAside?: { to: string; problem: string };
}

/**
 * Keeps `token` for the server at `url`, beside the other servers' tokens. A damaged file
 * is never overwritten (it may hold tokens of other servers a person can still recover):
 * it is renamed to credentials.json.damaged-<time>, and the new file starts empty.
 */
export function storeToken(url: string, token: StoredToken, env: NodeJS.ProcessEnv = process.env): Stored {
  const path = credentialsPath(env);
  const key = serverKey(url);
  let credentials: CredentialsFile;
  let movedAside: Stored['movedAside'];
  try {
    credentials = read(path);
  } catch (error) {
    if (!(error instanceof DamagedCredentials)) throw error;
    const to = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, to);
    movedAside = { to, problem: error.problem };
    credentials = {};
  }
  const previous = credentials[key];
  write(path, { ...credentials, [key]: token });
  return { path, ...(previous ? { previous } : {}), ...(movedAside ? { movedAside } : {}) };
}

/** Forgets the token of `url`; true when there was one. */
export function forgetToken(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const path = credentialsPath(env);
  const credentials = readOrRefuse(path);
  const key = serverKey(url);
  if (!(key in credentials)) return false;
  delete credentials[key];
  write(path, credentials);
  return true;
}
