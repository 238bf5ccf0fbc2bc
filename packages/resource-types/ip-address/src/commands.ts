import { execFile, spawn } from 'node:child_process';

/** How a system command ended. `missing` is set when the program is not installed. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  missing: boolean;
}

/** Run a program with arguments (no shell) and collect its output; never rejects. */
export function runCommand(program: string, args: string[], timeoutMs = 10_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') {
        resolve({ exitCode: 127, stdout: '', stderr: `${program}: command not found`, missing: true });
        return;
      }
      const exitCode = error ? (typeof code === 'number' ? code : 1) : 0;
      resolve({ exitCode, stdout, stderr: stderr || (error ? error.message : ''), missing: false });
    });
  });
}

/**
 * Announce that this node now answers for the address (gratuitous ARP), so neighbours
 * update their caches at once. Best effort: arping may be absent, and the address
 * works without it. Not awaited: it must not delay bringing the resource online.
 */
export function announceAddress(interfaceName: string, address: string, log: (message: string) => void): void {
  const child = spawn('arping', ['-U', '-c', '1', '-I', interfaceName, address], { stdio: ['ignore', 'ignore', 'pipe'] });
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
