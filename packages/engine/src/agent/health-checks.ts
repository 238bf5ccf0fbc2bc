import type { ResourceConfig } from '@wolfpack/contracts';
import type { HostPool } from './host-pool.ts';
import type { LocalResource } from './local-resource.ts';

export interface HealthCheckOptions {
  hosts: HostPool;
  /** The resource failed its checks (or its host hung). */
  fail(reason: string): Promise<void>;
  log(message: string): void;
}

/** Poll an Online resource's LooksAlive and IsAlive at its configured intervals. */
export function startHealthChecks(resource: LocalResource, config: ResourceConfig, options: HealthCheckOptions): void {
  stopHealthChecks(resource);
  const { hosts, fail, log } = options;
  const check = (kind: 'looksAlive' | 'isAlive') => async () => {
    if (resource.busy || resource.state !== 'Online' || !resource.hostName) return;
    const hostName = resource.hostName;
    try {
      const host = await hosts.get(hostName);
      let alive = await host[kind](resource.name, config.common.deadlockTimeoutMs);
      // As MSCS does: a failed LooksAlive is confirmed by IsAlive before failing.
      if (!alive && kind === 'looksAlive') alive = await host.isAlive(resource.name, config.common.deadlockTimeoutMs);
      if (!alive && resource.state === 'Online' && !resource.busy)
        await fail(`${kind === 'looksAlive' ? 'LooksAlive and IsAlive' : 'IsAlive'} check failed`);
    } catch (error) {
      log(`${resource.name}: ${kind} did not answer (${(error as Error).message}); killing resource host ${hostName}`);
      await hosts.kill(hostName);
      if (resource.state === 'Online' && !resource.busy) await fail(`resource host hung: ${(error as Error).message}`);
    }
  };
  resource.monitors.push(setInterval(check('looksAlive'), config.common.looksAlivePollIntervalMs));
  resource.monitors.push(setInterval(check('isAlive'), config.common.isAlivePollIntervalMs));
}

export function stopHealthChecks(resource: LocalResource): void {
  for (const timer of resource.monitors) clearInterval(timer);
  resource.monitors = [];
}
