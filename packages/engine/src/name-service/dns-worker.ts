/*
 * The DNS responder's thread (bundled as packages/engine/dist/dns-responder.mjs): it owns
 * the UDP socket, so however many queries arrive, the thread that renews the node's lease
 * never decodes one. The parent sends the name table whenever it changes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startDnsResponder } from './dns-responder.ts';
import type { DnsThreadMessage, DnsThreadReport, DnsThreadSettings } from './dns-thread.ts';

const parent = parentPort!;
const settings = workerData as DnsThreadSettings;
const report = (message: DnsThreadReport) => parent.postMessage(message);
let names: ReadonlyMap<string, readonly string[]> = new Map(settings.names);

try {
  const responder = await startDnsResponder({
    address: settings.address,
    port: settings.port,
    lookup: (name) => [...(names.get(name) ?? [])],
    onError: (error) => report({ type: 'error', message: error.message }),
    ...(settings.rateLimit ? { rateLimit: settings.rateLimit } : {}),
    ...(settings.globalRateLimit ? { globalRateLimit: settings.globalRateLimit } : {}),
  });
  parent.on('message', (message: DnsThreadMessage) => {
    if (message.type === 'names') names = new Map(message.names);
    else if (message.type === 'close')
      void responder.close().then(() => {
        report({ type: 'closed', dropped: responder.dropped });
        parent.close();
      });
  });
  report({ type: 'listening', port: responder.port });
} catch (error) {
  report({ type: 'failed', message: (error as Error).message });
  parent.close();
}
