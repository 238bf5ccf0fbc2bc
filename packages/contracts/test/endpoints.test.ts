import { describe, expect, test } from 'vitest';
import {
  Command,
  commandAccess,
  errorCodeOfStatus,
  everyEndpoint,
  fillPath,
  mapPathParams,
  pathParamNames,
  statusOfErrorCode,
} from '../src/index.ts';

/*
 * The endpoint table is data the server, the client and the CLI all derive from: these
 * are the rules that keep it coherent, one describe per rule.
 */

const entries = everyEndpoint().map(({ family, name, endpoint }) => ({ key: `${family}.${name}`, endpoint }));

describe('each path names its params in the order of its params schema', () => {
  test.each(entries)('$key', ({ endpoint }) => {
    expect(pathParamNames(endpoint.path)).toEqual(Object.keys(endpoint.params?.properties ?? {}));
  });
});

describe('no two endpoints share a method and a path', () => {
  test('every method + path is served once', () => {
    const routes = entries.map(({ endpoint }) => `${endpoint.method} ${endpoint.path}`);
    expect(routes.filter((route, index) => routes.indexOf(route) !== index)).toEqual([]);
  });
});

describe('a change says what it runs and who may', () => {
  test.each(entries.filter(({ endpoint }) => endpoint.method !== 'GET'))('$key', ({ endpoint }) => {
    expect(endpoint.command, 'audit log and refusal messages name the command').toBeDefined();
    expect(commandAccess[endpoint.command as keyof typeof commandAccess]).toBeDefined();
  });

  test('an endpoint that runs an engine command needs the role of every endpoint running it', () => {
    const engineCommands = new Set(Command.anyOf.map((member) => member.properties.type.const as string));
    for (const { key, endpoint } of entries) {
      if (endpoint.command === undefined || !engineCommands.has(endpoint.command)) continue;
      expect(endpoint.access, key).toBe(commandAccess[endpoint.command as keyof typeof commandAccess]);
    }
  });
});

describe('paths are filled with each value whole', () => {
  test('spaces, slashes and dots stay inside their segment', () => {
    expect(fillPath('/resources/:name/dependencies/:provider', ['Chat Server', 'a/b'])).toBe(
      '/resources/Chat%20Server/dependencies/a%2Fb',
    );
    expect(fillPath('/resource-types/:name/:version/panel.mjs', ['Chat Server', '1.0.0'])).toBe(
      '/resource-types/Chat%20Server/1.0.0/panel.mjs',
    );
  });

  test('a param name is read whole, underscores and digits included', () => {
    expect(pathParamNames('/things/:group_id/parts/:part2')).toEqual(['group_id', 'part2']);
    expect(fillPath('/things/:group_id', ['x'])).toBe('/things/x');
  });

  test('a missing value is an error, not "undefined" in the URL', () => {
    expect(() => fillPath('/groups/:name/move', [])).toThrow(/:name/);
  });
});

describe('a status without an ErrorBody has a code', () => {
  test('the code answered with that status, else a 4xx is validation and the rest internal', () => {
    for (const [code, status] of Object.entries(statusOfErrorCode)) expect(errorCodeOfStatus(status)).toBe(code);
    expect(errorCodeOfStatus(413)).toBe('validation');
    expect(errorCodeOfStatus(502)).toBe('internal');
  });

  test('OpenAPI-style paths come from the same reading of :params', () => {
    expect(mapPathParams('/resources/:name/dependencies/:provider', (name) => `{${name}}`)).toBe(
      '/resources/{name}/dependencies/{provider}',
    );
  });
});

describe('an answer that carries a secret is marked secretAnswer (the server never compresses it)', () => {
  // A CSRF token or an API token in a 2xx answer: its length must not depend on compression.
  const carriesSecret = (endpoint: (typeof entries)[number]['endpoint']) =>
    Object.entries(endpoint.replies).some(
      ([status, schema]) => Number(status) < 300 && /"(csrfToken|token)":\{/.test(JSON.stringify(schema)),
    );
  test.each(entries)('$key', ({ endpoint }) => {
    expect(endpoint.secretAnswer === true).toBe(carriesSecret(endpoint));
  });
});
