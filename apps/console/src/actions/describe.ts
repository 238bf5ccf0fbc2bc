import type { CommandInvocation } from './registry.ts';

/** The pending label an object shows while a command runs on it. */
export function pendingLabel(invocation: CommandInvocation): string {
  switch (invocation.command) {
    case 'bring-online':
      return 'Bringing online…';
    case 'take-offline':
      return 'Taking offline…';
    case 'initiate-failure':
      return 'Initiating failure…';
    case 'move-group':
      return invocation.node ? `Moving to ${invocation.node}…` : 'Moving…';
    case 'pause-node':
      return 'Pausing…';
    case 'resume-node':
      return 'Resuming…';
    case 'delete':
      return 'Deleting…';
    default:
      return 'Working…';
  }
}

/** "Could not bring SOCKET_GROUP online": the headline of a refused command. */
export function failureTitle(invocation: CommandInvocation): string {
  const name = invocation.target.name;
  switch (invocation.command) {
    case 'bring-online':
      return `Could not bring ${name} online`;
    case 'take-offline':
      return `Could not take ${name} offline`;
    case 'initiate-failure':
      return `Could not initiate a failure of ${name}`;
    case 'move-group':
      return `Could not move ${name}${invocation.node ? ` to ${invocation.node}` : ''}`;
    case 'pause-node':
      return `Could not pause ${name}`;
    case 'resume-node':
      return `Could not resume ${name}`;
    case 'delete':
      return `Could not delete ${name}`;
    default:
      return `Could not complete the command on ${name}`;
  }
}
