import { InvalidArgumentError, Option, type Command } from 'commander';

/*
 * Option values shared by several commands, checked while parsing so a bad value is a
 * usage error (exit 2) before anything is sent.
 */

/** The longest wait a --timeout may ask for: a day. */
export const maxSeconds = 24 * 3600;

/**
 * A number of seconds above 0, up to a day. The bound is not taste: Node's setTimeout
 * fires after 1 ms when asked for more than 2^31-1 ms (about 24.8 days), so an
 * unbounded --timeout 3000000 would give up at once.
 */
export function seconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > maxSeconds)
    throw new InvalidArgumentError(`must be a number of seconds above 0, at most ${maxSeconds} (a day).`);
  return value;
}

export function wholeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError('must be a whole number.');
  return value;
}

/** `OSDB_SERV,OSDB_BACK` → ['OSDB_SERV', 'OSDB_BACK']. */
export function nameList(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

export interface WaitOptions {
  wait?: boolean;
  timeout: number;
}

/** `--wait` and `--timeout`: follow the live stream until the command's target state. */
export function withWait(command: Command, target: string): Command {
  return command
    .option('--wait', `follow the live stream until ${target}, showing each step`)
    .addOption(
      new Option('--timeout <seconds>', 'give up waiting after this long (exit 3)').argParser(seconds).default(60),
    );
}
