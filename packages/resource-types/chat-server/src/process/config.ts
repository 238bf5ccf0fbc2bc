import type { ChatConfig } from '../protocol.ts';

const stringFields = ['resource', 'group', 'node', 'netName', 'address', 'historyDir', 'reservationPath'] as const;
const integerFields = ['port', 'maxUser', 'epoch', 'idleTimeout', 'lineRate', 'lineBurst', 'historyMaxBytes'] as const;

/** Reads the chat process's one argument (JSON); throws naming the bad field. */
export function parseConfig(argument: string | undefined): ChatConfig {
  if (!argument) throw new Error('chat process: missing configuration argument (JSON)');
  const value = JSON.parse(argument) as Record<string, unknown>;
  for (const field of stringFields) {
    if (typeof value[field] !== 'string')
      throw new Error(`chat process: configuration field "${field}" must be a string`);
  }
  for (const field of integerFields) {
    if (!Number.isInteger(value[field]))
      throw new Error(`chat process: configuration field "${field}" must be an integer`);
  }
  return value as unknown as ChatConfig;
}
