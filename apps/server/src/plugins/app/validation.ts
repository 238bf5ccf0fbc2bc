import { OptionalKind } from '@sinclair/typebox';
import { Ajv, type ErrorObject } from 'ajv';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/*
 * Request validation against the route schemas (contracts' TypeBox schemas are JSON
 * Schema). Bodies are checked as sent: no type coercion, no defaults filled in (a PATCH
 * must not reset what it did not name), every error reported. Params and query strings
 * arrive as text, so they are coerced ("50" → 50) and get their defaults.
 */

// verbose: errors carry their schema, so a pattern is explained by its description
// ("name is not valid: A name: 1-63 letters…"), not shown as a regular expression.
// The sentences come from @wolfpack/contracts/schema-messages (errors.ts), as everywhere.
const bodies = new Ajv({
  allErrors: true,
  strict: false,
  verbose: true,
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
});
const texts = new Ajv({
  allErrors: true,
  strict: false,
  verbose: true,
  coerceTypes: true,
  useDefaults: true,
  removeAdditional: false,
});

/** Sets the validator compilers; register before any route. */
export const validationPlugin = fp(
  async (app: FastifyInstance) => {
    app.setValidatorCompiler(({ schema, httpPart }) => {
      const validate = (httpPart === 'body' ? bodies : texts).compile(schema);
      // A body schema marked Type.Optional may be left out altogether (POST …/move with no body).
      if (httpPart !== 'body' || (schema as Record<symbol, unknown>)[OptionalKind] !== 'Optional') return validate;
      const optional = (data: unknown): boolean => {
        const ok = data === undefined || data === null || validate(data);
        optional.errors = ok ? null : validate.errors;
        return ok;
      };
      optional.errors = null as ErrorObject[] | null | undefined;
      return optional;
    });
  },
  { name: 'wolfpack-validation', fastify: '5.x' },
);
