import type { Command } from 'commander';
import { lazy } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack type …`: the registered resource types (registering one is issue 10's `type register`). */
export function registerTypes(program: Command): void {
  const load = async () => import('../actions/types.ts');
  const type = program.command('type').description('resource types: list, show, panel, unregister');
  calls(type.command('list').description('every resource type'), 'resourceTypes.list').action(lazy(async () => (await load()).list));
  calls(type.command('show').argument('<name>').description('one type: its properties with types and defaults, control codes, required dependencies'), 'resourceTypes.get').action(
    lazy(async () => (await load()).show),
  );
  calls(
    type
      .command('panel')
      .argument('<name>')
      .argument('[version]', 'default: the registered version')
      .description('print the type\'s console panel module (JavaScript)'),
    'resourceTypes.get',
    'resourceTypes.panel',
  ).action(lazy(async () => (await load()).panel));
  calls(type.command('unregister').argument('<name>').description('remove a registered type no resource uses'), 'resourceTypes.unregister').action(
    lazy(async () => (await load()).unregister),
  );
}
