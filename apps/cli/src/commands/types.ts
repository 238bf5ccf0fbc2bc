import type { Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack type …`: the resource types, and registering a built type package (regcladm). */
export function registerTypes(program: Command): void {
  const load = actionModule('types.ts', () => import('../actions/types.ts'));
  const type = program.command('type').description('resource types: list, show, panel, register, unregister');
  runs(calls(type.command('list').description('every resource type'), 'resourceTypes.list'), load, 'list');
  runs(
    calls(
      type
        .command('show')
        .argument('<name>')
        .description('one type: its properties with types and defaults, control codes, required dependencies'),
      'resourceTypes.get',
    ),
    load,
    'show',
  );
  runs(
    calls(
      type
        .command('panel')
        .argument('<name>')
        .argument('[version]', 'default: the registered version')
        .description("print the type's console panel module (JavaScript)"),
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
        .option(
          '--replace',
          'register this version over the one the cluster has (resources switch at their next online)',
        )
        .option('--no-build', 'upload the built files as they are, even when older than src/ or manifest.json')
        .description(
          'register a resource type package (admin; regcladm): runs `npm run build` when stale, uploads manifest, engine and panel, prints their sha256',
        ),
      'resourceTypes.get',
      'resourceTypes.register',
    ),
    load,
    'register',
  );
  registerTypeNew(type);
  runs(
    calls(
      type
        .command('ocf-import')
        .argument(
          '<provider:agent>',
          'an OCF resource agent on this node, e.g. heartbeat:IPaddr2 (/usr/lib/ocf/resource.d/heartbeat/IPaddr2)',
        )
        .option('--name <name>', 'the type\'s name (default: "OCF PROVIDER AGENT")')
        .option(
          '--type-version <version>',
          "the type's version (default 1.0.0); a new one when the agent's meta-data changed",
        )
        .option('--replace', 'register this version over the one the cluster has')
        .option('--ocf-root <dir>', 'OCF_ROOT the agent lives under, on every node (default /usr/lib/ocf)')
        .description(
          "register an OCF resource agent, unchanged, as a type (admin): its meta-data's parameters become the type's properties",
        ),
      'resourceTypes.register',
    ),
    actionModule('ocf-import.ts', () => import('../actions/ocf-import.ts')),
    'ocfImport',
  );
  runs(
    calls(
      type
        .command('unregister')
        .argument('<name>')
        .description(
          'remove a registered type (refused while resources use it, naming them); every node deletes its module files',
        ),
      'resourceTypes.unregister',
    ),
    load,
    'unregister',
  );
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `wolfpack type new`: the Resource Type AppWizard; writes a package, calls no endpoint. */
function registerTypeNew(type: Command): void {
  runs(
    type
      .command('new')
      .argument('[name]', 'the type\'s name, e.g. "Echo Server" (asked on a terminal when no flag is given)')
      .option('--dir <dir>', 'where to write the package (default: ./<kebab-name>); must be new or empty')
      .option(
        '--param <spec>',
        'a parameter NAME:TYPE[:MIN..MAX][=DEFAULT], TYPE string|integer|number|boolean, e.g. MaxUser:integer:1..10=10 (repeatable)',
        collect,
        [],
      )
      .option(
        '--process <command>',
        'a program each online resource runs, supervised, e.g. "/usr/bin/chatd --port 7000"',
      )
      .option(
        '--depends <types>',
        'resource types it must depend on, comma-separated, e.g. "IP Address,Network Name,Disk"',
      )
      .description(
        'generate a resource type package (the AppWizard): manifest, engine, panel, tests; then npm install && npm test && npm run build',
      ),
    actionModule('type-new.ts', () => import('../actions/type-new.ts')),
    'typeNew',
  );
}
