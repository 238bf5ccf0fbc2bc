import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { keys, type GroupConfig } from '@wolfpack/contracts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { repositoryRoot } from '@wolfpack/testing/repository';
import { gridRow, logOn, showGroups } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { startLoneServer } from '../support/lone-server.ts';
import { seedManyGroups, seededGroupName } from '@wolfpack/testing/many-groups';
import { users } from '../support/users.ts';

/*
 * Measurements, printed (and written to .tmp/reports/e2e-measurements.json), never
 * asserted: timings depend on the machine. The tests only check that what they time
 * really happened.
 *
 * 1. Store change → DOM updated, on the seed cluster: a group's description is changed
 *    (straight in the store, as a node agent's write would be; and through the REST API,
 *    as an admin's), and a MutationObserver in the page notes when the list shows it.
 * 2. First load of the console with 1000 groups × 5 resources: log on → tree and groups
 *    list on screen, against the server alone over a store written directly.
 */

const results: Record<string, unknown> = {};
const now = () => performance.timeOrigin + performance.now();

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(values: number[]) {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    samples: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
  };
}

function report(label: string, value: unknown): void {
  results[label] = value;
  console.log(`[measure] ${label}: ${JSON.stringify(value)}`);
}

test.afterAll(() => {
  const dir = join(repositoryRoot, '.tmp', 'reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'e2e-measurements.json'), `${JSON.stringify(results, null, 2)}\n`);
});

/** Starts watching the page for `text` in the list; `seen()` resolves to when it appeared (epoch ms, the page's clock). */
async function watchList(page: Page, text: string): Promise<{ seen(): Promise<number> }> {
  await page.evaluate((wanted) => {
    const holder = window as unknown as { __e2eSeen?: Promise<number> };
    holder.__e2eSeen = new Promise<number>((resolve) => {
      const shows = () => document.querySelector('[role="grid"]')?.textContent?.includes(wanted) === true;
      const observer = new MutationObserver(() => {
        if (!shows()) return;
        observer.disconnect();
        resolve(performance.timeOrigin + performance.now());
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }, text);
  return { seen: () => page.evaluate(() => (window as unknown as { __e2eSeen: Promise<number> }).__e2eSeen) };
}

test('measure: store change → DOM updated on the seed cluster (p50/p95)', async ({ page, cluster, adminClient }) => {
  await logOn(page, users.admin);
  await showGroups(page);
  await expect(gridRow(page, 'SOCKET_GROUP')).toBeVisible();
  const samples = 30;
  // A change after a quiet spell, as most are (the server sends the first change of a spell at once).
  const quiet = () => new Promise((resolve) => setTimeout(resolve, 60));

  const store = await openEmbeddedStore({ path: join(cluster.dataDir, 'cluster.db') });
  const fromCommit: number[] = [];
  try {
    for (let n = 0; n < samples; n++) {
      const text = `store probe ${n}`;
      const watch = await watchList(page, text);
      const current = JSON.parse((await store.get(keys.group('SOCKET_GROUP')))!.value) as GroupConfig;
      await store.put(keys.group('SOCKET_GROUP'), JSON.stringify({ ...current, description: text }));
      const committed = now();
      fromCommit.push((await watch.seen()) - committed);
      await quiet();
    }
  } finally {
    await store.close();
  }

  const fromRequest: number[] = [];
  for (let n = 0; n < samples; n++) {
    const text = `rest probe ${n}`;
    const watch = await watchList(page, text);
    const sent = now();
    await adminClient.groups.update('SOCKET_GROUP', { description: text });
    fromRequest.push((await watch.seen()) - sent);
    await quiet();
  }
  await expect(gridRow(page, 'SOCKET_GROUP')).toContainText(`rest probe ${samples - 1}`);
  await adminClient.groups.update('SOCKET_GROUP', { description: 'The chat server of the paper, made cluster-aware' });

  report('store put committed → list shows it (ms)', summary(fromCommit));
  report('REST PATCH sent → list shows it (ms)', summary(fromRequest));
});

interface LoadTimes {
  loginForm: number;
  logOnToTree: number;
  logOnToClusterList: number;
  groupsList: number;
  rowsInDom: number;
}

/**
 * Runs in the page before its scripts (addInitScript): notes, on the page's own clock,
 * when the login form, the tree, the cluster's list and the list of groups first show,
 * and when Log on and the Groups folder are clicked. No polling from the test skews them.
 */
function noteMilestones(firstGroup: string): void {
  const marks: Record<string, number> = { start: 0 };
  (window as unknown as { __e2eMarks: Record<string, number> }).__e2eMarks = marks;
  const note = (name: string, holds: () => boolean) => {
    if (marks[name] === undefined && holds()) marks[name] = performance.now();
  };
  const gridText = () => document.querySelector('[role="grid"]')?.textContent ?? '';
  const check = () => {
    note('loginForm', () => document.querySelector('form.login-box button[type="submit"]') !== null);
    note('tree', () => document.querySelector('[role="tree"] [role="treeitem"]') !== null);
    note('clusterList', () => / groups/.test(gridText()));
    note('groupsList', () => gridText().includes(firstGroup));
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('button')?.textContent === 'Log on') marks.logOnClicked = performance.now();
      if (target?.closest('[role="treeitem"]')?.getAttribute('aria-label') === 'Groups')
        marks.groupsClicked = performance.now();
    },
    true,
  );
}

test('measure: first load of the console with 1000 groups × 5 resources', async ({ browser }) => {
  test.setTimeout(180_000);
  const groups = 1000;
  const perGroup = 5;
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-e2e-many-'));
  try {
    const seedStarted = now();
    const store = await openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
    await seedManyGroups(store, groups, perGroup);
    await store.close();
    report('seed 1000 groups × 5 resources into the store (ms)', Math.round(now() - seedStarted));

    const server = await startLoneServer(dataDir, users.admin.password);
    try {
      const loads: LoadTimes[] = [];
      for (let run = 0; run < 3; run++) {
        // A new context each time: no cache, no session, as a first visit.
        const context = await browser.newContext({ baseURL: server.consoleUrl });
        try {
          const page = await context.newPage();
          await page.addInitScript(noteMilestones, seededGroupName(0));
          await page.goto('/');
          await page.getByLabel('User name').fill(users.admin.name);
          await page.getByLabel('Password').fill(users.admin.password);
          await page.getByRole('button', { name: 'Log on' }).click();
          const tree = page.getByRole('tree', { name: 'Cluster tree' });
          await expect(gridRow(page, 'Groups')).toContainText(`${groups} groups`, { timeout: 60_000 });
          await tree.getByRole('treeitem', { name: 'Groups', exact: true }).click();
          await expect(gridRow(page, seededGroupName(0))).toBeVisible({ timeout: 60_000 });
          await expect(page.getByRole('contentinfo')).toContainText(
            `${groups} groups · ${groups * perGroup} resources`,
          );
          await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', String(groups + 1));
          const marks = await page.evaluate(
            () => (window as unknown as { __e2eMarks: Record<string, number> }).__e2eMarks,
          );
          const span = (from: string, to: string) => Math.round((marks[to] ?? NaN) - (marks[from] ?? NaN));
          loads.push({
            loginForm: span('start', 'loginForm'),
            logOnToTree: span('logOnClicked', 'tree'),
            logOnToClusterList: span('logOnClicked', 'clusterList'),
            groupsList: span('groupsClicked', 'groupsList'),
            rowsInDom: await page.getByRole('grid').getByRole('row').count(),
          });
        } finally {
          await context.close();
        }
      }
      report('1000 groups: each load (ms; loginForm from navigation start; the rest from the click)', loads);
      report('1000 groups: first load, Log on → tree and cluster list (ms)', loads[0]!.logOnToClusterList);
      report('1000 groups: first load, Groups clicked → list of groups (ms)', loads[0]!.groupsList);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
