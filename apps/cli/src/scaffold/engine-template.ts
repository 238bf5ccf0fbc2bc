import { sourceLiteral } from './source-literal.ts';
import type { ParameterSpec, TypeSpec } from './type-spec.ts';

/*
 * src/engine.ts of a generated type: the entry points an agent calls (the MSCS resource
 * DLL's Online, Offline, Terminate, LooksAlive, IsAlive), with a process supervised by
 * @wolfpack/resource-sdk when `--process` was given. Its test/engine.test.ts: engine-test-template.ts.
 */

const literal = sourceLiteral;

/** A value each parameter can take in the generated tests: its default, else one inside its range. */
export function sampleValue(parameter: ParameterSpec): string | number | boolean {
  if (parameter.default !== undefined) return parameter.default;
  if (parameter.kind === 'string') return 'example';
  if (parameter.kind === 'boolean') return false;
  return parameter.minimum ?? (parameter.maximum !== undefined ? Math.min(parameter.maximum, 1) : 1);
}

export const sampleProperties = (spec: TypeSpec) =>
  Object.fromEntries(spec.parameters.map((parameter) => [parameter.name, sampleValue(parameter)]));

export const stringParameters = (spec: TypeSpec) =>
  spec.parameters.filter((parameter) => parameter.kind === 'string').map((parameter) => parameter.name);

const validateSource = (spec: TypeSpec) => `/**
 * Checks beyond the manifest's property schema (which the server applies first): each
 * error names its field as \`private.<Name>\`. Add your own rules here.
 */
function validate(properties: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  // ${spec.process ? "Parameters become the process's environment variables: one line each." : 'A rule to start from: text parameters are one line each.'}
  for (const name of ${literal(stringParameters(spec))}) {
    const value = properties[name];
    if (typeof value === 'string' && /[\\r\\n]/.test(value)) errors.push({ path: \`private.\${name}\`, message: \`\${name} must be one line (no line breaks)\` });
  }
  return errors;
}`;

function supervisedEngine(spec: TypeSpec, process: NonNullable<TypeSpec['process']>): string {
  return `import type { FieldError, ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';
import { startSupervisedProcess, type ExitInfo, type SupervisedProcess } from '@wolfpack/resource-sdk';

/*
 * The engine module of the "${spec.name}" resource type: each online resource runs one
 * process under the resource SDK's supervision. The process runs in its own process
 * group and dies with its agent (even on kill -9); when it exits by itself the agent
 * hears at once through reportFailure and applies the resource's restart policy.
 * \`npm run build\` bundles this file into dist/engine.mjs, the module the cluster stores.
 */

/** The program each online resource runs, and its arguments (a path, or a name found in PATH). */
const command = ${literal(process.command)};
const args: string[] = ${literal(process.args)};
/** How long offline waits after SIGTERM before SIGKILL. */
const stopGraceMs = 5_000;

/**
 * What the resources this one depends on provide (the paper's IPAddress, NetName and
 * share): the app listens on the group's address and keeps its data on the group's disk,
 * which move with the group.
 */
const providedBy: Record<string, { property: string; variable: string }> = {
  'IP Address': { property: 'Address', variable: 'WOLFPACK_IP_ADDRESS' },
  'Network Name': { property: 'Name', variable: 'WOLFPACK_NETWORK_NAME' },
  Disk: { property: 'Path', variable: 'WOLFPACK_DISK_PATH' },
};

/**
 * The process's environment, added to the agent's: each parameter as WOLFPACK_PARAM_<Name>
 * (what the app reads when run by hand), what its dependencies provide, and where it runs.
 * app/cluster.mjs reads WOLFPACK_RESOURCE to know which resource is its own.
 */
function environmentOf(context: ResourceContext): Record<string, string> {
  const provided: Record<string, string> = {};
  for (const provider of context.providers) {
    const source = providedBy[provider.type];
    const value = source && provider.properties[source.property];
    if (source && value !== undefined && value !== '') provided[source.variable] = String(value);
  }
  return {
    ...Object.fromEntries(Object.entries(context.properties).map(([name, value]) => [\`WOLFPACK_PARAM_\${name}\`, String(value)])),
    ...provided,
    WOLFPACK_CLUSTER: context.cluster,
    WOLFPACK_NODE: context.node,
    WOLFPACK_GROUP: context.group,
    WOLFPACK_RESOURCE: context.resource,
  };
}

function describeExit(info: ExitInfo): string {
  if (info.error) return info.error;
  return info.signal ? \`was killed by \${info.signal}\` : \`exited with code \${info.code}\`;
}

function create(context: ResourceContext): ResourceInstance {
  const label = \`${spec.name} "\${context.resource}"\`;
  let app: SupervisedProcess | undefined;
  let stopping = false;

  return {
    async online() {
      if (app?.running) return;
      stopping = false;
      const started = startSupervisedProcess({
        command,
        args,
        cwd: context.stateDir,
        env: environmentOf(context),
        // The app's own cluster API: WOLFPACK_URL and WOLFPACK_TOKEN, a token that reads this
        // resource and follows its changes, revoked when it goes offline (app/cluster.mjs uses it).
        clusterApi: context.clusterApi,
        // On a root node the process runs as the resource user with no capability but those
        // manifest.json declares ("capabilities": ["CAP_NET_BIND_SERVICE"] for a port below 1024).
        capabilities: context.capabilities,
        log: (line) => context.log(\`\${label}: \${line}\`),
        onExit: (info) => {
          // An exit nobody asked for: the agent restarts or fails over at once, not at the next poll.
          if (!info.expected && !stopping) context.reportFailure(\`\${label}: process \${started.pid} \${describeExit(info)}\`);
        },
      });
      app = started;
      await started.ready;
      context.log(\`\${label}: started process \${started.pid}: \${[command, ...args].join(' ')}\`);
    },
    async offline() {
      if (!app?.running) return;
      stopping = true;
      await app.stop(stopGraceMs);
      context.log(\`\${label}: process \${app.pid} stopped\`);
    },
    async terminate() {
      if (!app?.running) return;
      stopping = true;
      app.kill();
      await app.exited;
    },
    // LooksAlive: cheap and frequent. IsAlive: thorough; probe the service here (connect to its port, ask it a question).
    async looksAlive() {
      return app?.running === true;
    },
    async isAlive() {
      return app?.running === true;
    },
  };
}

${validateSource(spec)}

const ${camelOf(spec.kebabName)}Type: ResourceTypeModule = { validate, create };

export default ${camelOf(spec.kebabName)}Type;
`;
}

function inProcessEngine(spec: TypeSpec): string {
  return `import type { FieldError, ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';

/*
 * The engine module of the "${spec.name}" resource type. Start your service in online()
 * and stop it in offline(); to run a program instead, see startSupervisedProcess in
 * @wolfpack/resource-sdk (\`wolfpack type new NAME --process "COMMAND"\` generates that).
 * \`npm run build\` bundles this file into dist/engine.mjs, the module the cluster stores.
 */

function create(context: ResourceContext): ResourceInstance {
  const label = \`${spec.name} "\${context.resource}"\`;
  let running = false;

  return {
    async online() {
      // Start the service here; throw to report that it cannot come online.
      running = true;
      context.log(\`\${label}: online on \${context.node}\`);
    },
    async offline() {
      running = false;
      context.log(\`\${label}: offline\`);
    },
    async terminate() {
      running = false;
    },
    async looksAlive() {
      return running;
    },
    async isAlive() {
      return running;
    },
  };
}

${validateSource(spec)}

const ${camelOf(spec.kebabName)}Type: ResourceTypeModule = { validate, create };

export default ${camelOf(spec.kebabName)}Type;
`;
}

/** "echo-server" → "echoServer"; a leading digit gets a prefix. */
export function camelOf(kebab: string): string {
  const camel = kebab.replace(/-([a-z0-9])/g, (_, char: string) => char.toUpperCase());
  return /^[a-z]/.test(camel) ? camel : `resource${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
}

export function engineSource(spec: TypeSpec): string {
  return spec.process ? supervisedEngine(spec, spec.process) : inProcessEngine(spec);
}
