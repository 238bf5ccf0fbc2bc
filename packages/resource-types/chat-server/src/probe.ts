import { connect } from 'node:net';

/**
 * A real client's view of the chat server: connects and reads the first line. True for
 * the greeting, or for "server full" (it answered, it is just busy); false for anything
 * else, a refused connection or silence within timeoutMs.
 */
export function chatAnswers(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    let received = '';
    const finish = (answer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const newline = received.indexOf('\n');
      if (newline === -1) return;
      const line = received.slice(0, newline);
      finish(line.startsWith('WELCOME ') || line.startsWith('ERROR server full'));
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}
