import { afterEach, describe, expect, it } from 'vitest';
import { startSupervisedProcess, type SupervisedProcessOptions } from '../src/index.ts';

// What a resource's process finds in its environment about the cluster API: its own
// resource's URL and token when the resource type hands them over, and nobody else's.

const saved = { url: process.env.WOLFPACK_URL, token: process.env.WOLFPACK_TOKEN };

afterEach(() => {
  for (const [name, value] of [
    ['WOLFPACK_URL', saved.url],
    ['WOLFPACK_TOKEN', saved.token],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** The cluster API variables a real child process sees, as `URL|TOKEN` (`-` for unset). */
async function childSees(options: Pick<SupervisedProcessOptions, 'clusterApi' | 'env'>): Promise<string> {
  const lines: string[] = [];
  const child = startSupervisedProcess({
    command: process.execPath,
    args: [
      '-e',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the child program's own template literal
      'console.log(`${process.env.WOLFPACK_URL ?? "-"}|${process.env.WOLFPACK_TOKEN ?? "-"}|${process.env.OTHER ?? "-"}`)',
    ],
    ...options,
    log: (line) => lines.push(line),
    onExit: () => {},
  });
  await child.exited;
  await new Promise((resolve) => setTimeout(resolve, 50)); // the pipe may drain just after exit
  return lines.join('\n');
}

describe("the cluster API in a supervised process's environment", () => {
  it("gets the resource's own URL and token as WOLFPACK_URL and WOLFPACK_TOKEN", async () => {
    expect(await childSees({ clusterApi: { url: 'http://127.0.0.1:8080', token: 'wpr_own' } })).toBe(
      'http://127.0.0.1:8080|wpr_own|-',
    );
  });

  it("never inherits a token of whoever started the node (an admin's exported WOLFPACK_TOKEN)", async () => {
    process.env.WOLFPACK_URL = 'http://admin.example:8080';
    process.env.WOLFPACK_TOKEN = 'wpk_0000000000000000_the-admins-own-token';
    expect(await childSees({})).toBe('-|-|-');
    expect(await childSees({ clusterApi: { url: 'http://127.0.0.1:8080', token: 'wpr_own' } })).toBe(
      'http://127.0.0.1:8080|wpr_own|-',
    );
  });

  it("adds nothing else, and the resource type's own env still has the last word", async () => {
    expect(await childSees({ clusterApi: { url: 'http://a:1', token: 'wpr_own' }, env: { OTHER: 'kept' } })).toBe(
      'http://a:1|wpr_own|kept',
    );
    expect(
      await childSees({ clusterApi: { url: 'http://a:1', token: 'wpr_own' }, env: { WOLFPACK_URL: 'http://proxy:2' } }),
    ).toBe('http://proxy:2|wpr_own|-');
  });
});
