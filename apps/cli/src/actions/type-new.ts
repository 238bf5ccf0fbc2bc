import { basename, isAbsolute, relative, resolve } from 'node:path';
import { builtInTypeFolders } from '@wolfpack/built-in-types';
import type { Context } from '../context.ts';
import { usageError } from '../exit-codes.ts';
import { ask } from '../prompt.ts';
import { currentSdkPacks } from '../scaffold/sdk-packs.ts';
import { checkTargetFolder, typePackageFiles, writeTypePackage } from '../scaffold/type-package.ts';
import {
  checkTypeName,
  kebabOf,
  parseDependencies,
  parseParameter,
  parseParameters,
  splitCommand,
  type ParameterSpec,
  type TypeSpec,
} from '../scaffold/type-spec.ts';

/*
 * `wolfpack type new NAME`: the Resource Type AppWizard. Everything is checked before
 * anything is written: a bad --param, a taken or built-in name, or a folder that is not
 * empty ends with exit 2 and no file touched.
 */

export interface TypeNewOptions {
  dir?: string;
  param: string[];
  process?: string;
  depends?: string;
}

const builtInNames = builtInTypeFolders.map(([name]) => name);

/** Asks again until the answer parses; a parse failure is shown, not fatal, at a terminal. */
async function askUntilValid<T>(question: string, parse: (answer: string) => T): Promise<T> {
  for (;;) {
    try {
      return parse(await ask(question));
    } catch (error) {
      process.stderr.write(`  ${(error as Error).message}\n`);
    }
  }
}

/** The AppWizard's questions, when no flag was given on a terminal. */
export async function askTypeOptions(name: string | undefined): Promise<{ name: string } & TypeNewOptions> {
  process.stderr.write('New Wolfpack resource type. Enter accepts the [default].\n');
  const chosen = name ?? (await askUntilValid('Type name: ', (answer) => checkTypeName(answer, builtInNames)));
  const folder = `./${kebabOf(chosen)}`;
  const dir = (await ask(`Folder [${folder}]: `)) || folder;
  process.stderr.write(
    'Parameters, one a line as NAME:TYPE[:MIN..MAX][=DEFAULT] (TYPE: string, integer, number, boolean), e.g. MaxUser:integer:1..10=10; an empty line ends.\n',
  );
  const param: string[] = [];
  for (;;) {
    const spec = await askUntilValid<string | undefined>('  parameter: ', (answer) =>
      answer === '' ? undefined : (parseParameter(answer), answer),
    );
    if (spec === undefined) break;
    param.push(spec);
  }
  const command = await askUntilValid('Process to supervise, a command line (empty: none): ', (answer) =>
    answer === '' ? undefined : (splitCommand(answer), answer),
  );
  const depends = await askUntilValid(
    'Required dependencies, comma-separated, e.g. IP Address,Network Name,Disk (empty: none): ',
    (answer) => (parseDependencies(answer), answer),
  );
  return { name: chosen, dir, param, ...(command !== undefined ? { process: command } : {}), depends };
}

export function typeSpecOf(name: string, options: TypeNewOptions): TypeSpec {
  const checkedName = checkTypeName(name, builtInNames);
  const kebabName = kebabOf(checkedName) || 'resource-type';
  const parameters: ParameterSpec[] = parseParameters(options.param);
  const requiredDependencies = parseDependencies(options.depends);
  return {
    name: checkedName,
    kebabName,
    parameters,
    requiredDependencies,
    ...(options.process !== undefined ? { process: splitCommand(options.process) } : {}),
  };
}

export async function typeNew(context: Context, name: string | undefined, options: TypeNewOptions): Promise<void> {
  const noFlags =
    options.dir === undefined &&
    options.param.length === 0 &&
    options.process === undefined &&
    options.depends === undefined;
  const given = noFlags && process.stdin.isTTY ? await askTypeOptions(name) : { ...options, name };
  if (given.name === undefined)
    throw usageError('missing the type name: wolfpack type new NAME (or run it on a terminal to be asked)');
  const spec = typeSpecOf(given.name, given);
  const dir = resolve(given.dir ?? spec.kebabName);
  checkTargetFolder(dir);

  const { dir: packsDir, packs } = await currentSdkPacks();
  const fromHere = relative(process.cwd(), dir);
  const shownDir = fromHere === '' ? '.' : fromHere.startsWith('..') || isAbsolute(fromHere) ? dir : `./${fromHere}`;
  const written = writeTypePackage(dir, spec, typePackageFiles(spec, packs), packsDir, packs);
  if (context.output.json) return context.output.printJson({ name: spec.name, dir, files: written });
  context.output.line(`Created resource type "${spec.name}" in ${dir}:`);
  for (const file of written) context.output.line(`  ${file}`);
  context.output.line();
  context.output.line(`Next: cd ${shownDir} && npm install && npm test && npm run build`);
  context.output.line(`Then, as an admin: wolfpack type register ${shownDir}  (${basename(dir)}/README.md says more)`);
}
