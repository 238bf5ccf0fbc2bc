import { readFile } from 'node:fs/promises';
import { CommandError, endpoints } from '@wolfpack/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { builtInPanelPath, readRegisteredPanel } from '../../resource-types/index.ts';
import { endpointRoute } from '../endpoint-route.ts';

/** A version's panel never changes, so browsers keep it for a year without asking again. */
const immutable = 'public, max-age=31536000, immutable';

/**
 * GET /resource-types/:name/:version/panel.mjs: a type's admin panel, an ES module the
 * console loads with import() (same origin, so the session cookie comes with it).
 * Registered types' panels come from the store; built-in ones from their package's dist/.
 */
export const panelRoutes: FastifyPluginAsync = async (app) => {
  endpointRoute(app, endpoints.resourceTypes.panel, async (request, reply) => {
    const { name, version } = request.params;
    const entry = app.cluster.catalog.get(name);
    let text: string | undefined;
    if (entry?.builtIn) {
      const path =
        entry.manifest.version === version && entry.manifest.entryPoints.panel ? builtInPanelPath(entry) : undefined;
      text = path ? await readFile(path, 'utf8').catch(() => undefined) : undefined;
    } else {
      text = await readRegisteredPanel(app.cluster.store, name, version);
    }
    if (text === undefined) throw new CommandError('not-found', `resource type ${name} ${version} has no panel module`);
    return reply.header('cache-control', immutable).type('text/javascript; charset=utf-8').code(200).send(text);
  });
};
