import { createSocket } from 'node:dgram';
import { freeTcpPort } from '@wolfpack/store-etcd/testing';

// The TCP ones live with the etcd launcher, which `cluster:local` runs (one implementation).
export { freeEtcdPorts, freeTcpPort, freeTcpPorts } from '@wolfpack/store-etcd/testing';

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
