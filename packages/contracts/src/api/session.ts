import { Type, type Static } from '@sinclair/typebox';
import { apiTokenDefaultLifetimeDays, apiTokenMaxLifetimeDays, Password, Role, Username } from '../auth.ts';
import { Timestamp } from '../names.ts';

export const LoginRequest = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** Who is signed in; csrfToken must be sent as `x-csrf-token` on cookie-authenticated mutations. */
export const SessionInfo = Type.Object({ user: Username, role: Role, csrfToken: Type.String() });
export type SessionInfo = Static<typeof SessionInfo>;

export const UserView = Type.Object({ username: Username, role: Role, createdAt: Timestamp, updatedAt: Timestamp });
export type UserView = Static<typeof UserView>;

export const CreateUserRequest = Type.Object(
  { username: Username, password: Password, role: Role },
  { additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const UpdateUserRequest = Type.Object(
  { role: Type.Optional(Role), password: Type.Optional(Password) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

export const ApiTokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  username: Username,
  createdAt: Timestamp,
  lastUsedAt: Type.Optional(Timestamp),
  expiresAt: Timestamp,
});
export type ApiTokenView = Static<typeof ApiTokenView>;

export const CreateApiTokenRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    expiresInDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: apiTokenMaxLifetimeDays,
        description: `Days until the token stops working (default ${apiTokenDefaultLifetimeDays})`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateApiTokenRequest = Static<typeof CreateApiTokenRequest>;

/** The token itself is in this reply only; the store keeps its hash. */
export const CreatedApiToken = Type.Intersect([ApiTokenView, Type.Object({ token: Type.String() })]);
export type CreatedApiToken = Static<typeof CreatedApiToken>;

/** Your own new password; the current one proves it is you (a stolen session or token alone cannot lock you out). */
export const ChangePasswordRequest = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;
