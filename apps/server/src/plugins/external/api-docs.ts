import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { apiPrefix, everyEndpoint, mapPathParams } from '@wolfpack/contracts';
import type { FastifyInstance } from 'fastify';
import { sessionCookieName } from '../app/auth.ts';

/*
 * The OpenAPI document, generated from the route schemas (never written by hand), and
 * a browsable docs page. Register before the routes: swagger collects them as they come.
 */

export const apiDocsPrefix = `${apiPrefix}/docs`;

/** A table path as the OpenAPI document writes it: `/api/v1/groups/{name}/move`. */
export const openApiPathOf = (path: string): string => `${apiPrefix}${mapPathParams(path, (name) => `{${name}}`)}`;

type OpenApiDocument = { paths?: Record<string, Record<string, { requestBody?: { required?: boolean } }>> };

/**
 * @fastify/swagger marks every declared body required; the table knows which may be left
 * out (POST …/move with no node), and a script generated from the document must know too.
 */
function withOptionalBodies(document: OpenApiDocument): OpenApiDocument {
  for (const { endpoint } of everyEndpoint()) {
    if (!endpoint.bodyOptional) continue;
    const body = document.paths?.[openApiPathOf(endpoint.path)]?.[endpoint.method.toLowerCase()]?.requestBody;
    if (body) body.required = false;
  }
  return document;
}

/** Registers @fastify/swagger (OpenAPI 3) and @fastify/swagger-ui at /api/v1/docs. */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Wolfpack API',
        version: '1',
        description:
          'The Wolfpack cluster over HTTP. Sign in with POST /api/v1/session (cookie; send its csrfToken as x-csrf-token on changes) ' +
          'or send an API token as `Authorization: Bearer wpk_…`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transformObject: (documentObject) =>
      withOptionalBodies(('openapiObject' in documentObject ? documentObject.openapiObject : {}) as OpenApiDocument),
  });
  // The bundled server has no __dirname for swagger-ui to find its assets by: name them.
  const uiDir = dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json'));
  await app.register(swaggerUi, {
    routePrefix: apiDocsPrefix,
    baseDir: join(uiDir, 'static'),
    logo: { type: 'image/svg+xml', content: readFileSync(join(uiDir, 'static', 'logo.svg')) },
    staticCSP: true,
  });
}
