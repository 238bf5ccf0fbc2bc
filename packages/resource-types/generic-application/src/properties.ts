import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { FieldError } from '@wolfpack/contracts';

/** The private properties of a Generic Application, defaults applied. */
export interface ApplicationProperties {
  commandLine: string;
  currentDirectory: string;
  environment: Record<string, string>;
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Read the private properties the agent hands over (already schema-validated). */
export function readProperties(properties: Record<string, unknown>): ApplicationProperties {
  const environment: Record<string, string> = {};
  const given = properties.Environment;
  if (given && typeof given === 'object')
    for (const [name, value] of Object.entries(given)) environment[name] = String(value);
  return {
    commandLine: String(properties.CommandLine ?? ''),
    currentDirectory: String(properties.CurrentDirectory ?? ''),
    environment,
  };
}

/** Checks beyond the schema, each naming its field and the rule. */
export function validateProperties(properties: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const commandLine = properties.CommandLine;
  if (typeof commandLine !== 'string' || commandLine.trim() === '') {
    errors.push({
      path: 'private.CommandLine',
      message: 'CommandLine is required: the program to run and its arguments',
    });
  }
  const directory = properties.CurrentDirectory ?? '';
  if (typeof directory !== 'string' || (directory !== '' && !isAbsolute(directory))) {
    errors.push({
      path: 'private.CurrentDirectory',
      message: `CurrentDirectory "${String(directory)}" must be an absolute folder path, or empty for the resource's state folder`,
    });
  }
  const environment = properties.Environment ?? {};
  if (typeof environment !== 'object' || environment === null || Array.isArray(environment)) {
    errors.push({
      path: 'private.Environment',
      message: 'Environment must be an object of variable name → string value',
    });
  } else {
    for (const [name, value] of Object.entries(environment)) {
      if (!variableName.test(name))
        errors.push({
          path: `private.Environment.${name}`,
          message: `Environment variable name "${name}" must be letters, digits and "_", not starting with a digit`,
        });
      else if (typeof value !== 'string')
        errors.push({ path: `private.Environment.${name}`, message: `Environment variable ${name} must be a string` });
    }
  }
  return errors;
}

/** Why the folder cannot be a working directory, or undefined when it can. */
export function directoryProblem(directory: string): string | undefined {
  if (!existsSync(directory)) return `CurrentDirectory ${directory} does not exist`;
  if (!statSync(directory).isDirectory()) return `CurrentDirectory ${directory} is not a folder`;
  return undefined;
}
