import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalArchive, type LocalArchive } from '../../local/local-archive';
import { DEFAULT_LOGINS_PER_HOUR } from '../../shared/archive/login-limit';
import { adminVerifier } from '../../shared/archive/tokens';
import { ADMIN, MIYUN, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { defined } from '../support/defined';

type Archive = Awaited<ReturnType<typeof freshArchive>>;

/**
 * The admin console against the real local servers, as a browser uses it: a cookie jar of one
 * cookie, forms posted url-encoded, redirects not followed (each is asserted).
 */
class Browser {
  cookie: string | undefined;
  constructor(private readonly base: string) {}

  async request(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...headers,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const value = defined(setCookie.split(';')[0]);
      this.cookie = /^gk_admin=$/.test(value) || /Max-Age=0/.test(setCookie) ? undefined : value;
    }
    return { status: res.status, headers: res.headers, setCookie, text: await res.text() };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, form: Record<string, string>) => this.request('POST', path, form);

  /** The CSRF token of the page's forms. */
  static csrf(html: string): string {
    const m = /name="csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no CSRF field on the page');
    return defined(m[1]);
  }

  async signIn(token = ADMIN) {
    const form = await this.get('/admin');
    return this.post('/admin/login', { csrf: Browser.csrf(form.text), token });
  }
}

/** A request as if the console were served as gongkai.example.org. */
function asHost(method: string, path: string, cookie?: string, body?: string) {
  return new Promise<{ status: number; setCookie: string; text: string }>((resolve, reject) => {
    const url = new URL(path, archive.url);
    const req = request(
      url,
      {
        method,
        headers: {
          host: 'gongkai.example.org',
          ...(cookie ? { cookie } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, setCookie: [res.headers['set-cookie'] ?? []].flat()[0] ?? '', text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let archive: Archive;

describe('the admin console', () => {
  let call: ReturnType<typeof client>;
  let upload: string;
  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    upload = await registerMiyun(call);
    expect((await call('POST', '/v1/reports', { token: upload, body: readSample(), type: 'text/plain' })).status).toBe(201);
    expect((await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'haidian', name: '北京市海淀区人民政府', region: '110108' } })).status).toBe(201);
  });
  afterAll(() => archive.close());

  it('/admin is a sign-in form with a CSRF field, under the site CSP with a script from our origin, never cached', async () => {
    const b = new Browser(archive.url);
    const r = await b.get('/admin');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<form method="post" action="/admin/login"');
    expect(r.text).toMatch(/<input id="admin-token" name="token" type="password"/);
    expect(Browser.csrf(r.text)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/style-src 'sha256-/);
    expect(csp).not.toContain('unsafe-inline');
    expect(r.text).toContain('<script src="/admin/assets/console.js" defer>');
    // The pre-session that binds the form's token: HttpOnly, SameSite=Strict, under /admin only.
    expect(r.setCookie).toMatch(/^gk_admin=p\.[^;]+; Path=\/admin; Max-Age=1800; HttpOnly; SameSite=Strict$/);
  });

  it('the admin token signs in: an HttpOnly, SameSite=Strict session cookie, Secure except on this machine', async () => {
    const b = new Browser(archive.url);
    const r = await b.signIn();
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/admin/agencies');
    expect(r.setCookie).toMatch(/^gk_admin=a\.[^;]+; Path=\/admin; Max-Age=1800; HttpOnly; SameSite=Strict$/);
    expect(r.setCookie).not.toContain('Secure');

    // Served under another name than this machine's, the cookie is Secure (fetch will not send another Host).
    const form = await asHost('GET', '/admin');
    expect(form.setCookie).toMatch(/; Secure$/);
    const body = new URLSearchParams({ csrf: Browser.csrf(form.text), token: ADMIN }).toString();
    const signed = await asHost('POST', '/admin/login', form.setCookie.split(';')[0], body);
    expect(signed.status).toBe(303);
    expect(signed.setCookie).toMatch(/^gk_admin=a\.[^;]+; .*HttpOnly; SameSite=Strict; Secure$/);
  });

  it('lists the agencies with the session cookie, and nothing without it', async () => {
    const b = new Browser(archive.url);
    await b.signIn();
    const list = await b.get('/admin/agencies');
    expect(list.status).toBe(200);
    expect(list.text).toContain(MIYUN.name);
    expect(list.text).toContain('北京市海淀区人民政府');
    expect(list.headers.get('cache-control')).toBe('no-store');
    const found = await b.get(`/admin/agencies?q=${encodeURIComponent('密云区科委')}`);
    expect(found.text).toContain(MIYUN.name);
    expect(found.text).not.toContain('北京市海淀区人民政府');

    const anonymous = new Browser(archive.url);
    for (const path of ['/admin/agencies', '/admin/agencies/miyun-kw', '/admin/audit?agency=miyun-kw', '/admin/coverage?year=2021']) {
      const r = await anonymous.get(path);
      expect([path, r.status, r.headers.get('location')]).toEqual([path, 303, '/admin']);
      expect(r.text).not.toContain(MIYUN.name);
    }
    // The admin token as a bearer is no console session either.
    const bearer = await fetch(`${archive.url}/admin/agencies`, { redirect: 'manual', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(bearer.status).toBe(303);
    // Nor is a pre-session, or a cookie whose role was changed by hand.
    const pre = new Browser(archive.url);
    await pre.get('/admin');
    expect((await pre.get('/admin/agencies')).status).toBe(303);
    pre.cookie = pre.cookie?.replace('gk_admin=p.', 'gk_admin=a.');
    expect((await pre.get('/admin/agencies')).status).toBe(303);
  });

  it('refuses a wrong token (401, no session) and files the attempt under _console', async () => {
    const b = new Browser(archive.url);
    const r = await b.signIn('wrong-token-0123456789-abcdefghijklmnop');
    expect(r.status).toBe(401);
    expect(r.text).toContain('管理员令牌不正确');
    expect(r.setCookie).toMatch(/^gk_admin=p\./);
    expect((await b.get('/admin/agencies')).status).toBe(303);
    const trail = await call('GET', '/v1/audit?agency=_console', { token: ADMIN });
    expect(trail.status).toBe(200);
    expect(trail.json.items).toContainEqual(
      expect.objectContaining({ action: 'admin-login', outcome: 'rejected', status: 401, problem: 'unauthorized', actor: 'console:127.0.0.1' }),
    );
    expect(trail.text).not.toContain('wrong-token');
  });

  it('refuses a form posted without its CSRF token, or with another session’s (403), and changes nothing', async () => {
    const b = new Browser(archive.url);
    await b.signIn();
    const other = new Browser(archive.url);
    await other.signIn();
    const otherCsrf = Browser.csrf((await other.get('/admin/agencies')).text);
    const edit = { name: MIYUN.name, aliases: '密云区科委', region: '110118', kind: 'township' };
    expect((await b.post('/admin/agencies/miyun-kw', edit)).status).toBe(403);
    expect((await b.post('/admin/agencies/miyun-kw', { ...edit, csrf: otherCsrf })).status).toBe(403);
    expect((await b.post('/admin/agencies/miyun-kw/tokens', {})).status).toBe(403);
    expect((await b.post('/admin/login', { token: ADMIN })).status).toBe(403);
    expect((await call('GET', '/v1/agencies/miyun-kw')).json.kind).toBe('department');
  });

  it('edits the kind through the use case (audited as the API’s edit), issues a token shown once, and revokes it', async () => {
    const b = new Browser(archive.url);
    await b.signIn();
    const page = await b.get('/admin/agencies/miyun-kw');
    expect(page.status).toBe(200);
    const csrf = Browser.csrf(page.text);
    const saved = await b.post('/admin/agencies/miyun-kw', {
      csrf,
      name: MIYUN.name,
      aliases: '密云区科委、密云科委',
      region: '110118',
      level: '',
      kind: 'township',
    });
    expect([saved.status, saved.headers.get('location')]).toEqual([303, '/admin/agencies/miyun-kw?done=saved']);
    expect((await call('GET', '/v1/agencies/miyun-kw')).json).toMatchObject({ kind: 'township', aliases: ['密云区科委', '密云科委'] });
    expect((await b.get('/admin/agencies/miyun-kw?done=saved')).text).toContain('已保存机关资料');

    const issued = await b.post('/admin/agencies/miyun-kw/tokens', { csrf });
    expect(issued.status).toBe(201);
    const token = /id="new-token" readonly value="(gk_[^"]+)"/.exec(issued.text)?.[1];
    expect(token).toBeDefined();
    expect(issued.text).toContain('data-copy="new-token"');
    // Shown once: the agency page afterwards has its id, never the token.
    const tokenId = defined(token).slice(3, 19);
    const after = await b.get('/admin/agencies/miyun-kw');
    expect(after.text).toContain(tokenId);
    expect(after.text).not.toContain(defined(token));

    const revoked = await b.post(`/admin/agencies/miyun-kw/tokens/${tokenId}/revoke`, { csrf });
    expect([revoked.status, revoked.headers.get('location')]).toEqual([303, '/admin/agencies/miyun-kw?done=revoked']);
    const refused = await call('POST', '/v1/reports', { token, body: readSample(), type: 'text/plain' });
    expect(refused.status).toBe(401);

    const trail = (await call('GET', '/v1/audit?agency=miyun-kw&limit=100', { token: ADMIN })).json.items as {
      action: string;
      outcome: string;
      actor: string;
      tokenId?: string;
    }[];
    expect(trail).toContainEqual(expect.objectContaining({ action: 'agency-update', outcome: 'updated', actor: 'admin' }));
    expect(trail).toContainEqual(expect.objectContaining({ action: 'issue-token', outcome: 'created', actor: 'admin', tokenId }));
    expect(trail).toContainEqual(expect.objectContaining({ action: 'revoke-token', outcome: 'revoked', actor: 'admin', tokenId }));
  });

  it('withdraws a version with a reason; the audit page filters by action and outcome', async () => {
    const b = new Browser(archive.url);
    await b.signIn();
    const page = await b.get('/admin/agencies/miyun-kw');
    expect(page.text).toContain('确认撤回 2021 年度第 1 版');
    const csrf = Browser.csrf(page.text);
    const noReason = await b.post('/admin/reports/miyun-kw/2021/versions/1/withdraw', { csrf, reason: '' });
    expect(noReason.status).toBe(400);
    const done = await b.post('/admin/reports/miyun-kw/2021/versions/1/withdraw', { csrf, reason: '含有个人信息，已撤回' });
    expect([done.status, done.headers.get('location')]).toEqual([303, '/admin/agencies/miyun-kw?done=withdrawn']);
    const gone = await call('GET', '/v1/reports/miyun-kw/2021?version=1');
    expect([gone.status, gone.json.reason]).toEqual([410, '含有个人信息，已撤回']);

    const withdrawals = await b.get('/admin/audit?agency=miyun-kw&action=withdraw&outcome=withdrawn');
    expect(withdrawals.status).toBe(200);
    expect(withdrawals.text).toContain('含有个人信息，已撤回');
    expect(withdrawals.text).not.toContain('签发令牌</td>');
    const issues = await b.get('/admin/audit?agency=miyun-kw&action=issue-token');
    expect(issues.text).toContain('签发令牌</td>');
    expect(issues.text).not.toContain('撤回版本</td>');
    const logins = await b.get('/admin/audit?agency=_console&outcome=signed-in');
    expect(logins.text).toContain('已登录');
    expect(logins.text).not.toContain('被拒绝（');
  });

  it('shows who under a region has not published a year’s report', async () => {
    const b = new Browser(archive.url);
    await b.signIn();
    const r = await b.get('/admin/coverage?year=2022&region=110000');
    expect(r.status).toBe(200);
    expect(r.text).toContain('尚未公开 2022 年度报告的机关（2 个）');
    expect(r.text).toContain('北京市海淀区人民政府');
    const outside = await b.get('/admin/coverage?year=2022&region=440000');
    expect(outside.text).not.toContain('北京市海淀区人民政府');
  });

  it('escapes what agencies are called', async () => {
    const b = new Browser(archive.url);
    await b.signIn();
    const csrf = Browser.csrf((await b.get('/admin/agencies')).text);
    const made = await b.post('/admin/agencies', { csrf, id: 'xss-test', name: '<script>alert(1)</script>测试委员会', aliases: '"><img src=x>测试委' });
    expect(made.status, made.text.slice(0, 500)).toBe(201);
    expect(made.text).not.toContain('<script>alert');
    expect(made.text).not.toContain('<img src=x>');
    expect(made.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;测试委员会');
  });

  it('signs out: the cookie is cleared', async () => {
    const b = new Browser(archive.url);
    await b.signIn();
    const csrf = Browser.csrf((await b.get('/admin/agencies')).text);
    const out = await b.post('/admin/logout', { csrf });
    expect([out.status, out.headers.get('location')]).toEqual([303, '/admin']);
    expect(out.setCookie).toMatch(/^gk_admin=; Path=\/admin; Max-Age=0; HttpOnly; SameSite=Strict$/);
    expect((await b.get('/admin/agencies')).status).toBe(303);
  });
});

describe('the admin console limits sign-in attempts per address', () => {
  let archive: LocalArchive;
  let call: ReturnType<typeof client>;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-it-'));
  beforeAll(async () => {
    // The clock stands still mid-hour, so every attempt falls in one window whenever the test runs.
    archive = await startLocalArchive({
      dataDir: dir,
      admin: adminVerifier(ADMIN),
      wrapPorts: (ports) => ({ ...ports, now: () => new Date('2026-03-02T10:20:00.000Z') }),
    });
    call = client(archive.url);
  });
  afterAll(async () => {
    await archive.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`refuses every attempt past ${DEFAULT_LOGINS_PER_HOUR} in an hour, the right token’s too, and audits it`, async () => {
    const b = new Browser(archive.url);
    for (let i = 0; i < DEFAULT_LOGINS_PER_HOUR; i++) expect((await b.signIn(`wrong-${i}-0123456789-abcdefghijklmnop`)).status).toBe(401);
    const r = await b.signIn();
    expect(r.status).toBe(429);
    // 40 minutes to the next hour of the standing clock.
    expect(r.headers.get('retry-after')).toBe('2400');
    expect(r.text).toContain('登录尝试已达');
    expect((await b.get('/admin/agencies')).status).toBe(303);
    const trail = await call('GET', '/v1/audit?agency=_console&limit=100', { token: ADMIN });
    expect(trail.json.items.filter((i: { status: number }) => i.status === 401)).toHaveLength(DEFAULT_LOGINS_PER_HOUR);
    expect(trail.json.items).toContainEqual(expect.objectContaining({ action: 'admin-login', outcome: 'rejected', status: 429, problem: 'too-many-logins' }));
  });
});
