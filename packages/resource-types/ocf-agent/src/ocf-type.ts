import { mkdirSync } from 'node:fs';
import type { FieldError, ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';
import { runCommand, type CommandResult } from '@wolfpack/resource-sdk';
import { agentName, agentPath, agentProblem, parseAgentName, type AgentRef } from './agent.ts';
import { ocfEnvironment, rscTmpFor } from './environment.ts';
import { actionSucceeded, describeExitCode, monitorOutcome } from './exit-codes.ts';
import { awaitLateStop, startLateStop, type LateStopOutcome } from './late-stop.ts';
import { actionNamed, deepestMonitorDepth, parseMetaData, type MetaData } from './meta-data.ts';

/*
 * An OCF resource agent as a Wolfpack resource, the agent unchanged: online runs `start`
 * (then a `monitor` to confirm, as Pacemaker probes), offline and terminate run `stop`
 * (a terminate whose stop fails, as a fence cuts it short, runs it once more afterwards),
 * LooksAlive runs `monitor` at the agent's advertised interval and IsAlive runs it at
 * the deepest advertised depth. Each action is a short-lived command with the agent's
 * advertised timeout (Pacemaker's 20 s when it advertises none).
 *
 * One module serves both forms: the built-in "OCF Resource Agent" (the agent named by
 * its Agent property, parameters in Parameters) and a type registered by `wolfpack type
 * ocf-import` (the agent fixed, each parameter a property of its own).
 */

/** Pacemaker's default operation timeout, for an action the agent advertises none for. */
export const defaultActionTimeoutMs = 20_000;
/** For reading meta-data before its own advertised timeout is known. */
const metaDataTimeoutMs = 10_000;
const keptOutputLines = 5;

// One read per agent and process: meta-data is the agent's, not the resource's.
const metaDataByPath = new Map<string, Promise<MetaData>>();
/** Late stops this process started and still waits for, by the resource's HA_RSCTMP (late-stop.ts). */
const lateStops = new Map<string, Promise<void>>();

/** Run the agent's `meta-data` action and parse it; rejects naming the path and what is wrong. */
export async function readMetaData(ref: AgentRef): Promise<MetaData> {
  const problem = agentProblem(ref);
  if (problem) throw new Error(problem);
  const path = agentPath(ref);
  const result = await runCommand(path, ['meta-data'], {
    timeoutMs: metaDataTimeoutMs,
    env: { ...process.env, OCF_ROOT: ref.root },
  });
  if (result.timedOut)
    throw new Error(`OCF agent ${agentName(ref)}: ${path} meta-data did not finish within ${metaDataTimeoutMs} ms`);
  if (result.exitCode !== 0)
    throw new Error(
      `OCF agent ${agentName(ref)}: ${path} meta-data ended with ${describeExitCode(result.exitCode)}${lastLines(result)}`,
    );
  const parsed = parseMetaData(result.stdout);
  if ('problem' in parsed) throw new Error(`OCF agent ${agentName(ref)}: ${path}: ${parsed.problem}`);
  return parsed;
}

function cachedMetaData(ref: AgentRef): Promise<MetaData> {
  const path = agentPath(ref);
  let metaData = metaDataByPath.get(path);
  if (!metaData) {
    metaData = readMetaData(ref);
    metaData.catch(() => metaDataByPath.delete(path));
    metaDataByPath.set(path, metaData);
  }
  return metaData;
}

function lastLines(result: CommandResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.length > 0 ? `: ${lines.slice(-keptOutputLines).join(' | ')}` : '';
}

/** Where the agent and its parameters come from: fixed by ocf-import, or the built-in type's properties. */
interface Resolved {
  ref: AgentRef;
  parameters: Record<string, unknown>;
}

function resolveBuiltIn(properties: Record<string, unknown>): Resolved | { problem: string } {
  const parsed = parseAgentName(String(properties.Agent ?? ''));
  if ('problem' in parsed) return parsed;
  const parameters = properties.Parameters;
  return {
    ref: parsed,
    parameters: typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>) : {},
  };
}

/** The OCF engine module: with `fixed`, the type of one agent; without, the built-in "OCF Resource Agent". */
export function ocfTypeModule(fixed?: AgentRef): ResourceTypeModule {
  const resolve = (properties: Record<string, unknown>): Resolved | { problem: string } =>
    fixed ? { ref: fixed, parameters: properties } : resolveBuiltIn(properties);

  function validate(properties: Record<string, unknown>): FieldError[] {
    const resolved = resolve(properties);
    // Only the form is checked: the server need not be a node with the agent installed.
    return 'problem' in resolved ? [{ path: 'private.Agent', message: `Agent ${resolved.problem}` }] : [];
  }

  function create(context: ResourceContext): ResourceInstance {
    const resolved = resolve(context.properties);
    if ('problem' in resolved) throw new Error(`resource "${context.resource}": Agent ${resolved.problem}`);
    const { ref, parameters } = resolved;
    const path = agentPath(ref);
    const label = `OCF agent ${agentName(ref)} for "${context.resource}"`;
    const rscTmp = rscTmpFor(context.stateDir, context.resource);
    let lastMonitor: { at: number; alive: boolean } | undefined;
    let monitoring: Promise<boolean> | undefined;

    /** The action's timeout and environment; throws when the agent cannot be run. */
    async function prepare(
      action: 'start' | 'stop' | 'monitor',
      checkLevel?: number,
    ): Promise<{ timeoutMs: number; env: NodeJS.ProcessEnv }> {
      const problem = agentProblem(ref);
      if (problem) throw new Error(problem);
      const metaData = await cachedMetaData(ref);
      const timeoutMs = actionNamed(metaData, action)?.timeoutMs ?? defaultActionTimeoutMs;
      mkdirSync(rscTmp, { recursive: true });
      return {
        timeoutMs,
        env: ocfEnvironment({
          ref,
          resource: context.resource,
          rscTmp,
          parameters,
          metaData,
          timeoutMs,
          ...(checkLevel !== undefined ? { checkLevel } : {}),
        }),
      };
    }

    async function run(
      action: 'start' | 'stop' | 'monitor',
      checkLevel?: number,
    ): Promise<CommandResult & { timeoutMs: number }> {
      const { timeoutMs, env } = await prepare(action, checkLevel);
      const result = await runCommand(path, [action], { timeoutMs, env, cwd: rscTmp });
      if (result.missing) throw new Error(`${label}: cannot run ${path}${lastLines(result)}`);
      return { ...result, timeoutMs };
    }

    const outcomeText = (result: CommandResult & { timeoutMs: number }) =>
      result.timedOut
        ? `did not finish within its advertised timeout of ${result.timeoutMs} ms`
        : `ended with ${describeExitCode(result.exitCode)}`;

    async function monitor(checkLevel?: number): Promise<boolean> {
      const result = await run('monitor', checkLevel);
      const outcome = monitorOutcome(result.exitCode, result.timedOut);
      if (outcome === 'not-running')
        context.log(`${label}: monitor says not running (${describeExitCode(result.exitCode)})${lastLines(result)}`);
      if (outcome === 'failed') context.log(`${label}: monitor failed: it ${outcomeText(result)}${lastLines(result)}`);
      lastMonitor = { at: Date.now(), alive: outcome === 'running' };
      return outcome === 'running';
    }

    /** One monitor at a time: a poll that comes while one runs shares its answer. */
    function sharedMonitor(checkLevel?: number): Promise<boolean> {
      if (!monitoring) monitoring = monitor(checkLevel).finally(() => (monitoring = undefined));
      return monitoring;
    }

    async function stop(): Promise<void> {
      // One stop at a time: a terminate or offline after a fence waits for the late stop.
      await afterLateStop();
      const result = await run('stop');
      if (!actionSucceeded(result.exitCode, result.timedOut))
        throw new Error(`${label}: stop ${outcomeText(result)}${lastLines(result)}`);
      context.log(`${label}: stopped`);
    }

    function reportLateStop(outcome: LateStopOutcome | undefined): void {
      if (!outcome) return;
      const output = outcome.output ? `: ${outcome.output}` : '';
      if (outcome.exitCode === 0) context.log(`${label}: stopped by the stop run again after a failed terminate`);
      else if (outcome.running)
        context.log(`${label}: the stop run again after a failed terminate has not finished in its timeout${output}`);
      else if (outcome.exitCode === undefined)
        context.log(
          `${label}: the stop run again after a failed terminate ended without an exit code (killed, or the node restarted)${output}: the service may still run on this node`,
        );
      else
        context.log(
          `${label}: the stop run again after a failed terminate ${outcome.exitCode === 137 ? 'was killed at its timeout' : `ended with ${describeExitCode(outcome.exitCode)}`}${output}: the service may still run on this node`,
        );
    }

    /**
     * A terminate's stop failed or was cut short (a fence kills it past its budget), and a
     * service the agent daemonized would run on: the stop once more, detached from this
     * process so that neither the fence's kill nor the node's kill of the resource host
     * ends it (late-stop.ts); how it ended goes to the resource's log.
     */
    function stopAgainLater(): void {
      const late: Promise<void> = (async () => {
        const { timeoutMs, env } = await prepare('stop');
        startLateStop(path, rscTmp, env, timeoutMs);
        reportLateStop(await awaitLateStop(rscTmp, timeoutMs + 2000));
      })()
        .catch((error: unknown) =>
          context.log(`${label}: the stop run again after a failed terminate: ${(error as Error).message}`),
        )
        .finally(() => {
          if (lateStops.get(rscTmp) === late) lateStops.delete(rscTmp);
        });
      lateStops.set(rscTmp, late);
    }

    /** Waits for a late stop of this resource still running on this node (started here, or by a resource host since killed). */
    async function afterLateStop(): Promise<void> {
      const running = lateStops.get(rscTmp);
      if (running) return running;
      const { timeoutMs } = await prepare('stop');
      reportLateStop(await awaitLateStop(rscTmp, timeoutMs + 2000));
    }

    return {
      async online() {
        // A start while a late stop of the same resource still runs here would be stopped by it.
        await afterLateStop();
        const result = await run('start');
        if (!actionSucceeded(result.exitCode, result.timedOut))
          throw new Error(`${label}: start ${outcomeText(result)}${lastLines(result)}`);
        const confirm = await run('monitor');
        const outcome = monitorOutcome(confirm.exitCode, confirm.timedOut);
        if (outcome !== 'running')
          throw new Error(`${label}: started, but its monitor ${outcomeText(confirm)}${lastLines(confirm)}`);
        lastMonitor = { at: Date.now(), alive: true };
        context.log(`${label}: started (${path})`);
      },
      offline: stop,
      async terminate() {
        try {
          await stop();
        } catch (error) {
          context.log(`${label}: terminate: ${(error as Error).message}; running stop once more in the background`);
          stopAgainLater();
        }
      },
      async looksAlive() {
        // At the agent's advertised monitor interval: a poll that comes sooner gets the last answer.
        const intervalMs = actionNamed(await cachedMetaData(ref), 'monitor')?.intervalMs ?? 0;
        if (lastMonitor && Date.now() - lastMonitor.at < intervalMs) return lastMonitor.alive;
        return sharedMonitor();
      },
      async isAlive() {
        const depth = deepestMonitorDepth(await cachedMetaData(ref));
        return sharedMonitor(depth > 0 ? depth : undefined);
      },
    };
  }

  return { validate, create };
}
