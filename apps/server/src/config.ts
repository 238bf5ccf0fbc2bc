import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { storeSettingsFromEnvironment, type StoreSettings } from '@wolfpack/store-connection';

/** The server's settings, from the environment (the README's names). */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** The first admin's password (first start only). */
  adminPassword: string | undefined;
  tls: { cert: Buffer; key: Buffer } | undefined;
  loginAttemptsPerMinute: number;
  /** Requests per client address per minute (WOLFPACK_RATE_LIMIT, WOLFPACK_RATE_LIMIT_ANONYMOUS), /live handshakes (WOLFPACK_LIVE_HANDSHAKES), each costly route (WOLFPACK_RATE_LIMIT_COSTLY). */
  rateLimits: {
    perMinute: number;
    anonymousPerMinute: number;
    liveHandshakesPerMinute: number;
    costlyPerMinute: number;
  };
  /** WOLFPACK_HEADERS_TIMEOUT_MS and WOLFPACK_REQUEST_TIMEOUT_MS. */
  timeouts: { headersMs: number; requestMs: number };
  /** Proxies whose X-Forwarded-For counts (WOLFPACK_TRUST_PROXY); undefined: none. */
  trustProxy: string[] | undefined;
  /** Where resources' processes reach this server (WOLFPACK_PUBLIC_URL); default: the address it listens on. */
  publicUrl: string | undefined;
  /** Origins besides the server's own whose pages may open the live stream (WOLFPACK_ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** The cluster store: etcd (--etcd / WOLFPACK_ETCD and the TLS settings), else the embedded store in dataDir. */
  store: StoreSettings;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

function timeouts(env: NodeJS.ProcessEnv): { headersMs: number; requestMs: number } {
  const headersMs = integer(env, 'WOLFPACK_HEADERS_TIMEOUT_MS', 10_000, 100, 3_600_000);
  const requestMs = integer(env, 'WOLFPACK_REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000);
  // The headers are part of the request: a longer wait for them would never count.
  if (headersMs > requestMs)
    throw new Error(
      `WOLFPACK_HEADERS_TIMEOUT_MS (${headersMs}) must not exceed WOLFPACK_REQUEST_TIMEOUT_MS (${requestMs})`,
    );
  return { headersMs, requestMs };
}

/** A comma-separated list of addresses or CIDR ranges (10.0.0.0/8, ::1). */
function trustProxy(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const version = isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 6 ? 128 : 32));
    if (version === 0 || !prefixOk || rest.length > 0) {
      throw new Error(
        `WOLFPACK_TRUST_PROXY must list the proxies' addresses or CIDR ranges, comma-separated (such as 10.0.0.5,192.168.0.0/24), not "${entry}"`,
      );
    }
  }
  return entries;
}

/** An origin: http or https, a host (and port), no path (a trailing slash allowed). */
const originPattern = /^https?:\/\/[^/\s]+\/?$/;

function publicUrl(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  if (!originPattern.test(text))
    throw new Error(
      `WOLFPACK_PUBLIC_URL must be an origin such as http://10.0.0.5:8080 (http or https, no path), not "${text}"`,
    );
  return text.replace(/\/$/, '');
}

/** A comma-separated list of origins (scheme://host[:port]), each normalized. */
function origins(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((item) => {
    const origin = item.trim();
    if (!originPattern.test(origin))
      throw new Error(
        `WOLFPACK_ALLOWED_ORIGINS must be comma-separated origins such as https://wolfpack.example.com (http or https, no path), not "${origin}"`,
      );
    return new URL(origin).origin;
  });
}

/**
 * Reads PORT (default 8080; 0 picks a free port), HOST (127.0.0.1), WOLFPACK_DATA_DIR
 * (./data), WOLFPACK_PUBLIC_URL (the URL resources are given; default the listening address), WOLFPACK_ADMIN_PASSWORD, WOLFPACK_TLS_CERT and WOLFPACK_TLS_KEY (PEM files,
 * both or neither), WOLFPACK_LOGIN_ATTEMPTS (per address per minute, default 10) and
 * WOLFPACK_ALLOWED_ORIGINS (origins besides its own whose pages may open /live);
 * the store from --etcd or WOLFPACK_ETCD (@wolfpack/store-connection's flags and variables).
 * WOLFPACK_RATE_LIMIT and WOLFPACK_RATE_LIMIT_ANONYMOUS (requests per address per minute,
 * 6000 and 600), WOLFPACK_LIVE_HANDSHAKES (/live handshakes per address per minute, 120),
 * WOLFPACK_RATE_LIMIT_COSTLY (per address per minute to each costly route, 120), WOLFPACK_HEADERS_TIMEOUT_MS and WOLFPACK_REQUEST_TIMEOUT_MS (10 s, 60 s),
 * WOLFPACK_TRUST_PROXY (the proxies' addresses or CIDR ranges; default none).
 * Throws naming the variable and the rule.
 */
export function readServerConfig(
  env: NodeJS.ProcessEnv = process.env,
  argv: string[] = process.argv.slice(2),
): ServerConfig {
  const certPath = env.WOLFPACK_TLS_CERT || undefined;
  const keyPath = env.WOLFPACK_TLS_KEY || undefined;
  if ((certPath === undefined) !== (keyPath === undefined))
    throw new Error('WOLFPACK_TLS_CERT and WOLFPACK_TLS_KEY go together: set both or neither');
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${name}: cannot read ${path}: ${(error as Error).message}`);
    }
  };
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.WOLFPACK_DATA_DIR || './data'),
    adminPassword: env.WOLFPACK_ADMIN_PASSWORD || undefined,
    tls:
      certPath && keyPath
        ? { cert: read('WOLFPACK_TLS_CERT', certPath), key: read('WOLFPACK_TLS_KEY', keyPath) }
        : undefined,
    loginAttemptsPerMinute: integer(env, 'WOLFPACK_LOGIN_ATTEMPTS', 10, 1, 100_000),
    rateLimits: {
      perMinute: integer(env, 'WOLFPACK_RATE_LIMIT', 6000, 1, 10_000_000),
      anonymousPerMinute: integer(env, 'WOLFPACK_RATE_LIMIT_ANONYMOUS', 600, 1, 10_000_000),
      liveHandshakesPerMinute: integer(env, 'WOLFPACK_LIVE_HANDSHAKES', 120, 1, 10_000_000),
      costlyPerMinute: integer(env, 'WOLFPACK_RATE_LIMIT_COSTLY', 120, 1, 10_000_000),
    },
    timeouts: timeouts(env),
    trustProxy: trustProxy(env.WOLFPACK_TRUST_PROXY),
    publicUrl: publicUrl(env.WOLFPACK_PUBLIC_URL),
    allowedOrigins: origins(env.WOLFPACK_ALLOWED_ORIGINS),
    store: storeSettingsFromEnvironment(argv, env),
  };
}
