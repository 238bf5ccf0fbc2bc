import type { Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack node …`: the cluster's nodes. */
export function registerNodes(program: Command): void {
  const load = actionModule('nodes.ts', () => import('../actions/nodes.ts'));
  const node = program.command('node').description('nodes: list, show, pause, resume, create, delete, rename');
  runs(calls(node.command('list').description('every node with its state'), 'nodes.list'), load, 'list');
  runs(
    calls(node.command('show').argument('<name>').description('one node: state, process, host, lease'), 'nodes.get'),
    load,
    'show',
  );
  runs(
    calls(
      node
        .command('pause')
        .argument('<name>')
        .description('pause a node: it keeps what runs on it and takes no new groups'),
      'nodes.pause',
    ),
    load,
    'pause',
  );
  runs(
    calls(node.command('resume').argument('<name>').description('resume a paused node'), 'nodes.resume'),
    load,
    'resume',
  );
  runs(
    calls(
      node
        .command('create')
        .argument('<name>')
        .description('add a node (start its wolfpackd to bring it Up)')
        .option('--description <text>'),
      'nodes.create',
    ),
    load,
    'create',
  );
  runs(
    calls(node.command('delete').argument('<name>').description('remove a Down node'), 'nodes.delete'),
    load,
    'remove',
  );
  runs(
    calls(
      node.command('rename').argument('<name>').argument('<new-name>').description('rename a Down node'),
      'nodes.rename',
    ),
    load,
    'rename',
  );
}
