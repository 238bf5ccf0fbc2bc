/*
 * The watchdog inside the resource host, on its own: a stalled event loop must not make
 * it fence while a newer deadline is already waiting to be read (the agent renewed in
 * time; the host was busy). After a stall, Node runs due timers before it reads pending
 * input, so the watchdog looks at its input once more before it fences.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FenceWatchdog } from '../../src/host/fence-watchdog.ts';

const stall = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // a resource call or a big message keeping the host's event loop busy
  }
};

describe('FenceWatchdog', () => {
  it('reads a renewal that arrived during a stall before it fences', async () => {
    const fences: number[] = [];
    const watchdog = new FenceWatchdog(() => fences.push(Date.now()));
    watchdog.setDeadline(Date.now() + 60, 100);
    // The renewal: written to our pipe 20 ms from now, while this process is stalled.
    const renewer = spawn('sh', ['-c', 'sleep 0.02; echo renewed'], { stdio: ['ignore', 'pipe', 'ignore'] });
    renewer.stdout.on('data', () => watchdog.setDeadline(Date.now() + 5000, 100));
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        stall(150);
        resolve();
      }, 5),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fences).toEqual([]);
    expect(watchdog.fenced).toBe(false);
    watchdog.setDeadline(Date.now() - 1, 100);
  });

  it('fences when no renewal came', async () => {
    const fences: number[] = [];
    const watchdog = new FenceWatchdog(() => fences.push(Date.now()));
    watchdog.setDeadline(Date.now() + 30, 100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(fences).toHaveLength(1);
    expect(watchdog.fenced).toBe(true);
  });
});
