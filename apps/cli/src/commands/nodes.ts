import type { Command } from 'commander';
import { lazy } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack node …`: the cluster's nodes. */
export function registerNodes(program: Command): void {
  const load = async () => import('../actions/nodes.ts');
  const node = program.command('node').description('nodes: list, show, pause, resume, create, delete, rename');
  calls(node.command('list').description('every node with its state'), 'nodes.list').action(lazy(async () => (await load()).list));
  calls(node.command('show').argument('<name>').description('one node: state, process, host, lease'), 'nodes.get').action(lazy(async () => (await load()).show));
  calls(node.command('pause').argument('<name>').description('pause a node: it keeps what runs on it and takes no new groups'), 'nodes.pause').action(
    lazy(async () => (await load()).pause),
  );
  calls(node.command('resume').argument('<name>').description('resume a paused node'), 'nodes.resume').action(lazy(async () => (await load()).resume));
  calls(
    node.command('create').argument('<name>').description('add a node (start its wolfpackd to bring it Up)').option('--description <text>'),
    'nodes.create',
  ).action(lazy(async () => (await load()).create));
  calls(node.command('delete').argument('<name>').description('remove a Down node'), 'nodes.delete').action(lazy(async () => (await load()).remove));
  calls(node.command('rename').argument('<name>').argument('<new-name>').description('rename a Down node'), 'nodes.rename').action(
    lazy(async () => (await load()).rename),
  );
}
