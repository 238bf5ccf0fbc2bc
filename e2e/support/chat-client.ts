import { ChatClient, greetingOf } from '../../apps/launcher/test/harness/chat-client.ts';

// One chat client for all tests: the launcher's test harness has it.
export { ChatClient };

/**
 * Connects until the server answers with a first line (a group that just moved may take
 * a moment to listen on its new node); resolves to that line and the open client.
 */
export async function greetingFrom(host: string, port: number, timeoutMs = 20_000): Promise<{ line: string; client: ChatClient }> {
  const { greeting, client } = await greetingOf(host, port, timeoutMs);
  return { line: greeting, client };
}
