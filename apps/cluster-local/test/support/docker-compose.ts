import { spawnSync } from 'node:child_process';

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
  const config = spawnSync('docker-compose', ['config'], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (config.status !== 0) throw new Error(`docker-compose config failed: ${config.stderr}`);
  const json = spawnSync(
    'python3',
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    { input: config.stdout, encoding: 'utf8' },
  );
  if (json.status !== 0) throw new Error(`reading docker-compose config's YAML failed: ${json.stderr}`);
  return JSON.parse(json.stdout) as ComposeConfig;
}
