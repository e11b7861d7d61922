import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** What the browser tests drive: Debian's Chromium, or another one named by CHROMIUM. */
export const BROWSER_CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const SCREENS = 'test-results/screens';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Watch {
  errors: string[];
  foreign: string[];
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: BROWSER_CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });

/** A page that records console errors, page errors and any request to an origin other than `origins`. */
export async function watchedPage(context: BrowserContext, origins: string[]): Promise<{ page: Page; watch: Watch }> {
  const page = await context.newPage();
  const watch: Watch = { errors: [], foreign: [] };
  page.on('console', (m) => m.type() === 'error' && watch.errors.push(m.text()));
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  page.on('request', (r) => {
    if (!origins.some((o) => r.url().startsWith(o)) && !r.url().startsWith('data:')) watch.foreign.push(r.url());
  });
  return { page, watch };
}

/** axe-core's serious and critical violations on the page as it stands. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  // Strings, not functions: the tests are type-checked without the DOM library.
  const result = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })",
  )) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
