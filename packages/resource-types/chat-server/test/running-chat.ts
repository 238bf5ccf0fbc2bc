import { fileURLToPath } from 'node:url';
import type { ResourceInstance } from '@wolfpack/contracts';
import { buildWorkspace } from '@wolfpack/testing/build';
import { ChatClient } from '@wolfpack/testing/chat-client';
import { afterEach, beforeAll, expect } from 'vitest';
import chatServerType from '../src/engine.ts';
import type { makeChatContext } from './context.ts';

/*
 * Chat Server instances and clients of the type's tests (chat-server.test.ts,
 * chat-server-clients.test.ts): the chat process is built once, and what a test started
 * is closed after it.
 */

export const instances: ResourceInstance[] = [];
export const clients: ChatClient[] = [];

/** Creates the resource instance for a context and brings it online. */
export async function startChat(setup: ReturnType<typeof makeChatContext>): Promise<ResourceInstance> {
  const instance = chatServerType.create(setup.context);
  instances.push(instance);
  await instance.online();
  return instance;
}

export async function connectClient(setup: { address: string; port: number }): Promise<ChatClient> {
  const client = await ChatClient.connect(setup.address, setup.port);
  clients.push(client);
  return client;
}

/** Connects and reads the greeting, so the client is counted before the next one connects. */
export async function joinChat(setup: { address: string; port: number }): Promise<ChatClient> {
  const client = await connectClient(setup);
  expect(await client.nextLine()).toMatch(/^WELCOME /);
  return client;
}

/** Registers the hooks: the chat process built before the file's tests, instances and clients closed after each. */
export function useChatInstances(): void {
  beforeAll(async () => {
    // Only this package, as scripts/build.mjs builds it (the engine, run from src, finds
    // dist/chat-process.mjs): another workspace's half-written bundle must not break these tests.
    await buildWorkspace(fileURLToPath(new URL('..', import.meta.url)));
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(instances.splice(0).map((instance) => instance.terminate()));
  });
}
