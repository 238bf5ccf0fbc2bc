import type { WolfpackClient } from '@wolfpack/client';
import type { Command } from 'commander';
import { storedToken } from './credentials.ts';
import { Output } from './output/output.ts';

/*
 * What every command gets: the server's URL, the credentials to use and where output
 * goes. The client (and with it the contracts) is imported on the first call, so
 * `--help` and usage errors never load it.
 */

/** The options of the `wolfpack` command itself, given before or after the subcommand. */
export interface GlobalOptions {
  url: string;
  token?: string;
  json?: boolean;
  color: boolean;
}

/**
 * The token the options give, if any. An empty one counts as none: CI jobs export an
 * unset secret as WOLFPACK_TOKEN='', which must neither hide the stored token nor make a
 * 401 blame a token that was never sent.
 */
export function givenToken(options: Pick<GlobalOptions, 'token'>): string | undefined {
  return options.token?.trim() ? options.token : undefined;
}

export class Context {
  readonly url: string;
  readonly output: Output;
  readonly #token: string | undefined;
  #client: Promise<WolfpackClient> | undefined;

  constructor(options: GlobalOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#token = givenToken(options);
    this.output = new Output({ json: options.json === true, color: options.color });
  }

  static of(command: Command): Context {
    return new Context(command.optsWithGlobals<GlobalOptions>());
  }

  /** The token to act with: --token, else WOLFPACK_TOKEN (commander reads both; empty is none), else the one `wolfpack login` stored for this URL. */
  get token(): string | undefined {
    return this.#token ?? storedToken(this.url)?.token;
  }

  /** The client for the server, acting with `token` (or anonymously when there is none). */
  client(): Promise<WolfpackClient> {
    this.#client ??= this.clientWith(this.token);
    return this.#client;
  }

  /** A new client acting with the given token, or with none (to log in). */
  async clientWith(token: string | undefined): Promise<WolfpackClient> {
    const [{ createClient }, { httpFetch }] = await Promise.all([
      import('@wolfpack/client'),
      import('./http-fetch.ts'),
    ]);
    return createClient({ url: this.url, fetch: httpFetch, ...(token ? { token } : {}) });
  }
}
