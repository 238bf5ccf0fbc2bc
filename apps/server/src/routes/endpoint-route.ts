import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Endpoint, EndpointReply } from '@wolfpack/contracts';
import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteHandlerMethod,
  RouteOptions,
} from 'fastify';

/*
 * A route registered from its entry in the contracts' endpoint table, so the path, the
 * schemas, the role and the OpenAPI text are written once, there. The route folders only
 * add the handler (and what only the server knows: a faster serializer, a rate limit).
 */

type StaticOf<S> = S extends TSchema ? Static<S> : unknown;

/** What the endpoint's schemas make of a request and its replies, in Fastify's terms. */
export interface EndpointRouteTypes<E extends Endpoint> {
  Params: StaticOf<E['params']>;
  Querystring: StaticOf<E['query']>;
  Body: E['bodyOptional'] extends true ? StaticOf<E['body']> | undefined : StaticOf<E['body']>;
  /** Every reply by status, so `reply.code(201).send(view)` is checked against the 201 schema. */
  Reply: { [Status in keyof E['replies']]: StaticOf<E['replies'][Status]> };
}

export type EndpointRequest<E extends Endpoint> = FastifyRequest<EndpointRouteTypes<E>>;
export type EndpointReplier<E extends Endpoint> = FastifyReply<EndpointRouteTypes<E>>;

/** A handler answers one of the endpoint's success replies, or sends one with a status through `reply`. */
export type EndpointHandler<E extends Endpoint> = (
  request: EndpointRequest<E>,
  reply: EndpointReplier<E>,
) => Promise<EndpointReply<E> | EndpointReplier<E>>;

/** Route options only the server has an opinion on: they are not part of the API's description. */
export interface ServerRouteOptions {
  serializerCompiler?: RouteOptions['serializerCompiler'];
  /** More route config beside the table's access, command and object (e.g. `rateLimit`). */
  config?: Omit<FastifyContextConfig, 'access' | 'command' | 'object'>;
}

/** The replies' schemas; a success reply that is not JSON names its media type (errors stay JSON). */
function repliesOf(endpoint: Endpoint): Endpoint['replies'] | Record<string, unknown> {
  const { produces } = endpoint;
  if (produces === undefined) return endpoint.replies;
  return Object.fromEntries(
    Object.entries(endpoint.replies).map(([status, schema]) => [
      status,
      status.startsWith('2') ? { content: { [produces]: { schema } } } : schema,
    ]),
  );
}

/**
 * Registers `endpoint` at its path (relative to the plugin's prefix, /api/v1) with `handler`,
 * whose request and reply are typed from the endpoint's schemas.
 * @example endpointRoute(app, endpoints.nodes.get, async (request) => view(app.cluster.state(), request.params.name));
 */
export function endpointRoute<E extends Endpoint>(
  app: FastifyInstance,
  endpoint: E,
  handler: EndpointHandler<E>,
  options: ServerRouteOptions = {},
): void {
  const { body, bodyOptional } = endpoint;
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    ...(endpoint.bodyLimit !== undefined ? { bodyLimit: endpoint.bodyLimit } : {}),
    ...(options.serializerCompiler ? { serializerCompiler: options.serializerCompiler } : {}),
    ...(endpoint.secretAnswer ? { compress: false as const } : {}),
    config: {
      ...options.config,
      access: endpoint.access,
      ...(endpoint.command !== undefined ? { command: endpoint.command } : {}),
      ...(endpoint.object !== undefined ? { object: endpoint.object } : {}),
    },
    schema: {
      tags: [endpoint.tag],
      summary: endpoint.summary,
      ...(endpoint.description !== undefined ? { description: endpoint.description } : {}),
      ...(endpoint.access === 'public' ? { security: [] } : {}),
      ...(endpoint.hidden ? { hide: true } : {}),
      ...(endpoint.params ? { params: endpoint.params } : {}),
      ...(endpoint.query ? { querystring: endpoint.query } : {}),
      ...(body ? { body: bodyOptional ? Type.Optional(body) : body } : {}),
      response: repliesOf(endpoint),
    },
    // The one place the endpoint's types meet Fastify's untyped route: Fastify validates
    // params, query and body against the very schemas EndpointRouteTypes is read from.
    handler: handler as unknown as RouteHandlerMethod,
  });
}
