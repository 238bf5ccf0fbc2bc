import { createClient, type WolfpackClient } from '@wolfpack/client';

/*
 * What the server tests add to @wolfpack/client (and @wolfpack/client/testing's `refusal`):
 * its typed methods for behaviour, `client.raw` for the HTTP surface itself. Nothing
 * here sends a request.
 */

/** A path under /api/v1 as `client.raw` takes it, each name URL-encoded: apiPath`/groups/${name}/move`. */
export function apiPath(strings: TemplateStringsArray, ...names: string[]): string {
  return strings.reduce(
    (path, part, index) => path + part + (index < names.length ? encodeURIComponent(names[index]!) : ''),
    '',
  );
}

/** A body or query the types would not let through, to see the server refuse it. */
export const malformed = <T>(value: unknown): T => value as T;

/** Another client acting with `client`'s session (its cookie and CSRF token), on `url`. */
export function sameSession(client: WolfpackClient, url = client.url): WolfpackClient {
  return createClient({ url, cookie: client.cookie!, csrfToken: client.csrfToken! });
}
