import type { Command } from 'commander';
import { lazy } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack type …`: the resource types, and registering a built type package (regcladm). */
export function registerTypes(program: Command): void {
  const load = async () => import('../actions/types.ts');
  const type = program.command('type').description('resource types: list, show, panel, register, unregister');
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
  calls(
    type
      .command('register')
      .argument('<dir>', 'the type package: manifest.json and the built files its entryPoints name')
      .description('register a built resource type package (admin): its manifest, engine module and panel module'),
    'resourceTypes.register',
  ).action(lazy(async () => (await load()).register));
  calls(type.command('unregister').argument('<name>').description('remove a registered type no resource uses'), 'resourceTypes.unregister').action(
    lazy(async () => (await load()).unregister),
  );
}
