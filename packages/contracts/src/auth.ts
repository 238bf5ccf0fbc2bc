import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './names.ts';

/** viewer: read. operator: online/offline/fail/move/pause/resume. admin: everything else. */
export const Role = Type.Union([Type.Literal('viewer'), Type.Literal('operator'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

export const Username = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_.@-]+$',
  description: 'Letters, digits, "_", ".", "@" or "-"',
});

export const Password = Type.String({ minLength: 8, maxLength: 1024, description: 'At least 8 characters' });

/**
 * A cookie scripts may read, set beside the HttpOnly session cookie and cleared with it:
 * only "a session may exist". The console asks who is signed in only when it is there,
 * so an anonymous page load makes no refused request (a browser logs every 401). It
 * grants nothing: the session cookie alone authenticates.
 */
export const signedInHintCookieName = 'wolfpack_signed_in';

/** A user as stored in the cluster store (every server reads the same users). */
export const UserRecord = Type.Object({
  username: Username,
  role: Role,
  /** argon2id hash (PHC string). */
  passwordHash: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type UserRecord = Static<typeof UserRecord>;

/** A login session; its store key is bound to a lease, so it expires by itself. */
export const SessionRecord = Type.Object({
  /** sha256 of the session id in the cookie: a store reader cannot log in as anyone. */
  idHash: Type.String(),
  username: Username,
  csrfToken: Type.String(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type SessionRecord = Static<typeof SessionRecord>;

/** How long an API token works unless its creator says otherwise. */
export const apiTokenDefaultLifetimeDays = 90;
/** The longest lifetime a token may be given. */
export const apiTokenMaxLifetimeDays = 365;
/** Unexpired tokens one user may hold at once. */
export const apiTokensPerUser = 20;

/** An API token for scripts: shown once, stored hashed, revocable. */
export const ApiTokenRecord = Type.Object({
  id: Type.String(),
  name: Type.String({ minLength: 1, maxLength: 64 }),
  username: Username,
  /** sha256 of the secret part of the token. */
  secretHash: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Optional(Timestamp),
  /** After this it is refused; a record written before tokens expired counts from createdAt + apiTokenDefaultLifetimeDays. */
  expiresAt: Type.Optional(Timestamp),
});
export type ApiTokenRecord = Static<typeof ApiTokenRecord>;
