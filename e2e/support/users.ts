import { connect, type WolfpackClient } from '@wolfpack/client';
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

/** The REST API as `user`, signed in to the cluster at `consoleUrl` (a WolfpackError when refused). */
export function signIn(consoleUrl: string, user: TestUser): Promise<WolfpackClient> {
  return connect({ url: consoleUrl, username: user.name, password: user.password });
}
