import { spawnSync } from 'node:child_process';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/**
 * Why `docker-compose` cannot be used, or undefined when it is there (Debian's
 * docker-compose, installed now with apt-get when missing and root).
 */
export function dockerComposeMissing(): string | undefined {
  if (has('docker-compose')) return undefined;
  if (process.getuid?.() !== 0) return 'docker-compose is not installed (apt-get install docker-compose, as root)';
  spawnSync('sh', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose)'], {
    stdio: 'ignore',
  });
  return has('docker-compose') ? undefined : 'docker-compose is not installed and apt-get could not install it';
}

export interface ComposeService {
  image?: string;
  build?: { context: string };
  command?: string[];
  environment?: Record<string, string>;
  cap_add?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: { published: number | string; target: number }[];
  healthcheck?: { test: string[] };
}

export interface ComposeConfig {
  services: Record<string, ComposeService>;
  networks: Record<string, { ipam?: { config: { subnet: string; ip_range?: string }[] } }>;
  volumes: Record<string, unknown>;
}

/**
 * The compose file as Docker would run it: `docker-compose config` (interpolated and
 * merged), read with the YAML parser docker-compose itself runs on (python3-yaml).
 */
export function composeConfig(directory: string, env: Record<string, string> = {}): ComposeConfig {
  const config = spawnSync('docker-compose', ['config'], { cwd: directory, encoding: 'utf8', env: { ...process.env, ...env } });
  if (config.status !== 0) throw new Error(`docker-compose config failed: ${config.stderr}`);
  const json = spawnSync('python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: config.stdout, encoding: 'utf8' });
  if (json.status !== 0) throw new Error(`reading docker-compose config's YAML failed: ${json.stderr}`);
  return JSON.parse(json.stdout) as ComposeConfig;
}
