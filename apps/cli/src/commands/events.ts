import { Option, type Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';
import { wholeNumber } from './options.ts';

/** `wolfpack events`: the cluster event log, and with --follow every new event as it happens. */
export function registerEvents(program: Command): void {
  runs(
    calls(
      program
        .command('events')
        .description('the cluster event log, oldest first; --follow keeps printing new events from the live stream')
        .option('--follow', 'after the log, print each new event as it happens (Ctrl-C to stop)')
        .option('--object <name>', 'only the events of this node, group, resource, type or user')
        .addOption(
          new Option('--kind <kind>', 'with --object: the kind of object').choices([
            'cluster',
            'node',
            'group',
            'resource',
            'resourceType',
            'user',
          ]),
        )
        .addOption(
          new Option('--limit <n>', 'the newest N events of the log (1-1000)').argParser(wholeNumber).default(20),
        )
        .addOption(
          new Option('--since <revision>', 'only the events after this store revision').argParser(wholeNumber),
        ),
      'events.list',
    ),
    actionModule('events.ts', () => import('../actions/events.ts')),
    'events',
  );
}
