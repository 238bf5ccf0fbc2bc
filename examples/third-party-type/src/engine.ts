import { createServer, type Server } from 'node:net';
import type { ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';

/*
 * The Greeting Server's engine module: a TCP server that sends one line and closes. It
 * is bundled into one self-contained ES module, as POST /resource-types stores it, so
 * every node agent can run it without this repository.
 */

function listenAddress(context: ResourceContext): string {
  const own = context.properties.Address;
  if (typeof own === 'string' && own !== '') return own;
  const ip = context.providers.find((provider) => provider.type === 'IP Address');
  return typeof ip?.properties.Address === 'string' ? ip.properties.Address : '127.0.0.1';
}

function create(context: ResourceContext): ResourceInstance {
  const label = `Greeting Server "${context.resource}"`;
  let server: Server | undefined;
  let greeted = 0;

  const close = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      const closing = server;
      server = undefined;
      closing.close(() => resolve());
    });

  return {
    async online() {
      const greeting = `${String(context.properties.Greeting)} (${context.node})\n`;
      const address = listenAddress(context);
      const port = Number(context.properties.Port);
      greeted = 0;
      server = createServer((socket) => {
        greeted += 1;
        socket.end(greeting);
        socket.on('error', () => socket.destroy());
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', (error) =>
          reject(new Error(`${label}: cannot listen on ${address}:${port}: ${error.message}`)),
        );
        server!.listen({ host: address, port }, () => resolve());
      });
      server.on('error', (error) => context.reportFailure(`${label}: ${error.message}`));
      context.log(`${label}: greeting on ${address}:${port}`);
    },
    offline: close,
    terminate: close,
    async looksAlive() {
      return server?.listening ?? false;
    },
    async isAlive() {
      return server?.listening ?? false;
    },
    async control(code) {
      if (code === 'greeting-count') return greeted;
      throw new Error(`${label}: unknown control code "${code}"; known: greeting-count`);
    },
  };
}

const greetingServer: ResourceTypeModule = {
  validate(properties) {
    return typeof properties.Greeting === 'string' && properties.Greeting.includes('\n')
      ? [{ path: 'private.Greeting', message: 'Greeting must be one line (no line breaks)' }]
      : [];
  },
  create,
};

export default greetingServer;
