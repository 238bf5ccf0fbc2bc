import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { repositoryRoot } from '@wolfpack/testing/repository';
import type { TestUser } from './users.ts';

/*
 * The console as a person finds their way in it: by role and accessible name (tree and
 * treeitem, grid and row, menu and menuitem, dialog, tab). Rows are looked up inside the
 * grid, since the event log's table has rows naming the same objects.
 */

/** Logs on through the login page and waits until the cluster tree is there. */
export async function logOn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log on' }).click();
  await expect(page.getByRole('tree', { name: 'Cluster tree' })).toBeVisible();
}

/** A tree item by its exact accessible name ("Groups", "OSDB_SERV", "Active Groups on OSDB_SERV"). */
export function treeItem(page: Page, name: string): Locator {
  return page.getByRole('tree', { name: 'Cluster tree' }).getByRole('treeitem', { name, exact: true });
}

/** The list pane's grid. */
export function grid(page: Page): Locator {
  return page.getByRole('main').getByRole('grid');
}

/** A row of the list pane whose first cell is `name`. */
export function gridRow(page: Page, name: string): Locator {
  return grid(page)
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell', { name, exact: true }) });
}

/** The cell of a row under a column (Name, State, Owner, Group, Resource Type, Description). */
export async function cellOf(page: Page, row: Locator, column: string): Promise<Locator> {
  const headers = await grid(page).getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((text) => text.trim() === column);
  if (index < 0) throw new Error(`the grid has no column ${column} (columns: ${headers.join(', ')})`);
  return row.getByRole('gridcell').nth(index);
}

/** Selects the Groups folder so the list shows every group. */
export async function showGroups(page: Page): Promise<void> {
  await treeItem(page, 'Groups').click();
  await expect(page.getByRole('heading', { name: 'Groups', level: 1 })).toBeVisible();
}

/** The property sheet named "<name> Properties". */
export function propertySheet(page: Page, name: string): Locator {
  return page.getByRole('dialog', { name: `${name} Properties` });
}

/** Marks the page so a later check can tell it was never reloaded. */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eMark?: boolean }).__e2eMark = true;
  });
}

/** True while the page is the one markPage marked (no reload, no navigation). */
export function isSamePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true);
}

/**
 * Where the pictures go: docs/screenshots when asked (WOLFPACK_UPDATE_SCREENSHOTS=1), so a
 * plain `npm test` leaves the checkout clean; otherwise .tmp/screenshots, to look at.
 */
export const screenshotDir =
  process.env.WOLFPACK_UPDATE_SCREENSHOTS === '1'
    ? join(repositoryRoot, 'docs', 'screenshots')
    : join(repositoryRoot, '.tmp', 'screenshots');

/** Saves a screenshot for the docs (<screenshotDir>/<name>.png): the page, or one part of it. */
export async function docScreenshot(target: Page | Locator, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await target.screenshot({ path: join(screenshotDir, `${name}.png`), animations: 'disabled' });
}
