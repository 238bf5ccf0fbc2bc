import { connect } from 'node:net';

/** The first line the chat server at host:port sends (its greeting); retries until timeoutMs. */
export async function greetingOf(host: string, port: number, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await firstLine(host, port);
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw new Error(`no greeting from ${host}:${port} within ${timeoutMs} ms: ${String(lastError)}`);
}

function firstLine(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buffer = '';
    const timer = setTimeout(() => finish(new Error('no line within 2 s')), 2000);
    const finish = (outcome: string | Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end >= 0) finish(buffer.slice(0, end).replace(/\r$/, ''));
    });
    socket.on('error', finish);
    socket.on('close', () => finish(new Error(`closed before a line; got ${JSON.stringify(buffer)}`)));
  });
}
