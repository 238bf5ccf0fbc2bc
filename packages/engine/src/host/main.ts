import { killDescendants } from './descendants.ts';
import { FenceWatchdog } from './fence-watchdog.ts';
import { HostedResources } from './hosted-resources.ts';
import { describeError, isFenceDeadline, isHostRequest, type HostEvent, type HostReply } from './protocol.ts';

/*
 * The resource host process (the counterpart of MSCS's rhs.exe). The node agent starts
 * it with an IPC channel and runs resource type modules here, so a module that hangs,
 * spins or crashes costs its resource, never the agent. See resource-host.ts for the
 * agent's side.
 */

/** How long terminate() may take for each resource when the agent has gone away. */
const SHUTDOWN_TERMINATE_MS = 1000;

function send(message: HostEvent | HostReply): void {
  if (!process.connected) return;
  try {
    // The callback keeps a failed send (agent gone) from becoming an 'error' event.
    process.send?.(message, undefined, {}, () => {});
  } catch (error) {
    // A result JSON cannot carry (BigInt, a cycle): the agent still gets an answer.
    if ('id' in message)
      send({ id: message.id, ok: false, error: `the result could not be sent to the agent: ${describeError(error)}` });
  }
}

const resources = new HostedResources(send);

const watchdog = new FenceWatchdog((terminateWithinMs) => {
  send({
    event: 'log',
    message: `fence deadline passed: terminating ${resources.names().length} resource(s) before the node's lease runs out`,
  });
  void resources.terminateAll(terminateWithinMs).then(({ terminated, unfinished }) => {
    const killedProcesses = killDescendants();
    send({ event: 'fenced', terminated, unfinished, killedProcesses });
  });
});
resources.onlineRefusal = () => watchdog.refusal();

let shuttingDown = false;

/** The agent is gone (or asked us to stop): stop every resource, leave no process behind, exit. */
async function shutDown(why: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  send({ event: 'log', message: `shutting down: ${why}` });
  await resources.terminateAll(SHUTDOWN_TERMINATE_MS);
  killDescendants();
  process.exit(0);
}

process.on('message', (message: unknown) => {
  if (isFenceDeadline(message)) {
    watchdog.setDeadline(message.fenceDeadline, message.terminateWithinMs);
    return;
  }
  if (!isHostRequest(message)) {
    send({
      event: 'log',
      message: `ignored a message the resource host does not understand: ${describeError(message)}`,
    });
    return;
  }
  resources.handle(message).then(
    (result) => send({ id: message.id, ok: true, result }),
    (error: unknown) => send({ id: message.id, ok: false, error: describeError(error) }),
  );
});

process.on('disconnect', () => void shutDown('the node agent disconnected'));
process.on('SIGTERM', () => void shutDown('SIGTERM'));

// A module's stray promise or timer callback must not take the other resources down with it.
process.on('unhandledRejection', (reason) => {
  send({ event: 'log', message: `unhandled rejection in a resource type module: ${describeError(reason)}` });
});
process.on('uncaughtException', (error) => {
  send({ event: 'log', message: `uncaught exception in a resource type module: ${describeError(error)}` });
});

if (!process.send) {
  process.stderr.write('the resource host must be started by a node agent with an IPC channel\n');
  process.exit(2);
}
send({ event: 'ready', pid: process.pid });
