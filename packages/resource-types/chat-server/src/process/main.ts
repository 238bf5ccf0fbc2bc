// The chat process: one per online Chat Server resource, started by the engine module
// through the resource SDK (own process group, dies with its resource host).
import { answerRequests } from '@wolfpack/resource-sdk';
import { chatExitCodes, historyReplayLines, type ChatEvent, type ChatLimits, type ChatRequest } from '../protocol.ts';
import { ChatServer } from './chat-server.ts';
import { parseConfig } from './config.ts';
import { staleOwnerReason } from './fence.ts';
import { History } from './history.ts';

/** Sends an event to the engine; resolves once it has left (or there is nobody to tell). */
function send(event: ChatEvent): Promise<void> {
  return new Promise((resolve) => {
    if (process.connected && process.send) process.send(event, () => resolve());
    else resolve();
  });
}

/** Tells the engine why the process cannot go on, then exits with the matching code. */
async function fail(reason: 'listen' | 'stale-owner' | 'history', message: string, code: number): Promise<never> {
  console.error(message);
  await send({ type: 'failed', reason, message });
  process.exit(code);
}

let config!: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.argv[2]);
} catch (error) {
  console.error((error as Error).message);
  process.exit(chatExitCodes.badConfig);
}
const endpoint = `${config.address}:${config.port}`;

function describeLimits(limits: ChatLimits): string {
  return `MaxUser ${limits.maxUser}, IdleTimeout ${limits.idleTimeout} s, LineRate ${limits.lineRate}/s, LineBurst ${limits.lineBurst}, HistoryMaxBytes ${limits.historyMaxBytes}`;
}

// Refuse to start at all on a disk another owner holds.
const startReason = staleOwnerReason(config);
if (startReason)
  await fail(
    'stale-owner',
    `stale owner: ${startReason}; ${config.node} epoch ${config.epoch} will not write to it`,
    chatExitCodes.staleOwner,
  );

let history!: History;
try {
  history = new History(config.historyDir, historyReplayLines, config.historyMaxBytes);
} catch (error) {
  await fail(
    'history',
    `cannot open the history in ${config.historyDir}: ${(error as Error).message}`,
    chatExitCodes.historyUnavailable,
  );
}

let shuttingDown = false;
async function shutdown(code: number, farewell: string | undefined): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  await server.close(farewell);
  history.close();
  process.exit(code);
}

const server = new ChatServer({
  config,
  history,
  staleOwnerReason: () => staleOwnerReason(config),
  onWriteFailed: (reason, message) => {
    console.error(message);
    void send({ type: 'failed', reason, message });
    void shutdown(reason === 'stale-owner' ? chatExitCodes.staleOwner : chatExitCodes.historyUnavailable, undefined);
  },
  log: (message) => console.log(message),
});

try {
  await server.listen();
} catch (error) {
  const { code, message } = error as NodeJS.ErrnoException;
  const why =
    code === 'EADDRINUSE'
      ? 'the address is already in use'
      : code === 'EADDRNOTAVAIL'
        ? 'the address is not on this node'
        : message;
  await fail('listen', `cannot listen on ${endpoint}: ${why} (${code ?? 'error'})`, chatExitCodes.cannotListen);
}

answerRequests((message) => {
  const request = message as ChatRequest;
  switch (request.type) {
    case 'connected-users':
      return server.connectedUsers();
    case 'set-limits':
      server.setLimits(request.limits);
      console.log(`limits are now ${describeLimits(request.limits)} (${server.connectedUsers().length} connected)`);
      return request.limits;
    case 'close':
      setImmediate(() => void shutdown(chatExitCodes.closed, `BYE ${config.group} is going offline on ${config.node}`));
      return { closing: true };
    default:
      throw new Error(`chat process: unknown request ${JSON.stringify(message)}`);
  }
});

process.on(
  'SIGTERM',
  () => void shutdown(chatExitCodes.closed, `BYE ${config.group} is going offline on ${config.node}`),
);
// Second safety net besides pdeathsig: without a supervisor nobody would fence this process.
process.on('disconnect', () => void shutdown(chatExitCodes.closed, undefined));

console.log(
  `chat server ${config.netName} (${config.group} on ${config.node}, epoch ${config.epoch}) listening on ${endpoint}, ${describeLimits(config)}, history in ${config.historyDir}`,
);
await send({ type: 'ready', address: config.address, port: config.port });
