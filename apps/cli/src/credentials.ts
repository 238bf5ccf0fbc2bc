import { closeSync, existsSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/*
 * The API tokens `wolfpack login` created, one per server URL, in the user's config
 * folder ($XDG_CONFIG_HOME/wolfpack, else ~/.config/wolfpack). A token is a password:
 * the folder is 0700 and the file 0600, written whole, flushed to disk, then renamed
 * into place, so neither a crash nor a power loss leaves half a file.
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
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
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

function read(path: string): CredentialsFile {
  if (!existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as CredentialsFile) : {};
  } catch {
    // A damaged file holds nothing we can use; the next login writes a good one.
    return {};
  }
}

function write(path: string, credentials: CredentialsFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
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

/** The token stored for the server at `url`, if any. */
export function storedToken(url: string, env: NodeJS.ProcessEnv = process.env): StoredToken | undefined {
  return read(credentialsPath(env))[serverKey(url)];
}

export function storeToken(url: string, token: StoredToken, env: NodeJS.ProcessEnv = process.env): string {
  const path = credentialsPath(env);
  write(path, { ...read(path), [serverKey(url)]: token });
  return path;
}

/** Forgets the token of `url`; true when there was one. */
export function forgetToken(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const path = credentialsPath(env);
  const credentials = read(path);
  const key = serverKey(url);
  if (!(key in credentials)) return false;
  delete credentials[key];
  write(path, credentials);
  return true;
}
