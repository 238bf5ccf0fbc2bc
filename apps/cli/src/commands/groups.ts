import { Option, type Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';
import { nameList, withWait } from './options.ts';

/** `wolfpack group …`: groups, their failover policy, online/offline and Move Group. */
export function registerGroups(program: Command): void {
  const load = actionModule('groups.ts', () => import('../actions/groups.ts'));
  const group = program
    .command('group')
    .description('groups: list, show, create, delete, online, offline, rename, set, move');

  runs(calls(group.command('list').description('every group with its state and owner'), 'groups.list'), load, 'list');
  runs(
    calls(
      group.command('show').argument('<name>').description('one group: state, owner, policy, resources'),
      'groups.get',
    ),
    load,
    'show',
  );
  runs(
    calls(
      group
        .command('create')
        .argument('<name>')
        .description('create an empty group')
        .option('--description <text>')
        .addOption(
          new Option('--preferred-owners <nodes>', 'nodes in order of preference, comma-separated').argParser(nameList),
        ),
      'groups.create',
    ),
    load,
    'create',
  );
  runs(
    calls(group.command('delete').argument('<name>').description('delete an empty group'), 'groups.delete'),
    load,
    'remove',
  );
  runs(
    calls(
      group.command('rename').argument('<name>').argument('<new-name>').description('rename a group'),
      'groups.rename',
    ),
    load,
    'rename',
  );
  runs(
    calls(
      group
        .command('set')
        .argument('<name>')
        .argument(
          '<property=value...>',
          'description, preferredOwners, failoverThreshold, failoverPeriodMs, autoFailback, failbackWindow',
        )
        .description('change the description or failover policy, e.g. autoFailback=Allow failbackWindow=22-6'),
      'groups.update',
    ),
    load,
    'set',
  );
  runs(
    calls(
      withWait(
        group
          .command('online')
          .argument('<name>')
          .description('bring every resource of the group online, providers first'),
        'the group is Online',
      ),
      'groups.online',
    ),
    load,
    'online',
  );
  runs(
    calls(
      withWait(
        group
          .command('offline')
          .argument('<name>')
          .description('take every resource of the group offline, dependents first'),
        'the group is Offline',
      ),
      'groups.offline',
    ),
    load,
    'offline',
  );
  runs(
    calls(
      withWait(
        group
          .command('move')
          .argument('<name>')
          .description('Move Group: to --node, or the best other node')
          .option('--node <node>', 'the node to move to (default: the policy picks)')
          .option('--dry-run', 'print the plan, the steps the move would take, and change nothing'),
        'the group runs on its new node',
      ),
      'groups.move',
    ),
    load,
    'move',
  );
}
