/*
 * The console admin API version and the check a console makes before it loads a panel.
 * A panel's manifest states the range it was built for (`"consoleApi": "^1.0.0"`); the
 * console refuses a panel whose range does not include its own version, with a message
 * that names both. A tiny semver-range reader is enough: ^, ~, >=, >, <=, <, =, x and
 * spaces (all must hold) and || (any may hold).
 */

/**
 * The version of the API a console offers to panels (hooks, context, form parts). A new
 * name a panel may bind is a minor version: 1.1.0 added textFieldValue and numberFieldValue.
 */
export const consoleApiVersion = '1.1.0';

interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

/** Parses `1.2.3`, `1.2.3-beta.1`, and with `partial` also `1`, `1.2`, `1.x`, `1.2.*` (missing parts are null). */
function parseVersion(
  text: string,
  partial: boolean,
): { major: number | null; minor: number | null; patch: number | null; prerelease: string } | undefined {
  const match = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
    text.trim(),
  );
  if (!match) return undefined;
  const part = (value: string | undefined) => (value === undefined || /^[xX*]$/.test(value) ? null : Number(value));
  const [major, minor, patch] = [part(match[1]), part(match[2]), part(match[3])];
  if (!partial && (major === null || minor === null || patch === null)) return undefined;
  return { major, minor, patch, prerelease: match[4] ?? '' };
}

function compare(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  // A prerelease sorts before its release; two prereleases compare as text (enough here).
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

type Comparator = (version: Version) => boolean;

const at = (major: number, minor = 0, patch = 0): Version => ({ major, minor, patch, prerelease: '' });

/** One comparator of a range (`^1.2.0`, `>=1.0.0`, `1.x`); undefined when it cannot be read. */
function comparatorOf(text: string): Comparator | undefined {
  const match = /^(\^|~|>=|<=|>|<|=)?\s*(.+)$/.exec(text);
  if (!match) return undefined;
  const operator = match[1] ?? '';
  const parsed = parseVersion(match[2]!, true);
  if (!parsed) return undefined;
  const { major, minor, patch } = parsed;
  if (major === null) return () => true;
  const low = at(major, minor ?? 0, patch ?? 0);
  low.prerelease = parsed.prerelease;
  const atLeast = (version: Version) => compare(version, low) >= 0;
  switch (operator) {
    case '^': {
      // ^1.2.3 := >=1.2.3 <2.0.0; ^0.2.3 := >=0.2.3 <0.3.0; ^0.0.3 := >=0.0.3 <0.0.4
      const high =
        major > 0 || minor === null
          ? at(major + 1)
          : minor > 0 || patch === null
            ? at(0, minor + 1)
            : at(0, 0, (patch ?? 0) + 1);
      return (version) => atLeast(version) && compare(version, high) < 0;
    }
    case '~': {
      const high = minor === null ? at(major + 1) : at(major, minor + 1);
      return (version) => atLeast(version) && compare(version, high) < 0;
    }
    case '>=':
      return atLeast;
    case '>':
      return (version) =>
        minor === null
          ? version.major > major
          : patch === null
            ? compare(version, at(major, minor + 1)) >= 0
            : compare(version, low) > 0;
    case '<':
      return (version) => compare(version, low) < 0;
    case '<=':
      return (version) =>
        minor === null
          ? version.major <= major
          : patch === null
            ? compare(version, at(major, minor + 1)) < 0
            : compare(version, low) <= 0;
    default: {
      // A bare or `=` version: exact when complete, a wildcard on the missing parts otherwise.
      if (minor === null) return (version) => version.major === major;
      if (patch === null) return (version) => version.major === major && version.minor === minor;
      return (version) => compare(version, low) === 0;
    }
  }
}

/**
 * Whether `version` is inside `range` (npm semver syntax: `^1.0.0`, `~1.2`, `>=1.0.0 <3`,
 * `1.x || 2.x`). Throws when the range or the version cannot be read, naming it.
 */
export function satisfiesRange(version: string, range: string): boolean {
  const parsed = parseVersion(version, false);
  if (!parsed) throw new Error(`"${version}" is not a version (expected major.minor.patch)`);
  const target = parsed as Version;
  const alternatives = range.split('||').map((alternative) => alternative.trim());
  return alternatives.some((alternative) => {
    // `>= 1.0.0` may carry a space after its operator: glue operators to their version first.
    const parts = alternative === '' ? ['*'] : alternative.replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1').split(/\s+/);
    const comparators = parts.map((part) => {
      const comparator = comparatorOf(part);
      if (!comparator) throw new Error(`"${range}" is not a version range (cannot read "${part}")`);
      return comparator;
    });
    return comparators.every((comparator) => comparator(target));
  });
}

/** The console's verdict on a panel's stated range: compatible, or a message saying why not. */
export type ConsoleApiVerdict = { compatible: true } | { compatible: false; message: string };

/**
 * Checks a type's `consoleApi` range against this console's `consoleApiVersion`. A panel
 * that states no range is refused too: the console cannot know what it expects.
 */
export function checkConsoleApi(
  typeName: string,
  range: string | undefined,
  offered: string = consoleApiVersion,
): ConsoleApiVerdict {
  if (range === undefined || range.trim() === '') {
    return {
      compatible: false,
      message: `The panel of resource type "${typeName}" does not state the console API version it needs (manifest field consoleApi, e.g. "^${offered}").`,
    };
  }
  let compatible: boolean;
  try {
    compatible = satisfiesRange(offered, range);
  } catch (error) {
    return {
      compatible: false,
      message: `The panel of resource type "${typeName}" states consoleApi ${(error as Error).message}.`,
    };
  }
  if (compatible) return { compatible: true };
  return {
    compatible: false,
    message: `The panel of resource type "${typeName}" needs console API ${range}, but this console offers ${offered}. Rebuild the panel against @wolfpack/admin-sdk ${offered}.`,
  };
}
