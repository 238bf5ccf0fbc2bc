import { CommanderError } from 'commander';
import { givenToken } from './context.ts';
import { storedToken } from './credentials.ts';
import { exitCodes, failureOf } from './exit-codes.ts';
import { buildProgram, defaultUrl } from './program.ts';

/*
 * The entry point bin/wolfpack.mjs runs: parse, run one command, exit with the code of
 * exit-codes.ts. Whatever goes wrong ends as one line on stderr, never a stack trace.
 */

/** Commander's own endings that are not errors: --help, --version. */
const helpCodes = new Set(['commander.helpDisplayed', 'commander.version']);

/** Whether the failed command sent a token: given (not empty), else stored for the URL. */
function tokenSent(options: { token?: string }, url: string): boolean {
  if (givenToken(options) !== undefined) return true;
  try {
    return storedToken(url) !== undefined;
  } catch {
    return false; // a damaged credentials file: nothing was read from it, so nothing was sent
  }
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return exitCodes.done;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      return helpCodes.has(error.code) ? exitCodes.done : exitCodes.refused;
    }
    const options = program.opts<{ url?: string; token?: string }>();
    const url = (options.url ?? defaultUrl).replace(/\/+$/, '');
    const failure = failureOf(error, url, tokenSent(options, url));
    process.stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  }
}

// `wolfpack … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) =>
  process.exit(error.code === 'EPIPE' ? exitCodes.done : exitCodes.unreachable),
);
