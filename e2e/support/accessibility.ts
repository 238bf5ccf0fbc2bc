import { createRequire } from 'node:module';
import type { Locator, Page } from '@playwright/test';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';

/*
 * axe-core run inside the page, as its own script (@axe-core/playwright needs Node 22).
 * The console's CSP (script-src 'self') refuses an injected script: a spec that uses this
 * sets `test.use({ bypassCSP: true })`, which changes nothing axe looks at.
 */

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The impacts that fail a page: axe's serious and critical. */
const failing: ReadonlySet<ImpactValue> = new Set<ImpactValue>(['serious', 'critical']);

/** The rules that apply to the console: WCAG 2.x A and AA, and axe's best practices. */
const options: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/**
 * axe's serious and critical violations on the page, or inside one part of it (a dialog),
 * one readable line per rule: `rule (impact) at target, target: help <helpUrl>`. Empty
 * when there are none.
 */
export async function seriousViolations(page: Page, part?: Locator): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: axeScript });
  const results: AxeResults = part
    ? await part.evaluate((element, runOptions) => window.axe.run(element, runOptions), options)
    : await page.evaluate((runOptions) => window.axe.run(document, runOptions), options);
  return results.violations
    .filter((violation) => failing.has(violation.impact ?? null))
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}: ${violation.help} <${violation.helpUrl}>`,
    );
}

declare global {
  interface Window {
    axe: typeof import('axe-core');
  }
}
