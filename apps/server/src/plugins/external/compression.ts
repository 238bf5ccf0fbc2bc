import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/*
 * Large answers go compressed (brotli, else gzip) to a client that accepts it: GET
 * /api/v1/cluster is megabytes at a thousand groups and shrinks about tenfold. The
 * console's files are compressed once at build time and the static plugin sends them
 * with their Content-Encoding, which this hook leaves alone; what has no compressed copy
 * (index.html, source maps) is compressed here when the browser accepts it. Small answers
 * stay plain: below the threshold compression saves little. An answer that carries a
 * secret (the endpoint table's secretAnswer: a CSRF token, a new API token) is never
 * compressed, whatever its size (endpoint-route.ts). Request bodies are not decompressed:
 * the API's input limits stay what they say.
 */

/** Compress answers of at least this many bytes (streamed files are compressed whatever their size). */
export const compressionThreshold = 8 * 1024;

/** Registers @fastify/compress; before the console's static plugin, as it asks. */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: compressionThreshold,
    encodings: ['br', 'gzip'],
  });
}
