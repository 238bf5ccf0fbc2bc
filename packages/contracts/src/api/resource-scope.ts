import { apiPrefix, endpoints } from './endpoints.ts';

/*
 * What a resource's own token may do (see resource-credential.ts), written once: read its
 * own resource, and follow that resource's changes on /live. The server's guard asks
 * this for every request a resource token makes.
 */

/** The one endpoint a resource token may call, on its own name only. */
export const resourceScopeEndpoint = endpoints.resources.get;

/** A request as the guard sees it: the method, the route's path template under /api/v1 (or whole), and its `:name`. */
export interface ScopedRequest {
  method: string;
  route: string;
  name?: string;
}

/** Why a resource token may not make this request, naming the rule; undefined when it may. */
export function resourceScopeRefusal(resource: string, request: ScopedRequest): string | undefined {
  const route = request.route.startsWith(apiPrefix) ? request.route.slice(apiPrefix.length) : request.route;
  const own = `${resourceScopeEndpoint.method} ${apiPrefix}${resourceScopeEndpoint.path.replace(':name', encodeURIComponent(resource))}`;
  const rule = `the token of resource ${resource} may only read its own resource (${own}) and follow its changes on /live`;
  if (request.method !== resourceScopeEndpoint.method || route !== resourceScopeEndpoint.path)
    return `${rule}, not ${request.method} ${apiPrefix}${route}`;
  if (request.name !== resource) return `${rule}, not resource ${request.name ?? '(none)'}`;
  return undefined;
}
