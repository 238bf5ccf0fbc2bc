import { readFileSync } from 'node:fs';
import { request } from 'node:https';

/** What an etcd member says to an HTTPS client that trusts its CA but has no certificate of its own. */
export function answerWithoutCertificate(url: string, caFile: string): Promise<string> {
  return new Promise((resolve) => {
    const asking = request(new URL('/health', url), { ca: readFileSync(caFile), timeout: 3000 }, (response) =>
      resolve(`answered ${response.statusCode}`),
    );
    asking.on('error', (error) => resolve(`refused: ${error.message}`));
    asking.on('timeout', () => asking.destroy(new Error('timeout')));
    asking.end();
  });
}
