import { CommandError, endpoints } from '@wolfpack/contracts';
import { invokeControl } from '@wolfpack/engine';
import type { FastifyPluginAsync } from 'fastify';
import { noteAudit } from '../../plugins/app/audit.ts';
import { requireRole, userOf } from '../../plugins/app/auth.ts';
import { endpointRoute } from '../endpoint-route.ts';

/**
 * POST /resources/:name/control: a resource type's control code (MSCS ResourceControl),
 * run on the node that owns the resource. A code the type's manifest marks readOnly
 * changes nothing, so viewers may call it; any other code needs an operator.
 */
export const controlRoutes: FastifyPluginAsync = async (app) => {
  endpointRoute(app, endpoints.resources.control, async (request) => {
    const { cluster } = app;
    const { name } = request.params;
    const { code, input } = request.body;
    const config = cluster.state().resources.get(name);
    if (!config) throw new CommandError('not-found', `resource ${name} does not exist`);
    const manifest = cluster.catalog.get(config.type)?.manifest ?? cluster.state().resourceTypes.get(config.type);
    const readOnly = manifest?.controlCodes.find((candidate) => candidate.code === code)?.readOnly ?? false;
    if (!readOnly) requireRole(request, 'operator', `run control code ${code} on ${name}`);
    const outcome = await invokeControl(cluster.store, cluster.catalog, {
      resource: name,
      code,
      input,
      actor: userOf(request).username,
    });
    // The engine logs a changing code it ran; a read-only one changed nothing.
    noteAudit(request, readOnly ? { skip: true } : { byEngine: true });
    return outcome;
  });
};
