import { spawn } from 'node:child_process';

// Commands run to their end through the resource SDK (the OCF agent type runs its agents the same way).
export { runCommand, type CommandResult } from '@wolfpack/resource-sdk';

/**
 * Announce that this node now answers for the address (gratuitous ARP), so neighbours
 * update their caches at once. Best effort: arping may be absent, and the address
 * works without it. Not awaited: it must not delay bringing the resource online.
 */
export function announceAddress(interfaceName: string, address: string, log: (message: string) => void): void {
  const child = spawn('arping', ['-U', '-c', '1', '-I', interfaceName, address], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') log(`gratuitous ARP for ${address} on ${interfaceName} failed: ${error.message}`);
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) log(`gratuitous ARP for ${address} on ${interfaceName} failed: ${stderr.trim()}`);
  });
  child.unref();
}
