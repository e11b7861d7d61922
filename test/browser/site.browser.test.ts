import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, BROWSER_CHROMIUM, launchChromium, SCREENS, type Watch, watchedPage } from '../support/browser-harness';
import { client, freshArchive } from '../support/local';
import { seedSite } from '../support/site-seed';
import { readSample } from '../support/fixtures';
import { defined } from '../support/defined';

/**
 * The site in Debian's Chromium, driven by playwright-core (no browser is downloaded; CI installs
 * chromium with apt). A reader clicks through home → browse → agency → report → compare →
 * download; every page is checked with axe-core, at 390 px, for console errors and for requests
 * leaving the site. Screenshots land in test-results/screens/ for a person to look at.
 */

describe.runIf(existsSync(BROWSER_CHROMIUM))('the site in a real browser', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let browser: Browser;
  let tokens: Awaited<ReturnType<typeof seedSite>>['tokens'];

  beforeAll(async () => {
    archive = await freshArchive();
    ({ tokens } = await seedSite(client(archive.url)));
    // The statistics pages show the figures of the last fold.
    await archive.fold();
    browser = await launchChromium();
    mkdirSync(SCREENS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await archive?.close();
  });

  /** A page that records console errors, failed loads and any request to another origin. */
  async function open(context: BrowserContext): Promise<{ page: Page; watch: Watch }> {
    return watchedPage(context, [archive.url]);
  }

  /** The checks every page must pass, then a screenshot under `name`. */
  async function checkPage(page: Page, watch: Watch, name: string) {
    expect(await page.getAttribute('html', 'lang'), name).toBe('zh-CN');
    expect(await page.locator('main').count(), name).toBe(1);
    expect(await page.locator('h1').count(), name).toBe(1);
    expect(await axeViolations(page), name).toEqual([]);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
    const bytes = (await page.evaluate('document.documentElement.outerHTML.length')) as number;
    expect(bytes, `${name} size`).toBeLessThan(100_000);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    expect(watch.errors, name).toEqual([]);
    expect(watch.foreign, name).toEqual([]);
  }

  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`${label}: home → browse → agency → report → compare → download`, async () => {
      const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN' });
      const { page, watch } = await open(context);
      await page.goto(`${archive.url}/`);
      await checkPage(page, watch, `${label}-1-home`);

      await page.getByRole('navigation', { name: '网站导航' }).getByRole('link', { name: '浏览与检索' }).click();
      await page.waitForURL(/\/reports$/);
      await checkPage(page, watch, `${label}-2-browse`);

      // Search by a part of the name, then narrow to a region through the tree.
      await page.getByLabel('关键词').fill('天河');
      await page.getByRole('button', { name: '查找' }).click();
      await page.waitForURL(/q=%E5%A4%A9%E6%B2%B3/);
      await page.getByRole('link', { name: '广州市天河区教育局' }).first().click();
      await page.waitForURL(/\/agencies\/tianhe-edu$/);
      await checkPage(page, watch, `${label}-3-agency`);

      await page.locator('main a[href="/reports/tianhe-edu/2022"]').first().click();
      await page.waitForURL(/\/reports\/tianhe-edu\/2022$/);
      await checkPage(page, watch, `${label}-4-report`);

      await page.locator('main a[href^="/reports/tianhe-edu/2022/compare?with="]').first().click();
      await page.waitForURL(/\/compare\?with=/);
      expect(await page.locator('[data-changed="true"]').count()).toBeGreaterThan(0);
      await checkPage(page, watch, `${label}-5-compare`);

      await page.goto(`${archive.url}/reports/tianhe-edu/2022?version=1`);
      await expect.poll(() => page.getByRole('note').first().textContent()).toContain('此版本已被更正');
      await checkPage(page, watch, `${label}-6-superseded`);

      await page.goto(`${archive.url}/stats/2022`);
      await checkPage(page, watch, `${label}-7-stats`);
      await page.locator('main a[href="/stats/2022?region=440000"]').first().click();
      await page.waitForURL(/region=440000/);
      await checkPage(page, watch, `${label}-8-stats-region`);

      // Who published on time, by place; and the reports whose narrative is shared.
      await page.getByRole('navigation', { name: '网站导航' }).getByRole('link', { name: '公开情况' }).click();
      await page.waitForURL(/\/coverage$/);
      expect(await page.locator('main table').count()).toBeGreaterThan(0);
      await checkPage(page, watch, `${label}-8b-coverage`);
      await page.getByRole('navigation', { name: '网站导航' }).getByRole('link', { name: '文字雷同' }).click();
      await page.waitForURL(/\/copied$/);
      await checkPage(page, watch, `${label}-8c-copied`);

      await page.getByRole('navigation', { name: '网站导航' }).getByRole('link', { name: '数据下载' }).click();
      await page.waitForURL(/\/data$/);
      await checkPage(page, watch, `${label}-9-data`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('main a[href="/data/2022.csv"]').first().click()]);
      const file = readFileSync(defined(await download.path()));
      expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(file.toString('utf8')).toContain('广州市天河区教育局');
      await context.close();
    }, 120_000);
  }

  it('the clerk checks a file on /check, sees its findings on the tables, then publishes it with a token', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const { page, watch } = await open(context);
    await page.goto(`${archive.url}/check`);
    await checkPage(page, watch, 'check-1-empty');

    // The sample with one figure off, so there is a finding to show on the tables.
    const text = readSample().toString('utf8');
    await page.locator('input[type=file]').setInputFiles({ name: 'miyun-2021.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: '检查' }).click();
    await expect.poll(() => page.locator('[aria-live]').first().textContent(), { timeout: 20_000 }).toMatch(/通过|错误|提醒/);
    expect(await page.locator('table').count()).toBeGreaterThanOrEqual(3);
    await checkPage(page, watch, 'check-2-result');

    // A wrong token: the problem's Chinese message is shown, nothing is stored.
    await page.getByLabel('上传令牌').fill('gk_nobody.not-a-real-secret');
    await page.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => page.locator('main').textContent(), { timeout: 20_000 }).toMatch(/令牌|认证|身份/);

    await page.getByLabel('上传令牌').fill(tokens['miyun-kw']);
    await page.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => page.locator('main').textContent(), { timeout: 20_000 }).toMatch(/已发布|已保存|第 \d+ 版/);
    // 401 from the wrong token is an expected network answer, not a script error.
    watch.errors = watch.errors.filter((e) => !/401|Unauthorized/.test(e));
    expect(watch.errors).toEqual([]);
    expect(watch.foreign).toEqual([]);
    await context.close();
  }, 120_000);
});
