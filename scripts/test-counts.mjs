// What `npm test` counts, read from each runner's JSON report: passed, failed, skipped, and
// one line per skipped suite, per failed test and per failure that no test shows, saying
// why. A test that was meant to run and did not counts as failed, never as skipped.
import { relative } from 'node:path';

/** An empty count; `notes` are the lines printed before the closing line. */
export function emptyTally() {
  return { passed: 0, failed: 0, skipped: 0, notes: [] };
}

/** One failure that no test shows (a runner that crashed, a setup that broke), with its line. */
export function oneFailure(line) {
  return { passed: 0, failed: 1, skipped: 0, notes: [{ outcome: 'failed', line: `failed: ${line}` }] };
}

/** The report's end: the skip lines, then the failure lines, then "N passed, N failed, N skipped". */
export function closingLines(tally) {
  const notes = (outcome) => tally.notes.filter((note) => note.outcome === outcome).map((note) => note.line);
  return [
    ...notes('skipped'),
    ...notes('failed'),
    `${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`,
  ];
}

/** Adds `more` into `tally`. */
export function addTally(tally, more) {
  tally.passed += more.passed;
  tally.failed += more.failed;
  tally.skipped += more.skipped;
  tally.notes.push(...more.notes);
}

/** Counts `count` tests of one outcome, noting one line for them when `line` is given. */
function record(tally, outcome, count, line) {
  tally[outcome] += count;
  if (line !== undefined) tally.notes.push({ outcome, line });
}

const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`;
// Playwright's messages carry terminal colours; the closing lines are read as plain text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour sequences this removes
const stripColours = (text) => String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
const firstLine = (text) =>
  String(text ?? '')
    .trim()
    .split('\n')[0] ?? '';

/**
 * Tests that share one line of the closing report (a skipped suite, a block that did not
 * run): grouped by that line, so a 40-test suite is one line, with its count.
 */
class Lines {
  #groups = new Map();

  /** `outcome` is what the tests count as; `label` starts the line ("skipped (optional)"). */
  add({ outcome, label = outcome, subject, because }) {
    const key = `${label}\0${subject}\0${because}`;
    const group = this.#groups.get(key) ?? { outcome, label, subject, because, tests: 0 };
    group.tests += 1;
    this.#groups.set(key, group);
  }

  recordInto(tally) {
    for (const { outcome, label, subject, because, tests } of this.#groups.values()) {
      record(tally, outcome, tests, `${label}: ${subject} (${plural(tests, 'test')}): ${because}`);
    }
  }
}

/**
 * Why a vitest test that did not run was skipped, and whether that counts as skipped or failed.
 *
 * Vitest 4's JSON report marks the tests of a block whose beforeAll threw "skipped", exactly
 * like a skip on purpose, and keeps neither the hook's error (the file's message is empty)
 * nor numRuntimeErrorTestSuites; the file's status "failed" is the only trace. So a skip
 * counts as skipped only when its describeWhen suite recorded why (meta.skippedSuite,
 * packages/test-requirements), or when its file passed (an it.skip, which gives no reason).
 */
function vitestSkip(test, { fileFailed, required }) {
  const ancestors = test.ancestorTitles;
  const skipped = test.meta?.skippedSuite;
  if (skipped) {
    const depth = ancestors.indexOf(skipped.suite);
    const suite = depth < 0 ? skipped.suite : ancestors.slice(0, depth + 1).join(' › ');
    const because = skipped.unmet.map((unmet) => unmet.reason).join('; ');
    const requiredHere = skipped.unmet
      .filter((unmet) => required.includes(unmet.requirement))
      .map((unmet) => unmet.requirement);
    if (requiredHere.length > 0)
      return {
        outcome: 'failed',
        suite,
        because: `required (WOLFPACK_REQUIRE has ${requiredHere.join(',')}) but skipped: ${because}`,
      };
    const optional = skipped.unmet.every((unmet) => unmet.optional);
    return { outcome: 'skipped', label: optional ? 'skipped (optional)' : 'skipped', suite, because };
  }
  const suite = ancestors.join(' › ') || '(top level)';
  if (fileFailed)
    return {
      outcome: 'failed',
      suite,
      because:
        "did not run, in a file that failed (a beforeAll that threw, a refused .only; the error is in vitest's output above)",
    };
  if (test.status === 'skipped' || test.status === 'todo')
    return {
      outcome: 'skipped',
      suite: `${suite} › ${test.title}`,
      because: `${test.status === 'todo' ? 'a todo' : 'it.skip'}, with no reason (describeWhen gives one)`,
    };
  return { outcome: 'failed', suite, because: `did not finish (${test.status})` };
}

/** Counts one file of a vitest JSON report into `tally`. */
function countVitestFile(file, path, required, tally) {
  const fileFailed = file.status === 'failed';
  const failedBefore = tally.failed;
  const lines = new Lines();
  for (const test of file.assertionResults) {
    if (test.status === 'passed') record(tally, 'passed', 1);
    else if (test.status === 'failed') {
      // Named again at the end: CI keeps only the tail of the log.
      const name = [...test.ancestorTitles, test.title].join(' › ');
      record(tally, 'failed', 1, `failed: ${path} "${name}": ${firstLine(stripColours(test.failureMessages?.[0]))}`);
    } else {
      const { suite, ...skip } = vitestSkip(test, { fileFailed, required });
      lines.add({ ...skip, subject: `${path} "${suite}"` });
    }
  }
  lines.recordInto(tally);
  // A file that failed with no test to show it: it did not load (a failed import, a throw
  // at its top level), or an afterAll threw after every test passed.
  if (fileFailed && tally.failed === failedBefore) {
    addTally(
      tally,
      oneFailure(`${path}: ${firstLine(file.message) || 'the file failed outside its tests (an afterAll hook?)'}`),
    );
  }
}

/** Counts a vitest JSON report; `required` are the WOLFPACK_REQUIRE requirement names. */
export function countVitest(report, { root, required }) {
  const tally = emptyTally();
  for (const file of report.testResults) countVitestFile(file, relative(root, file.name), required, tally);
  return tally;
}

// Problems named per check in the closing lines; `npm run lint` lists them all.
const lintLinesPerCheck = 10;

/**
 * Counts scripts/lint.mjs's report: each check (Biome's format and lint, the import boundaries)
 * is one test, and one that failed is named with its first problems, each with its file and line.
 */
export function countLint(report) {
  const tally = emptyTally();
  for (const { name, problems } of report.checks) {
    if (problems.length === 0) {
      record(tally, 'passed', 1);
      continue;
    }
    tally.failed += 1;
    const lines = problems.slice(0, lintLinesPerCheck).map((problem) => `failed: lint, ${name}: ${problem}`);
    const more = problems.length - lintLinesPerCheck;
    if (more > 0)
      lines.push(`failed: lint, ${name}: and ${plural(more, 'more problem')} (npm run lint shows them all)`);
    tally.notes.push(...lines.map((line) => ({ outcome: 'failed', line })));
  }
  return tally;
}

/** Every test of a Playwright JSON report, with its file and its titles. */
function* playwrightTests(suites, titles = []) {
  for (const suite of suites) {
    // The top suites are the files; their title is the file name, already in `file`.
    const inner = titles.length === 0 && suite.title === suite.file ? titles : [...titles, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) yield { file: spec.file, titles: [...inner, spec.title], test };
    }
    yield* playwrightTests(suite.suites ?? [], inner);
  }
}

/**
 * Counts Playwright's JSON report. Each test has an outcome ("expected", "flaky",
 * "unexpected", "skipped"); a skipped test whose expected status is not "skipped" was meant
 * to run (a beforeAll or an earlier test of its serial group failed): failed. Errors outside
 * tests (global setup, a file that does not load, a `.only` under forbidOnly) fail once each.
 */
export function countPlaywright(report, { testDir }) {
  const tally = emptyTally();
  const lines = new Lines();
  for (const { file, titles, test } of playwrightTests(report.suites ?? [])) {
    const subject = `${testDir}/${file} "${titles.join(' › ')}"`;
    if (test.status === 'expected' || test.status === 'flaky') record(tally, 'passed', 1);
    else if (test.status === 'unexpected') {
      const error = test.results?.at(-1)?.error?.message;
      record(tally, 'failed', 1, `failed: ${subject}: ${firstLine(stripColours(error))}`);
    } else if (test.expectedStatus === 'skipped') {
      const annotation = test.annotations?.find((a) => a.type === 'skip' || a.type === 'fixme');
      lines.add({
        outcome: 'skipped',
        subject,
        because: annotation?.description || `test.${annotation?.type ?? 'skip'}, with no reason`,
      });
    } else
      lines.add({
        outcome: 'failed',
        subject,
        because: 'did not run: a beforeAll or an earlier test of its group failed',
      });
  }
  lines.recordInto(tally);
  for (const error of report.errors ?? []) addTally(tally, oneFailure(`playwright: ${firstLine(error.message)}`));
  return tally;
}
