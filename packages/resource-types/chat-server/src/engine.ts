import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';
import { startSupervisedProcess, type ExitInfo, type SupervisedProcess } from '@wolfpack/resource-sdk';
import { chatAnswers } from './probe.ts';
import { readChatProperties, resolvePlacement, type ChatProperties } from './properties.ts';
import {
  chatExitCodes,
  type ChatConfig,
  type ChatEvent,
  type ChatLimits,
  type ChatRequest,
  type ConnectedUser,
} from './protocol.ts';

/*
 * Chat Server: the paper's TCP chat made cluster-aware. Each online resource runs one
 * chat process (dist/chat-process.mjs) under the resource SDK's supervision, listening on
 * the group's address and keeping its history on the group's disk.
 */

const requestTimeoutMs = 5_000;
const closeWaitMs = 5_000;
const stopGraceMs = 2_000;
const probeTimeoutMs = 5_000;
/** Properties the running process cannot take over: a change means a restart. */
const restartProperties = ['Port', 'IPAddress', 'ShareName', 'NetName'] as const;

/** The properties the running process takes over live. */
function chatLimits(properties: ChatProperties): ChatLimits {
  return {
    maxUser: properties.MaxUser,
    idleTimeout: properties.IdleTimeout,
    lineRate: properties.LineRate,
    lineBurst: properties.LineBurst,
    historyMaxBytes: properties.HistoryMaxBytes,
  };
}
const liveProperties = ['MaxUser', 'IdleTimeout', 'LineRate', 'LineBurst', 'HistoryMaxBytes'] as const;

/** The bundled chat process: beside the bundled engine, or in dist/ when running from src (tests). */
function chatProcessPath(): string {
  const candidates = ['./chat-process.mjs', '../dist/chat-process.mjs'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error(
      `Chat Server: the chat process bundle is missing (looked for ${candidates.join(', ')}); run node scripts/build.mjs`,
    );
  return found;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function describeExit(info: ExitInfo, reason: string | undefined): string {
  const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
  const meaning = info.code === chatExitCodes.staleOwner ? ' (stale owner: it lost the disk reservation)' : '';
  return `${how}${meaning}${reason ? `: ${reason}` : ''}`;
}

function create(context: ResourceContext): ResourceInstance {
  const label = `Chat Server "${context.resource}"`;
  let properties: ChatProperties = readChatProperties(context.properties);
  let chat: SupervisedProcess | undefined;
  let endpoint: { address: string; port: number } | undefined;
  let listening = false;
  let stopping = false;

  function running(): SupervisedProcess {
    if (!chat?.running || !listening) throw new Error(`${label} is not online on ${context.node}`);
    return chat;
  }

  async function online(): Promise<void> {
    if (chat?.running) return;
    const placement = resolvePlacement(context.resource, properties, context.providers);
    if (Array.isArray(placement)) throw new Error(placement.map((error) => error.message).join('; '));
    const config: ChatConfig = {
      resource: context.resource,
      group: context.group,
      node: context.node,
      netName: placement.netName,
      address: placement.address,
      port: properties.Port,
      ...chatLimits(properties),
      historyDir: join(placement.diskPath, properties.ShareName),
      epoch: context.epoch,
      reservationPath: join(placement.diskPath, '.wolfpack-reservation.json'),
    };
    endpoint = { address: config.address, port: config.port };
    listening = false;
    stopping = false;
    let failureReason: string | undefined;
    let started!: { resolve: () => void; reject: (error: Error) => void };
    const startup = new Promise<void>((resolve, reject) => (started = { resolve, reject }));

    const process_ = startSupervisedProcess({
      command: process.execPath,
      args: ['--enable-source-maps', chatProcessPath(), JSON.stringify(config)],
      ipc: true,
      clusterApi: context.clusterApi,
      log: (line) => context.log(`${label}: ${line}`),
      onMessage: (message) => {
        const event = message as ChatEvent;
        if (event.type === 'ready') {
          listening = true;
          started.resolve();
        } else if (event.type === 'failed') {
          failureReason = event.message;
          started.reject(new Error(`${label}: ${event.message}`));
        }
      },
      onExit: (info) => {
        const what = `chat process ${process_.pid} ${describeExit(info, failureReason)}`;
        if (!listening) {
          started.reject(new Error(`${label}: ${what} before it was listening on ${config.address}:${config.port}`));
          return;
        }
        listening = false;
        if (info.expected || stopping) return;
        // Detected at once, not at the next LooksAlive poll.
        context.reportFailure(`${label}: ${what}`);
      },
    });
    chat = process_;
    context.log(
      `${label}: started chat process ${process_.pid} for ${config.address}:${config.port}, history in ${config.historyDir}`,
    );
    try {
      await startup;
    } catch (error) {
      stopping = true;
      process_.kill();
      await process_.exited;
      throw error;
    }
  }

  async function offline(): Promise<void> {
    const current = chat;
    if (!current?.running) return;
    stopping = true;
    // Ask first: the process says goodbye to its clients and exits by itself.
    await current.request({ type: 'close' } satisfies ChatRequest, requestTimeoutMs).catch(() => {});
    await Promise.race([current.exited, delay(closeWaitMs)]);
    await current.stop(stopGraceMs);
    context.log(`${label}: chat process ${current.pid} stopped`);
  }

  async function terminate(): Promise<void> {
    const current = chat;
    if (!current?.running) return;
    stopping = true;
    current.kill();
    await Promise.race([current.exited, delay(closeWaitMs)]);
  }

  return {
    online,
    offline,
    terminate,
    async looksAlive() {
      return chat?.running === true && listening;
    },
    async isAlive() {
      if (!chat?.running || !listening || !endpoint) return false;
      return chatAnswers(endpoint.address, endpoint.port, probeTimeoutMs);
    },
    async control(code) {
      if (code === 'connected-users') {
        return running().request<ConnectedUser[]>({ type: 'connected-users' } satisfies ChatRequest, requestTimeoutMs);
      }
      throw new Error(`${label}: unknown control code "${code}"; known: connected-users`);
    },
    async applyProperties(changed) {
      const next = readChatProperties({ ...properties, ...changed });
      const restart = restartProperties.filter((name) => next[name] !== properties[name]);
      const live = liveProperties.filter((name) => next[name] !== properties[name]);
      if (restart.length === 0 && live.length > 0 && chat?.running && listening) {
        // Live: clients above a lowered MaxUser stay; only new ones are refused.
        await chat.request({ type: 'set-limits', limits: chatLimits(next) } satisfies ChatRequest, requestTimeoutMs);
        context.log(
          `${label}: ${live.map((name) => `${name} changed from ${properties[name]} to ${next[name]}`).join(', ')} without a restart`,
        );
      }
      properties = next;
      return restart.length === 0;
    },
  };
}

/** The Chat Server resource type module. */
const chatServerType: ResourceTypeModule = {
  validate(properties, context) {
    const placement = resolvePlacement(context.resource, readChatProperties(properties), context.providers);
    return Array.isArray(placement) ? placement : [];
  },
  create,
};

export default chatServerType;
