import { networkInterfaces } from 'node:os';
import type { ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';
import { isLoopback, readProperties, validateAddress } from './address.ts';
import { announceAddress, runCommand } from './commands.ts';

/*
 * IP Address: an IPv4 address that follows its group. A non-loopback address is added
 * to the interface with `ip addr add` on the owner and removed when it goes offline;
 * a loopback one (127.0.0.0/8) is already routed to lo by Linux, so it is only claimed.
 */

// What `ip addr add` says when this exact address is already on the interface.
const alreadyAssigned = /File exists|Address already assigned/i;
// What `ip addr del` says when the address (or the interface) is already gone.
const alreadyGone = /Address not found|Cannot assign requested address|Cannot find device|does not exist/i;

/** True when the address is configured on the interface (and the interface is up). */
function isConfigured(interfaceName: string, address: string): boolean {
  const entries = networkInterfaces()[interfaceName] ?? [];
  return entries.some(
    (entry) => entry.address === address && (entry.family === 'IPv4' || (entry.family as unknown) === 4),
  );
}

function create(context: ResourceContext): ResourceInstance {
  const { address, prefixLength, interfaceName } = readProperties(context.properties);
  const cidr = `${address}/${prefixLength}`;
  const loopback = isLoopback(address);
  const label = `IP Address "${context.resource}"`;

  async function removeAddress(): Promise<string | undefined> {
    const result = await runCommand('ip', ['addr', 'del', cidr, 'dev', interfaceName]);
    if (result.exitCode === 0 || alreadyGone.test(result.stderr)) return undefined;
    return `${label}: cannot remove ${cidr} from interface ${interfaceName}: ${result.stderr.trim()}`;
  }

  function alive(): boolean {
    if (loopback) return true;
    const configured = isConfigured(interfaceName, address);
    if (!configured)
      context.log(
        `${label}: ${address} is no longer configured on interface ${interfaceName} (or the interface is down)`,
      );
    return configured;
  }

  return {
    async online() {
      if (loopback) {
        context.log(`${label}: ${address} is in 127.0.0.0/8, answered by lo without configuration`);
        return;
      }
      const result = await runCommand('ip', ['addr', 'add', cidr, 'dev', interfaceName]);
      if (result.missing) throw new Error(`${label}: cannot add ${cidr}: the "ip" command (iproute2) is not installed`);
      if (result.exitCode !== 0 && !alreadyAssigned.test(result.stderr)) {
        throw new Error(`${label}: cannot add ${cidr} to interface ${interfaceName}: ${result.stderr.trim()}`);
      }
      if (!isConfigured(interfaceName, address)) {
        // libuv lists only interfaces that are up and running: the address would not answer.
        await removeAddress();
        throw new Error(
          `${label}: added ${cidr}, but interface ${interfaceName} is not up and running; address removed again`,
        );
      }
      context.log(`${label}: added ${cidr} to interface ${interfaceName}`);
      announceAddress(interfaceName, address, context.log);
    },
    async offline() {
      if (loopback) return;
      const problem = await removeAddress();
      if (problem) throw new Error(problem);
      context.log(`${label}: removed ${cidr} from interface ${interfaceName}`);
    },
    async terminate() {
      if (loopback) return;
      try {
        const problem = await removeAddress();
        if (problem) context.log(problem);
      } catch (error) {
        context.log(`${label}: terminate: ${(error as Error).message}`);
      }
    },
    looksAlive: async () => alive(),
    isAlive: async () => alive(),
  };
}

/** The IP Address resource type module. */
const ipAddressType: ResourceTypeModule = {
  validate: (properties) => validateAddress(properties),
  create,
};

export default ipAddressType;
