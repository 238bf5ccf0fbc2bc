import { describe } from 'vitest';
import { requirements, unmetReason, type RequirementName } from './requirements.mjs';

/** One requirement a skipped suite lacked, and why. */
export interface UnmetRequirement {
  requirement: RequirementName;
  reason: string;
  optional: boolean;
}

/**
 * Written on every test of a describeWhen suite that skipped. Vitest's JSON report keeps each
 * test's meta, and nothing else tells a skip on purpose from a test that never ran because a
 * beforeAll threw: scripts/test.mjs counts the first as skipped, with this reason, and the
 * second as failed.
 */
export interface SkippedSuite {
  /** The describeWhen suite's name (the skipped tests may sit in describes inside it). */
  suite: string;
  unmet: UnmetRequirement[];
}

declare module 'vitest' {
  interface TaskMeta {
    skippedSuite?: SkippedSuite;
  }
}

/**
 * `describe(name, body)` when every requirement is met on this machine; otherwise the suite is
 * skipped and its tests carry why (`meta.skippedSuite`), for `npm test`'s closing lines and
 * for WOLFPACK_REQUIRE, which turns the skip of a required suite into a failure.
 *
 * @example
 * describeWhen('etcd', 'etcd store specifics', () => { … });
 * describeWhen(['etcd', 'openssl'], 'on etcd with TLS and client certificates', () => { … });
 */
export function describeWhen(needs: RequirementName | RequirementName[], name: string, body: () => void): void {
  const unmet = [needs].flat().flatMap((requirement): UnmetRequirement[] => {
    const reason = unmetReason(requirement);
    return reason === undefined ? [] : [{ requirement, reason, optional: requirements[requirement].optional === true }];
  });
  if (unmet.length === 0) describe(name, body);
  else describe(name, { skip: true, meta: { skippedSuite: { suite: name, unmet } } }, body);
}
