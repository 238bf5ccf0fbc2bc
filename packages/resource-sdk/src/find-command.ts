import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The absolute path of `command` as exec would find it (a path, or a name searched in
 * PATH), or undefined when there is none. Checked up front because behind setpriv a
 * missing command would only show as an exit code.
 */
export function findCommand(command: string, options: { cwd?: string; path?: string } = {}): string | undefined {
  if (command.includes('/')) {
    const full = isAbsolute(command) ? command : resolve(options.cwd ?? process.cwd(), command);
    return executable(full) ? full : undefined;
  }
  for (const dir of (options.path ?? process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, command);
    if (executable(full)) return full;
  }
  return undefined;
}

/**
 * util-linux's setpriv, or undefined: every process Wolfpack starts for a resource, a
 * resource host or a registered type's checks goes through it (parent-death signal,
 * no_new_privs, the resource user), so it is looked up here once.
 */
export const setprivPath: string | undefined = findCommand('/usr/bin/setpriv') ?? findCommand('setpriv');
