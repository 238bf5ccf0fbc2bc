// Free TCP ports for the members of a local etcd cluster. Here, not in @wolfpack/testing (which
// re-exports them), because `cluster:local` picks its members' ports at run time.
import { createServer } from 'node:net';

/** A TCP port free on host (loopback by default) right now (the kernel's choice). */
export function freeTcpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** count distinct TCP ports free on host right now. */
export async function freeTcpPorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freeTcpPort(host));
  return [...ports];
}

/** Client and peer ports for the members of a local etcd cluster (startEtcdCluster), all distinct. */
export async function freeEtcdPorts(
  members: number,
  host = '127.0.0.1',
): Promise<{ clientPorts: number[]; peerPorts: number[] }> {
  const ports = await freeTcpPorts(2 * members, host);
  return { clientPorts: ports.slice(0, members), peerPorts: ports.slice(members) };
}
