import { parseArgs } from 'node:util';

/** PEM files for etcd client TLS (etcd's --trusted-ca-file, and a client certificate when it asks for one). */
export interface EtcdTlsFiles {
  /** CA that signed the members' certificates; default the system's CAs. */
  caFile?: string;
  /** Client certificate and its key, for etcd's --client-cert-auth; both or neither. */
  certFile?: string;
  keyFile?: string;
}

/** Which cluster store a process uses: etcd when endpoints are given, else the embedded store in its data dir. */
export interface StoreSettings {
  /** etcd client URLs (http://host:port or https://host:port); absent: the embedded store. */
  etcd?: string[];
  /** Key prefix in etcd, so several clusters can share one etcd. Default none. */
  etcdPrefix?: string;
  etcdTls?: EtcdTlsFiles;
}

/** The store flags, for node:util parseArgs; every process that opens the store takes the same ones. */
export const storeCommandLineOptions = {
  etcd: { type: 'string' },
  'etcd-prefix': { type: 'string' },
  'etcd-ca': { type: 'string' },
  'etcd-cert': { type: 'string' },
  'etcd-key': { type: 'string' },
} as const;

/** Usage lines for the store flags (and the variables that stand for them). */
export const storeCommandLineUsage = [
  '  --etcd URL[,URL...]   etcd client URLs (WOLFPACK_ETCD); without it, the embedded store in the data dir',
  '  --etcd-prefix PREFIX  key prefix in etcd, to share one etcd between clusters (WOLFPACK_ETCD_PREFIX)',
  "  --etcd-ca FILE        CA of the members' certificates, for https:// URLs (WOLFPACK_ETCD_CA; default system CAs)",
  "  --etcd-cert FILE      client certificate for etcd's --client-cert-auth (WOLFPACK_ETCD_CERT)",
  '  --etcd-key FILE       its private key (WOLFPACK_ETCD_KEY)',
].join('\n');

/**
 * The etcd endpoints in a comma-separated list, checked: each an http:// or https:// URL
 * with a host and a port and nothing else, all with the same scheme. Throws naming `source`.
 */
export function parseEtcdEndpoints(text: string, source = '--etcd'): string[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0)
    throw new Error(`${source} must name at least one etcd member, e.g. http://10.0.0.1:2379; got "${text}"`);
  const endpoints = parts.map((part) => {
    if (!/^https?:\/\//i.test(part)) throw new Error(`${source}: "${part}" must start with http:// or https://`);
    let url: URL;
    try {
      url = new URL(part);
    } catch {
      throw new Error(`${source}: "${part}" is not a URL such as http://10.0.0.1:2379`);
    }
    if (url.port === '') throw new Error(`${source}: "${part}" has no port (etcd's client port is usually 2379)`);
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
      throw new Error(`${source}: "${part}" must be only scheme, host and port`);
    }
    return `${url.protocol}//${url.host}`;
  });
  const schemes = new Set(endpoints.map((endpoint) => endpoint.slice(0, endpoint.indexOf(':'))));
  if (schemes.size > 1) throw new Error(`${source}: the endpoints mix http:// and https://; use one for all members`);
  return endpoints;
}

type FlagValues = Partial<Record<keyof typeof storeCommandLineOptions, string | boolean | undefined>>;

/**
 * Store settings from parsed flags (storeCommandLineOptions), falling back to WOLFPACK_ETCD,
 * WOLFPACK_ETCD_PREFIX, WOLFPACK_ETCD_CA, WOLFPACK_ETCD_CERT, WOLFPACK_ETCD_KEY. Throws
 * naming the flag and the rule.
 */
export function storeSettingsFromValues(values: FlagValues, env: NodeJS.ProcessEnv = process.env): StoreSettings {
  const pick = (flag: keyof typeof storeCommandLineOptions, variable: string): [string, string] | undefined => {
    const given = values[flag];
    if (given === true || given === '') throw new Error(`--${flag} needs a value`);
    if (typeof given === 'string') return [given, `--${flag}`];
    const fromEnv = env[variable];
    return fromEnv ? [fromEnv, variable] : undefined;
  };
  const etcd = pick('etcd', 'WOLFPACK_ETCD');
  const prefix = pick('etcd-prefix', 'WOLFPACK_ETCD_PREFIX');
  const ca = pick('etcd-ca', 'WOLFPACK_ETCD_CA');
  const cert = pick('etcd-cert', 'WOLFPACK_ETCD_CERT');
  const key = pick('etcd-key', 'WOLFPACK_ETCD_KEY');
  const etcdOnly = [prefix, ca, cert, key].find((setting) => setting !== undefined);
  if (!etcd) {
    if (etcdOnly) throw new Error(`${etcdOnly[1]} applies to etcd only: give --etcd (or WOLFPACK_ETCD) too`);
    return {};
  }
  const settings: StoreSettings = { etcd: parseEtcdEndpoints(etcd[0], etcd[1]) };
  if (prefix) settings.etcdPrefix = prefix[0];
  if ((cert === undefined) !== (key === undefined))
    throw new Error(`${(cert ?? key)![1]}: --etcd-cert and --etcd-key go together: give both or neither`);
  if (ca || cert) {
    if (!settings.etcd![0]!.startsWith('https:'))
      throw new Error(`${(ca ?? cert)![1]}: TLS files need https:// etcd endpoints, not ${settings.etcd![0]}`);
    settings.etcdTls = {
      ...(ca ? { caFile: ca[0] } : {}),
      ...(cert && key ? { certFile: cert[0], keyFile: key[0] } : {}),
    };
  }
  return settings;
}

/**
 * Store settings from a command line (only the store flags are read; others are left to
 * their owner) and the environment; the flags win. Throws naming the flag and the rule.
 */
export function storeSettingsFromEnvironment(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): StoreSettings {
  const { values } = parseArgs({ args: argv, options: storeCommandLineOptions, strict: false, allowPositionals: true });
  return storeSettingsFromValues(values as FlagValues, env);
}
