import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, BROWSER_CHROMIUM, launchChromium, SCREENS, type Watch, watchedPage } from '../support/browser-harness';
import { MAX_BODY_BYTES } from '../../shared/http/types';
import { client, freshArchive, registerMiyun } from '../support/local';
import { sampleVariant, UNREAD_ROW_KEYS, unreadRowVariant } from '../support/variants';

/**
 * Issue 15 on /check in Debian's Chromium: the clerk types the figures of a row the file left
 * unread into the table itself, sees the archive's checks rerun on them, and publishes; and a file
 * over the direct limit goes up through /v1/uploads from the page. Each state is run through axe-core
 * at 1280 and 390 px, and no request leaves the site but the presigned PUT to the bucket.
 */
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.runIf(existsSync(BROWSER_CHROMIUM))('/check: typed cells and large files in a real browser', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
    browser = await launchChromium();
    mkdirSync(SCREENS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await archive?.close();
  });

  /** A page that records console errors and any request to another origin than the site (and, when allowed, the bucket). */
  async function open(context: BrowserContext, allowed: string[] = []): Promise<{ page: Page; watch: Watch }> {
    return watchedPage(context, [archive.url, ...allowed]);
  }

  async function checkState(page: Page, watch: Watch, name: string) {
    expect(await axeViolations(page), name).toEqual([]);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    expect(watch.errors, name).toEqual([]);
    expect(watch.foreign, name).toEqual([]);
  }

  const verdict = (page: Page) => page.locator('#verdict').textContent();
  const versions = async () => (await call('GET', '/v1/reports/miyun-kw/2021/versions')).json.versions.length as number;

  for (const [label, viewport, n] of [
    ['desktop', { width: 1280, height: 900 }, 1],
    ['phone', { width: 390, height: 844 }, 2],
  ] as const) {
    it(`${label}: an unread row typed into the table, checked live, and published as a version marked entered`, async () => {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' });
      const { page, watch } = await open(context);
      await page.goto(`${archive.url}/check`);
      const file = unreadRowVariant(300 + n);
      await page.locator('input[type=file]').setInputFiles({ name: `miyun-2021-${n}.txt`, mimeType: 'text/plain', buffer: file });
      await page.getByRole('button', { name: '检查' }).click();
      await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^未能校验/);

      // The row's seven cells are inputs where the figures belong, each named by its row and column.
      const inputs = page.locator('#t-applications input.cell-input');
      expect(await inputs.count()).toBe(UNREAD_ROW_KEYS.length);
      expect(await inputs.evaluateAll((els) => els.map((e) => (e as unknown as { name: string }).name))).toEqual(UNREAD_ROW_KEYS);
      expect(await page.locator('table input.cell-input').count()).toBe(UNREAD_ROW_KEYS.length);
      const total = page.getByLabel('表三 “（四）无法提供 1.本机关不掌握相关政府信息” 总计（没有读出，请填写）');
      expect(await total.count()).toBe(1);
      expect(await page.locator('#typed-hint').isVisible()).toBe(true);
      await checkState(page, watch, `cells-${label}-1-unread`);

      // A total that does not add up: the archive's own rules say so as the clerk types.
      for (const key of UNREAD_ROW_KEYS) await page.locator(`input[name="${key}"]`).fill(key.endsWith('.total') ? '4' : '0');
      await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^发现 \d+ 个错误.*按您补录的 7 格核对/);
      await expect.poll(() => page.locator('#details').textContent()).toMatch(/T3_|总计/);
      await checkState(page, watch, `cells-${label}-2-typed-wrong`);

      await total.fill('0');
      await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^通过（按您补录的 7 格核对）/);
      await checkState(page, watch, `cells-${label}-3-typed-right`);

      const before = await versions().catch(() => 0);
      await page.getByLabel('上传令牌').fill(token);
      await page.getByRole('button', { name: '发布' }).click();
      await expect.poll(() => page.locator('#publish-result').textContent(), { timeout: 30_000 }).toMatch(/已收录您补录的 7 格：第 \d+ 版/);
      expect(await page.getByLabel('上传令牌').inputValue()).toBe('');
      await checkState(page, watch, `cells-${label}-4-published`);
      // The file, then the typed cells: two new versions, the newest checked and its cells marked entered.
      expect(await versions()).toBe(before + 2);
      const latest = (await call('GET', '/v1/reports/miyun-kw/2021')).json;
      expect(latest).toMatchObject({ version: before + 2, checked: true, entered: UNREAD_ROW_KEYS, sha256: sha(file) });

      await page.getByRole('link', { name: '查看 2021 年度报告页' }).click();
      await page.waitForURL(/\/reports\/miyun-kw\/2021$/);
      expect(await page.locator('td[data-source="entered"]').count()).toBe(UNREAD_ROW_KEYS.length);
      expect(await page.locator('main').textContent()).toContain('由报送机关补录');
      await checkState(page, watch, `cells-${label}-5-report`);
      await context.close();
    }, 180_000);

    it(`${label}: a 6 MB file goes up through /v1/uploads from the page and is stored`, async () => {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' });
      const { page, watch } = await open(context, [archive.s3.endpoint]);
      await page.goto(`${archive.url}/check`);
      // The sample followed by lines of spaces: a real report, over the direct limit.
      const pad = Buffer.from(`${' '.repeat(1023)}\n`.repeat(6 * 1024));
      const file = Buffer.concat([sampleVariant(600 + n), Buffer.from('\n'), pad]);
      expect(file.length).toBeGreaterThan(MAX_BODY_BYTES + 2 * 1024 * 1024);
      await page.locator('input[type=file]').setInputFiles({ name: `miyun-2021-large-${n}.txt`, mimeType: 'text/plain', buffer: file });
      await page.getByRole('button', { name: '检查' }).click();
      await expect.poll(() => verdict(page)).toMatch(/超过 4 MB，不能在本页预先检查/);
      await checkState(page, watch, `large-${label}-1-chosen`);

      await page.getByLabel('上传令牌').fill(token);
      await page.getByRole('button', { name: '发布' }).click();
      await expect.poll(() => page.locator('#publish-result').textContent(), { timeout: 90_000, interval: 500 }).toMatch(/^已发布：第 \d+ 版/);
      await checkState(page, watch, `large-${label}-2-published`);
      const latest = (await call('GET', '/v1/reports/miyun-kw/2021')).json;
      expect(latest).toMatchObject({ sha256: sha(file), size: file.length, checked: true });
      await context.close();
    }, 180_000);
  }
});
