import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { ObjectKind } from '../names.ts';
import type { Access } from '../roles.ts';

/*
 * What one REST endpoint is, as data: the server registers its route from it, the
 * OpenAPI document is generated from it, and @wolfpack/client derives a typed method
 * from it. The types below turn an endpoint into that method's arguments and reply.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Endpoint {
  readonly method: HttpMethod;
  /** Under /api/v1; each `:param` segment is a positional argument of the client's method, in order. */
  readonly path: string;
  /** The OpenAPI tag the endpoint is listed under. */
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  /** Who may call it: anyone, or a signed-in user with at least this role. */
  readonly access: Access;
  /** What it does, for the audit log and refusal messages: an engine command type or an account action. */
  readonly command?: string;
  /** The kind of object its `:name` (or body `name`) names. */
  readonly object?: ObjectKind;
  readonly params?: TObject;
  readonly query?: TObject;
  readonly body?: TSchema;
  /** The body may be left out (POST …/move without a node). */
  readonly bodyOptional?: boolean;
  /** Largest body accepted, in bytes, when more than the server's default 16 KiB (checked as it arrives: a 413). */
  readonly bodyLimit?: number;
  /** The reply's media type when it is not JSON. */
  readonly produces?: string;
  /** Left out of the OpenAPI document. */
  readonly hidden?: boolean;
  /**
   * Its answer carries a secret (a CSRF token, an API token shown once): never compressed,
   * so that its length cannot reveal the secret beside text a client chose (BREACH).
   */
  readonly secretAnswer?: boolean;
  /** Every reply by status, errors included (ErrorBody). */
  readonly replies: Readonly<Partial<Record<number, TSchema>>>;
}

/** Keeps an endpoint's literal types (so the client can derive from them) while checking its shape. */
export const endpoint = <const E extends Endpoint>(definition: E): E => definition;

/** `/resources/:name/dependencies/:provider` → ['name', 'provider']. */
export type PathParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? [Name, ...PathParamNames<`/${Rest}`>]
  : Path extends `${string}:${infer Name}`
    ? [Name]
    : [];

/** A `:param` segment: a name as PathParamNames reads it, up to the next `/` (names are identifiers). */
const paramSegment = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** The names of a path's `:param` segments, in order (the runtime twin of PathParamNames). */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(paramSegment)].map((match) => match[1]!);
}

/** The path with each `:param` replaced by what `replace` makes of its name and position. */
export function mapPathParams(path: string, replace: (name: string, index: number) => string): string {
  let index = 0;
  return path.replace(paramSegment, (_whole, name: string) => replace(name, index++));
}

/** The path with each `:param` replaced by its URL-encoded value (names may hold spaces). */
export function fillPath(path: string, values: readonly string[]): string {
  return mapPathParams(path, (name, index) => {
    const value = values[index];
    if (value === undefined) throw new TypeError(`${path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

export type SuccessStatus = 200 | 201 | 202 | 204;

type Replies<E extends Endpoint> = E['replies'];
type SuccessKeys<E extends Endpoint> = Extract<keyof Replies<E>, SuccessStatus>;

/** What a successful call answers: the union of the 2xx replies (void for 204 No Content). */
export type EndpointReply<E extends Endpoint> = {
  [S in SuccessKeys<E>]: S extends 204 ? void : Replies<E>[S] extends TSchema ? Static<Replies<E>[S]> : never;
}[SuccessKeys<E>];

export type EndpointBody<E extends Endpoint> = E['body'] extends TSchema ? Static<E['body']> : never;
export type EndpointQuery<E extends Endpoint> = E['query'] extends TSchema ? Static<E['query']> : never;

type Strings<Names extends string[]> = { [K in keyof Names]: string };
type ParamArguments<E extends Endpoint> = Strings<PathParamNames<E['path']>>;
type BodyArguments<E extends Endpoint> = E['body'] extends TSchema
  ? E['bodyOptional'] extends true
    ? [body?: EndpointBody<E>]
    : [body: EndpointBody<E>]
  : [];
type QueryArguments<E extends Endpoint> = E['query'] extends TSchema ? [query?: EndpointQuery<E>] : [];

/** A client method's arguments: the path's params in order, then the body, then the query. */
export type EndpointArguments<E extends Endpoint> = [...ParamArguments<E>, ...BodyArguments<E>, ...QueryArguments<E>];
