import { statSync } from 'node:fs';
import type { ResourceContext } from '@wolfpack/contracts';
import { resourceIdsSetting, resourceUserOfNode, type ProcessUser } from '@wolfpack/resource-sdk';
import { impassableAbove } from './resource-folders.ts';

/**
 * Who a node's resource processes run as (set when the node runs as root): warns once
 * when they cannot reach the data dir, and when two resource names derive the same uid.
 */
export class ResourceUsers {
  readonly #log: (message: string) => void;
  /** The node's resource user (its default, or WOLFPACK_RESOURCE_USER). */
  readonly #nodeUser: ProcessUser | undefined = resourceUserOfNode();
  /** Resources by the uid their processes run as, to say when two names derive the same one. */
  readonly #uids = new Map<number, string>();

  constructor(dataDir: string, log: (message: string) => void) {
    this.#log = log;
    const user = this.#nodeUser;
    const blocked = user && impassableAbove(dataDir, user);
    if (user && blocked) {
      const who =
        resourceIdsSetting() === 'per-resource'
          ? 'resource processes run as uids of their own, which'
          : `resource processes run as ${user.name} (WOLFPACK_RESOURCE_USER), who`;
      log(
        `warning: ${who} cannot pass ${blocked} (mode ${(statSync(blocked).mode & 0o777).toString(8)}) to reach the data dir ${dataDir}: give that folder o+x, or use another data dir`,
      );
    }
  }

  /** Who this resource's processes run as on this node (its own ids by default when root). */
  of(context: Pick<ResourceContext, 'resource' | 'group' | 'stateDir'>): ProcessUser | undefined {
    const user = resourceUserOfNode(context);
    if (user && user.uid !== this.#nodeUser?.uid) {
      const other = this.#uids.get(user.uid);
      if (other !== undefined && other !== context.resource) {
        this.#log(
          `warning: resources "${other}" and "${context.resource}" derive the same uid ${user.uid}: their processes can read each other's environment and signal each other; rename one`,
        );
      }
      this.#uids.set(user.uid, context.resource);
    }
    return user;
  }
}
