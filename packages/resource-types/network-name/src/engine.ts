import type {
  FieldError,
  PublishedRecord,
  ResourceContext,
  ResourceInstance,
  ResourceTypeModule,
} from '@wolfpack/contracts';

/*
 * Network Name: a DNS name for the group. While online it publishes one A record per
 * IP Address it depends on; the cluster's DNS responder answers from those records.
 */

const label = /^[A-Za-z0-9_-]{1,63}$/;

/** Checks the DNS name rules, naming the field and the rule that is broken. */
export function validateName(properties: Record<string, unknown>): FieldError[] {
  const name = String(properties.Name ?? '');
  if (name.length === 0)
    return [{ path: 'private.Name', message: 'Name is required: a DNS name such as chat.ins-clus.test' }];
  if (name.length > 253)
    return [{ path: 'private.Name', message: `Name is ${name.length} characters long; a DNS name has at most 253` }];
  const bad = name.split('.').find((part) => !label.test(part));
  if (bad !== undefined) {
    return [
      {
        path: 'private.Name',
        message: `Name "${name}" has the label "${bad}": each dot-separated label must be 1-63 letters, digits, "-" or "_"`,
      },
    ];
  }
  return [];
}

function create(context: ResourceContext): ResourceInstance {
  const name = String(context.properties.Name ?? '');
  let online = false;

  function records(): PublishedRecord[] {
    const addresses = context.providers.filter((provider) => provider.type === 'IP Address');
    if (addresses.length === 0) {
      throw new Error(
        `Network Name "${context.resource}": it depends on no "IP Address" resource, so "${name}" has no address to point at`,
      );
    }
    return addresses.map((provider) => ({ kind: 'dns-a', name, address: String(provider.properties.Address ?? '') }));
  }

  function withdraw(): void {
    online = false;
    context.publish([]);
  }

  return {
    async online() {
      const published = records();
      context.publish(published);
      online = true;
      context.log(
        `Network Name "${context.resource}": ${name} → ${published.map((record) => record.address).join(', ')}`,
      );
    },
    async offline() {
      withdraw();
    },
    async terminate() {
      try {
        withdraw();
      } catch (error) {
        context.log(`Network Name "${context.resource}": terminate: ${(error as Error).message}`);
      }
    },
    looksAlive: async () => online,
    isAlive: async () => online,
  };
}

/** The Network Name resource type module. */
const networkNameType: ResourceTypeModule = {
  validate: (properties) => validateName(properties),
  create,
};

export default networkNameType;
