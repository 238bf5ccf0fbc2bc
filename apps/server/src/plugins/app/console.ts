import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { replyNotFound } from './errors.ts';

/*
 * The web console: its built files (apps/console/dist) at `/`, and for any other GET
 * outside /api/ its index.html (the console routes in the browser). Until the console is
 * built, a small page says so. Unknown /api/ paths, and any other method, answer the
 * 404 ErrorBody.
 */

const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Wolfpack</title></head>
<body><main>
<h1>Wolfpack server</h1>
<p>The server is running, but the web console is not built yet (apps/console/dist is missing).</p>
<p>The REST API is at <a href="/api/v1/docs">/api/v1/docs</a>; its OpenAPI document at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</main></body></html>
`;

export interface ConsolePluginOptions {
  /** The console's build output (holds index.html when built). */
  consoleDir: string;
}

/** Serves the console and sets the not-found handler. */
export const consolePlugin = fp(
  async (app: FastifyInstance, options: ConsolePluginOptions) => {
    const indexPath = join(options.consoleDir, 'index.html');
    const built = existsSync(indexPath);
    if (built) {
      // Encapsulated, so this static's decorations cannot meet the API docs' own.
      await app.register(async (scope) => {
        await scope.register(fastifyStatic, {
          root: options.consoleDir,
          decorateReply: false,
          // The build writes .br and .gz beside each asset: the one the browser accepts is
          // sent as it is (with Vary: Accept-Encoding), nothing is compressed per request.
          preCompressed: true,
          // Built assets have content hashes in their names: they never change.
          setHeaders: (reply, path) => {
            reply.header(
              'cache-control',
              path.includes(join('/', 'assets', '/')) ? 'public, max-age=31536000, immutable' : 'no-cache',
            );
          },
        });
      });
    }

    const page = async (_request: FastifyRequest, reply: FastifyReply) => {
      const html = built ? await readFile(indexPath, 'utf8').catch(() => notBuilt) : notBuilt;
      return reply.code(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
    };
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!;
      if ((request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api')
        return page(request, reply);
      return replyNotFound(request, reply);
    });
  },
  { name: 'wolfpack-console', fastify: '5.x', dependencies: ['wolfpack-errors'] },
);
