import { createClient } from '@wolfpack/client';

/**
 * The console's one @wolfpack/client, for the whole console and the panels it hosts.
 * Same origin (`url: ''`): the browser keeps the HttpOnly session cookie, and the client
 * keeps the CSRF token it learns from `session.login`/`session.get` and sends it on every
 * change. Providers tells it what a 401 means (the session ended); LiveProvider opens its
 * live feed (`client.live()`).
 */
export const client = createClient({ url: '' });
