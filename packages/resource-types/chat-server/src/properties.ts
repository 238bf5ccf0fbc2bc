import type { FieldError, ProviderInfo } from '@wolfpack/contracts';
import { isIpv4Address } from '@wolfpack/contracts/addresses';

/** The Chat Server's private properties, defaults applied. */
export interface ChatProperties {
  MaxUser: number;
  Port: number;
  ShareName: string;
  IPAddress: string;
  NetName: string;
  IdleTimeout: number;
  LineRate: number;
  LineBurst: number;
  HistoryMaxBytes: number;
}

export const chatDefaults: ChatProperties = {
  MaxUser: 10,
  Port: 7000,
  ShareName: 'chat',
  IPAddress: '',
  NetName: '',
  IdleTimeout: 600,
  LineRate: 5,
  LineBurst: 20,
  HistoryMaxBytes: 16 * 1024 * 1024,
};

/** Properties with defaults for anything missing (the agent applies them too; tests may not). */
export function readChatProperties(properties: Record<string, unknown>): ChatProperties {
  return { ...chatDefaults, ...(properties as Partial<ChatProperties>) };
}

const shareName = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function provider(providers: ProviderInfo[], type: string): ProviderInfo | undefined {
  return providers.find((candidate) => candidate.type === type);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Where the chat server runs, resolved from its properties and its providers. */
export interface ChatPlacement {
  address: string;
  netName: string;
  /** The Disk resource's folder. */
  diskPath: string;
}

/**
 * Resolves address, network name and disk folder, or lists what is missing; each error
 * names the field (or `dependencies`) and the rule.
 */
export function resolvePlacement(
  resource: string,
  properties: ChatProperties,
  providers: ProviderInfo[],
): ChatPlacement | FieldError[] {
  const errors: FieldError[] = [];
  const label = `Chat Server "${resource}"`;
  const ipProvider = provider(providers, 'IP Address');
  const address = nonEmptyString(properties.IPAddress) ?? nonEmptyString(ipProvider?.properties.Address);
  if (properties.IPAddress !== '' && !isIpv4Address(properties.IPAddress)) {
    errors.push({
      path: 'private.IPAddress',
      message: `${label}: IPAddress "${properties.IPAddress}" is not an IPv4 address in dotted-quad form`,
    });
  } else if (!address) {
    errors.push({
      path: 'private.IPAddress',
      message: `${label}: IPAddress is empty and the resource depends on no IP Address resource with an Address; set IPAddress or add an IP Address dependency`,
    });
  }
  const netName =
    nonEmptyString(properties.NetName) ?? nonEmptyString(provider(providers, 'Network Name')?.properties.Name);
  if (!netName) {
    errors.push({
      path: 'private.NetName',
      message: `${label}: NetName is empty and the resource depends on no Network Name resource with a Name; set NetName or add a Network Name dependency`,
    });
  }
  if (!shareName.test(properties.ShareName)) {
    errors.push({
      path: 'private.ShareName',
      message: `${label}: ShareName "${properties.ShareName}" must be a folder name (letters, digits, "_", "." or "-", not starting with "." or "-")`,
    });
  }
  const diskPath = nonEmptyString(provider(providers, 'Disk')?.properties.Path);
  if (!diskPath) {
    errors.push({
      path: 'dependencies',
      message: `${label}: the chat history needs a Disk resource with a Path among its dependencies`,
    });
  }
  if (errors.length > 0 || !address || !netName || !diskPath) return errors;
  return { address, netName, diskPath };
}
