/** What a test suite may need from the machine (see requirements.mjs). */
export type RequirementName = 'etcd' | 'netns' | 'ip-link' | 'compose' | 'openssl' | 'ocf' | 'strace' | 'bench';

export interface DebianPackage {
  /** The command that shows the package is installed. */
  command: string;
  pkg: string;
}

export interface Requirement {
  description: string;
  /** Not expected on a test machine (a benchmark): its skip is reported as optional. */
  optional?: boolean;
  debianPackages: DebianPackage[];
  /** Why it is not met here, or undefined. */
  unmet(): string | undefined;
}

export const requirements: Record<RequirementName, Requirement>;
/** Why the named requirement is not met on this machine, or undefined when it is. */
export function unmetReason(name: RequirementName): string | undefined;
/** The requirements WOLFPACK_REQUIRE names; throws on an unknown name. */
export function requiredFromEnvironment(env?: NodeJS.ProcessEnv): RequirementName[];
/** The Debian packages of every requirement, each with why a test needs it. */
export function debianPackagesForTests(): (DebianPackage & { why: string })[];
/** True when the command is on the PATH. */
export function has(command: string): boolean;
