import type { Access, ObjectKind } from '@wolfpack/contracts';

/*
 * What every API route declares about itself in `config`: who may call it (auth), and
 * for the audit log the command it stands for and the kind of object its `:name` is.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; required on every /api/ route. */
    access?: Access;
    /** The command the route performs, e.g. `move-group` (audit log, refusal messages). */
    command?: string;
    /** The kind of object the route's `:name` (or `:username`, `:id`) names. */
    object?: ObjectKind;
  }
}

export type RouteConfig = { access: Access; command?: string; object?: ObjectKind };
