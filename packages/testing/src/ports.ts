import { createSocket } from 'node:dgram';
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

/** A UDP port free on loopback right now (the kernel's choice): a DNS responder's. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** A port free for both UDP and TCP (the cluster's DNS responder answers on both). */
export async function freeUdpAndTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freeTcpPort();
    if (await udpPortFree(port)) return port;
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1 after 50 tries');
}
