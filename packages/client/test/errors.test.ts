import { describe, expect, test } from 'vitest';
import { errorOfReply, unreachable, WolfpackError } from '../src/errors.ts';

describe('a refused reply becomes one WolfpackError', () => {
  test("the server's ErrorBody: its code, sentence and fields", () => {
    const error = errorOfReply(400, 'Bad Request', {
      error: 'validation',
      message: 'MaxUser must be <= 10',
      fields: [{ path: 'private.MaxUser', message: 'MaxUser must be <= 10' }, { bogus: 1 }],
    });
    expect(error).toBeInstanceOf(WolfpackError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation',
      message: 'MaxUser must be <= 10',
      fields: [{ path: 'private.MaxUser', message: 'MaxUser must be <= 10' }],
    });
    expect(error.toBody()).toEqual({
      error: 'validation',
      message: 'MaxUser must be <= 10',
      fields: [{ path: 'private.MaxUser', message: 'MaxUser must be <= 10' }],
    });
  });

  test("a proxy's page or an empty reply: a code from the status and a sentence from the text", () => {
    expect(errorOfReply(502, 'Bad Gateway', '<html>upstream down</html>')).toMatchObject({
      status: 502,
      code: 'internal',
      message: '502 <html>upstream down</html>',
    });
    expect(errorOfReply(404, 'Not Found', undefined)).toMatchObject({ code: 'not-found', message: '404 Not Found' });
    expect(errorOfReply(429, '', undefined)).toMatchObject({ code: 'rate-limited', message: '429 request failed' });
  });
});

describe('no answer at all', () => {
  test('says why in words, naming the address', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(unreachable('http://127.0.0.1:8080', cause)).toMatchObject({
      status: 0,
      code: 'unreachable',
      message: 'cannot reach http://127.0.0.1:8080: connection refused',
    });
    const dns = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND nowhere' },
    });
    expect(unreachable('http://nowhere:8080', dns).message).toBe('cannot reach http://nowhere:8080: host not found');
  });
});
