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
        .option('--replace', 'register this version over the one the cluster has (resources switch at their next online)')
        .option('--no-build', 'upload the built files as they are, even when older than src/ or manifest.json')
        .description('register a resource type package (admin; regcladm): runs `npm run build` when stale, uploads manifest, engine and panel, prints their sha256'),
      'resourceTypes.get',
      'resourceTypes.register',
    ),
    load,
    'register',
  );
  runs(
    calls(type.command('unregister').argument('<name>').description('remove a registered type (refused while resources use it, naming them); every node deletes its module files'), 'resourceTypes.unregister'),
    load,
    'unregister',
  );
}
