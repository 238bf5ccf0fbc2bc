import type { ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';
import { startSupervisedProcess, type ExitInfo, type SupervisedProcess } from '@wolfpack/resource-sdk';
import { directoryProblem, readProperties, validateProperties } from './properties.ts';

/*
 * Generic Application: any program as a resource. It runs as /bin/sh -c 'exec <CommandLine>'
 * (so the shell is replaced by the program and signals reach it), supervised by the
 * resource SDK: its own process group, killed with its resource host, and an exit
 * nobody asked for is reported at once.
 *
 * Startup rule: online resolves once the program has been running for `startupWindowMs`.
 * If it exits within that window — whatever the exit code, since a resource that is
 * already gone is not online — online fails with its exit status and last output lines.
 */

/** How long a program must stay up before it counts as started. */
export const startupWindowMs = 200;
/** How long offline waits after SIGTERM before SIGKILL. */
export const stopGraceMs = 5_000;
const keptOutputLines = 20;

function describeExit(info: ExitInfo): string {
  if (info.error) return info.error;
  if (info.signal) return `was killed by ${info.signal}`;
  return `exited with code ${info.code}`;
}

function create(context: ResourceContext): ResourceInstance {
  const { commandLine, currentDirectory, environment } = readProperties(context.properties);
  const directory = currentDirectory || context.stateDir;
  const label = `Generic Application "${context.resource}"`;
  let application: SupervisedProcess | undefined;
  let phase: 'starting' | 'running' | 'stopping' = 'stopping';
  const output: string[] = [];

  function recentOutput(): string {
    return output.length > 0 ? `; last output: ${output.slice(-5).join(' | ')}` : '';
  }

  function onExit(info: ExitInfo): void {
    // While starting, online() reports the exit itself; while stopping, it was asked for.
    if (phase !== 'running' || info.expected) return;
    context.reportFailure(`${label}: process ${application?.pid ?? ''} ${describeExit(info)}${recentOutput()}`);
  }

  return {
    async online() {
      if (application?.running) return;
      const problem = directoryProblem(directory);
      if (problem) throw new Error(`${label}: ${problem}`);
      output.length = 0;
      phase = 'starting';
      const started = startSupervisedProcess({
        command: '/bin/sh',
        args: ['-c', `exec ${commandLine}`],
        cwd: directory,
        clusterApi: context.clusterApi,
        env: {
          ...environment,
          WOLFPACK_CLUSTER: context.cluster,
          WOLFPACK_NODE: context.node,
          WOLFPACK_GROUP: context.group,
          WOLFPACK_RESOURCE: context.resource,
          WOLFPACK_EPOCH: String(context.epoch),
        },
        log: (line, stream) => {
          output.push(line);
          if (output.length > keptOutputLines) output.shift();
          context.log(`[${stream}] ${line}`);
        },
        onExit,
      });
      application = started;
      try {
        await started.ready;
      } catch (error) {
        throw new Error(`${label}: cannot start "${commandLine}": ${(error as Error).message}`);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const early = await Promise.race([
        started.exited,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), startupWindowMs);
        }),
      ]);
      clearTimeout(timer);
      if (early || !started.running) {
        const info = early ?? (await started.exited);
        // Let the last lines of output arrive (stdio may close after the exit): they usually say why.
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error(
          `${label}: "${commandLine}" ${describeExit(info)} within ${startupWindowMs} ms of starting${recentOutput()}`,
        );
      }
      phase = 'running';
      context.log(`${label}: started process ${started.pid}`);
    },
    async offline() {
      phase = 'stopping';
      await application?.stop(stopGraceMs);
    },
    async terminate() {
      phase = 'stopping';
      try {
        application?.kill();
        await application?.exited;
      } catch (error) {
        context.log(`${label}: terminate: ${(error as Error).message}`);
      }
    },
    looksAlive: async () => application?.running === true,
    async isAlive() {
      if (!application?.running || application.pid === undefined) return false;
      try {
        process.kill(application.pid, 0);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The Generic Application resource type module. */
const genericApplicationType: ResourceTypeModule = {
  validate: (properties) => validateProperties(properties),
  create,
};

export default genericApplicationType;
