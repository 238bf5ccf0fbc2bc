import type { Role } from '@wolfpack/contracts';

export interface TestUser {
  name: string;
  password: string;
  role: Role;
}

/** The people of the e2e cluster: the first admin (WOLFPACK_ADMIN_PASSWORD) and two made through the API. */
export const users = {
  admin: { name: 'admin', password: 'e2e-admin-password', role: 'admin' },
  operator: { name: 'olivia', password: 'e2e-operator-password', role: 'operator' },
  viewer: { name: 'victor', password: 'e2e-viewer-password', role: 'viewer' },
} satisfies Record<string, TestUser>;
