import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, BROWSER_CHROMIUM, launchChromium, SCREENS, type Watch, watchedPage } from '../support/browser-harness';
import { ADMIN, client, freshArchive } from '../support/local';
import { seedSite } from '../support/site-seed';

/**
 * The admin console in Debian's Chromium (playwright-core, no browser download): an admin signs in,
 * edits an agency's kind, issues a token (copied with the button) and revokes it, and withdraws a
 * version, at 1280 and at 390 px. Every page is checked with axe-core, for sideways scrolling, console
 * errors and requests leaving the site. Screenshots land in test-results/screens/.
 */

describe.runIf(existsSync(BROWSER_CHROMIUM))('the admin console in a real browser', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let browser: Browser;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    await seedSite(call);
    browser = await launchChromium();
    mkdirSync(SCREENS, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await archive?.close();
  });

  async function open(context: BrowserContext): Promise<{ page: Page; watch: Watch }> {
    return watchedPage(context, [archive.url]);
  }

  async function checkPage(page: Page, watch: Watch, name: string) {
    expect(await page.getAttribute('html', 'lang'), name).toBe('zh-CN');
    expect(await page.locator('h1').count(), name).toBe(1);
    expect(await axeViolations(page), name).toEqual([]);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    // On failure, the elements that stick out (outside a scrolling region) name the culprit.
    const wide =
      overflow > 0
        ? await page.evaluate(
            "[...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth && !e.closest('.scroll')).map((e) => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5).join(' ')",
          )
        : '';
    expect(overflow, `${name} scrolls sideways: ${wide}`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    expect(watch.errors, name).toEqual([]);
    expect(watch.foreign, name).toEqual([]);
  }

  for (const [label, viewport, agency, year, kind] of [
    ['desktop', { width: 1280, height: 900 }, 'tianhe-edu', 2020, 'township'],
    ['phone', { width: 390, height: 844 }, 'baiyun-gov', 2021, 'department'],
  ] as const) {
    it(`${label}: sign in, edit the kind, issue and revoke a token, withdraw a version`, async () => {
      const context = await browser.newContext({ viewport, locale: 'zh-CN' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: archive.url });
      const { page, watch } = await open(context);
      const name = (step: string) => `admin-${label}-${step}`;

      await page.goto(`${archive.url}/admin`);
      await checkPage(page, watch, name('1-login'));
      await page.getByLabel('管理员令牌').fill(ADMIN);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(/\/admin\/agencies$/);
      const cookie = (await context.cookies()).find((c) => c.name === 'gk_admin');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
      await checkPage(page, watch, name('2-agencies'));

      // Search, then open the agency.
      await page.getByLabel('名称或别名').fill(agency === 'tianhe-edu' ? '天河' : '白云');
      await page.getByRole('button', { name: '查找' }).click();
      await page.waitForURL(/q=/);
      await page.locator(`main a[href="/admin/agencies/${agency}"]`).click();
      await page.waitForURL(new RegExp(`/admin/agencies/${agency}$`));
      await checkPage(page, watch, name('3-agency'));

      // The kind decides the deadline.
      await page.getByLabel('类型（决定报送期限）').selectOption(kind);
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/done=saved/);
      expect(await page.getByRole('status').first().textContent()).toContain('已保存');
      expect((await call('GET', `/v1/agencies/${agency}`)).json.kind).toBe(kind);

      // A token, shown once, copied with the button.
      await page.getByRole('button', { name: '签发新令牌' }).click();
      await page.waitForURL(new RegExp(`/admin/agencies/${agency}/tokens$`));
      const token = await page.getByRole('textbox', { name: '新令牌' }).inputValue();
      expect(token).toMatch(/^gk_[a-z0-9]{16}\./);
      await page.getByRole('button', { name: '复制' }).click();
      await expect.poll(() => page.locator('[data-copied="new-token"]').textContent()).toBe('已复制');
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token);
      await checkPage(page, watch, name('4-token'));

      // Revoked: its row says so and the API refuses it.
      const tokenId = token.slice(3, 19);
      await page.getByRole('button', { name: `吊销令牌 ${tokenId}` }).click();
      await page.waitForURL(/done=revoked/);
      expect(await page.getByRole('row', { name: new RegExp(tokenId) }).textContent()).toContain('吊销');
      expect((await call('POST', '/v1/reports', { token, body: 'x', type: 'text/plain' })).status).toBe(401);

      // Withdraw the year's first version with a reason.
      // The form opens from its summary: without a script, as every form here.
      await page.getByText(`撤回 ${year} 年度第 1 版`, { exact: true }).click();
      const form = page.locator('form', { has: page.getByRole('button', { name: `确认撤回 ${year} 年度第 1 版` }) });
      await form.getByLabel('撤回原因（将公开显示）').fill('含有个人信息，已撤回');
      await form.getByRole('button').click();
      await page.waitForURL(/done=withdrawn/);
      expect(await page.getByRole('status').first().textContent()).toContain('已撤回该版本');
      expect((await call('GET', `/v1/reports/${agency}/${year}?version=1`)).status).toBe(410);
      await checkPage(page, watch, name('5-withdrawn'));

      await page.getByRole('navigation', { name: '管理控制台' }).getByRole('link', { name: '审计记录' }).click();
      await page.getByLabel('机关标识').fill(agency);
      await page.getByLabel('操作').selectOption('withdraw');
      await page.getByRole('button', { name: '查看' }).click();
      await page.waitForURL(/action=withdraw/);
      expect(await page.locator('main table').textContent()).toContain('原因：含有个人信息，已撤回');
      await checkPage(page, watch, name('6-audit'));

      await page.getByRole('navigation', { name: '管理控制台' }).getByRole('link', { name: '公开情况' }).click();
      await page.getByLabel('年度', { exact: true }).fill('2021');
      await page.getByLabel('地区代码（含下级）').fill('440000');
      await page.getByRole('button', { name: '查看' }).click();
      await page.waitForURL(/year=2021/);
      // 广州市发改委 has no 2021 report.
      expect(await page.locator('main table').textContent()).toContain('广州市发展和改革委员会');
      await checkPage(page, watch, name('7-coverage'));

      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL(/\/admin$/);
      expect((await context.cookies()).find((c) => c.name === 'gk_admin')?.value ?? '').toMatch(/^(p\.|$)/);
      await context.close();
    }, 120_000);
  }
});
