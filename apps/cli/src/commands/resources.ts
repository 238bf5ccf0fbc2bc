import { Option, type Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';
import { nameList, withWait } from './options.ts';

/** `wolfpack resource …`: resources, their properties, dependencies and control codes. */
export function registerResources(program: Command): void {
  const load = actionModule('resources.ts', () => import('../actions/resources.ts'));
  const loadProperties = actionModule('resource-properties.ts', () => import('../actions/resource-properties.ts'));
  const resource = program
    .command('resource')
    .description(
      'resources: list, show, get, set, create, delete, online, offline, fail, rename, depend, undepend, control',
    );

  runs(
    calls(
      resource
        .command('list')
        .description('every resource with its state and owner')
        .option('--group <group>', 'only the resources of this group'),
      'resources.list',
    ),
    load,
    'list',
  );
  runs(
    calls(
      resource
        .command('show')
        .argument('<name>')
        .description('one resource: state, owner, dependencies and every property'),
      'resources.get',
      'resourceTypes.get',
    ),
    loadProperties,
    'show',
  );
  runs(
    calls(
      resource
        .command('get')
        .argument('<name>')
        .argument('[property]', 'one property: its value alone, for scripts')
        .description('the common and private properties, or one of them'),
      'resources.get',
      'resourceTypes.get',
    ),
    loadProperties,
    'get',
  );
  runs(
    calls(
      resource
        .command('set')
        .argument('<name>')
        .argument('[property=value...]', "typed by the resource type's schema: MaxUser=5 is the number 5")
        .description('change properties (common or private), the description or the possible owners')
        .option('--description <text>')
        .option('--possible-owners <nodes>', 'comma-separated nodes, or "all" for every node')
        .addOption(
          new Option('--reset <property>', 'reset a private property to its default (repeatable)').argParser(
            (name: string, names: string[] = []) => [...names, name],
          ),
        ),
      'resources.get',
      'resourceTypes.get',
      'resources.setProperties',
      'resources.update',
    ),
    loadProperties,
    'set',
  );
  runs(
    calls(
      resource
        .command('create')
        .argument('<name>')
        .argument('[property=value...]', 'private properties of the type, e.g. Path=/srv/disk')
        .description('create a resource (Offline) in a group')
        .requiredOption('--group <group>', 'the group it belongs to')
        .requiredOption('--type <type>', 'its resource type, e.g. "Generic Application"')
        .option('--description <text>')
        .addOption(
          new Option('--depends-on <resources>', 'providers in the same group, comma-separated').argParser(nameList),
        )
        .addOption(
          new Option(
            '--possible-owners <nodes>',
            'nodes that may run it, comma-separated (default: every node)',
          ).argParser(nameList),
        ),
      'resourceTypes.get',
      'resources.create',
    ),
    loadProperties,
    'create',
  );
  runs(
    calls(
      resource
        .command('delete')
        .argument('<name>')
        .description('delete an Offline or Failed resource nothing depends on'),
      'resources.delete',
    ),
    load,
    'remove',
  );
  runs(
    calls(
      withWait(
        resource.command('online').argument('<name>').description('bring the resource online, and its providers first'),
        'it is Online',
      ),
      'resources.online',
    ),
    load,
    'online',
  );
  runs(
    calls(
      withWait(
        resource
          .command('offline')
          .argument('<name>')
          .description('take the resource offline, and its dependents first'),
        'it is Offline',
      ),
      'resources.offline',
    ),
    load,
    'offline',
  );
  runs(
    calls(
      resource
        .command('fail')
        .argument('<name>')
        .description('Initiate Failure: the restart and failover policy takes it from there'),
      'resources.fail',
    ),
    load,
    'fail',
  );
  runs(
    calls(
      resource.command('rename').argument('<name>').argument('<new-name>').description('rename an Offline resource'),
      'resources.rename',
    ),
    load,
    'rename',
  );
  runs(
    calls(
      resource
        .command('depend')
        .argument('<name>')
        .argument('<provider>')
        .description('make the resource depend on a provider in its group'),
      'resources.addDependency',
    ),
    load,
    'depend',
  );
  runs(
    calls(
      resource
        .command('undepend')
        .argument('<name>')
        .argument('<provider>')
        .description("remove the resource's dependency on a provider"),
      'resources.removeDependency',
    ),
    load,
    'undepend',
  );
  runs(
    calls(
      resource
        .command('control')
        .argument('<name>')
        .argument('<code>', 'a control code of its type (see `wolfpack type show TYPE`)')
        .description('call a control code on the node running the resource, e.g. connected-users')
        .option('--input <json>', "the code's input, as JSON"),
      'resources.control',
    ),
    load,
    'control',
  );
}
