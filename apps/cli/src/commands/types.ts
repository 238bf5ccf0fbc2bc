import type { Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack type …`: the resource types, and registering a built type package (regcladm). */
export function registerTypes(program: Command): void {
  const load = actionModule('types.ts', () => import('../actions/types.ts'));
  const type = program.command('type').description('resource types: list, show, panel, register, unregister');
  runs(calls(type.command('list').description('every resource type'), 'resourceTypes.list'), load, 'list');
  runs(
    calls(type.command('show').argument('<name>').description('one type: its properties with types and defaults, control codes, required dependencies'), 'resourceTypes.get'),
    load,
    'show',
  );
  runs(
    calls(
      type
        .command('panel')
        .argument('<name>')
        .argument('[version]', 'default: the registered version')
        .description('print the type\'s console panel module (JavaScript)'),
      'resourceTypes.get',
      'resourceTypes.panel',
    ),
    load,
    'panel',
  );
  runs(
    calls(
      type
        .command('register')
        .argument('<dir>', 'the type package: manifest.json and the built files its entryPoints name')
        .description('register a built resource type package (admin): its manifest, engine module and panel module'),
      'resourceTypes.register',
    ),
    load,
    'register',
  );
  runs(calls(type.command('unregister').argument('<name>').description('remove a registered type no resource uses'), 'resourceTypes.unregister'), load, 'unregister');
}
