import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteAuth, type RouteKey } from '../../functions/route-table';
import { ADMIN, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { sampleVariant, UNREAD_ROW_KEYS, unreadRowVariant } from '../support/variants';

type Who = 'none' | 'malformed' | 'other agency' | 'revoked' | 'admin' | 'right';
const WHO: Who[] = ['none', 'malformed', 'other agency', 'revoked', 'admin', 'right'];

/**
 * Every route × every kind of caller, with the exact status. "right" is the agency the request
 * is about (miyun-kw); "other agency" a valid token of another one; "revoked" miyun-kw's
 * revoked token. Public reads ignore credentials altogether.
 */
const PUBLIC = { none: 200, malformed: 200, 'other agency': 200, revoked: 200, admin: 200, right: 200 };
const ADMIN_ONLY = (ok: number) => ({ none: 401, malformed: 401, 'other agency': 403, revoked: 401, admin: ok, right: 403 });
/** The console ignores bearer tokens: only its session cookie signs in. Pages send the browser to the sign-in form; posts are refused. */
const CONSOLE_PAGE = { none: 303, malformed: 303, 'other agency': 303, revoked: 303, admin: 303, right: 303 };
const CONSOLE_POST = { none: 403, malformed: 403, 'other agency': 403, revoked: 403, admin: 403, right: 403 };
const EXPECTED: Record<RouteKey, Record<Who, number>> = {
  'POST /v1/agencies': ADMIN_ONLY(201),
  'GET /v1/agencies/{agency}': PUBLIC,
  'POST /v1/agencies/{agency}/tokens': ADMIN_ONLY(201),
  // The token to revoke is another of miyun-kw's: only the admin may (a token may revoke only itself).
  'DELETE /v1/agencies/{agency}/tokens/{tokenId}': { none: 401, malformed: 401, 'other agency': 403, revoked: 401, admin: 204, right: 403 },
  'GET /v1/audit': ADMIN_ONLY(200),
  'GET /v1/agencies': ADMIN_ONLY(200),
  'PATCH /v1/agencies/{agency}': ADMIN_ONLY(200),
  // Each caller's request names a fresh agency without reports, so only the admin's is removed.
  'DELETE /v1/agencies/{agency}': ADMIN_ONLY(204),
  'GET /v1/agencies/{agency}/tokens': ADMIN_ONLY(200),
  // Each caller's request names a fresh version of its own, so only the admin's is withdrawn.
  'POST /v1/reports/{agency}/{year}/versions/{n}/withdraw': ADMIN_ONLY(200),
  // The admin token is no upload credential: the upload function is not even given the admin secret.
  'POST /v1/reports': { none: 401, malformed: 401, 'other agency': 403, revoked: 401, admin: 401, right: 201 },
  // Typed cells: the agency's own token, like the upload; the admin token is no upload credential.
  'POST /v1/reports/{agency}/{year}/versions/{n}/cells': { none: 401, malformed: 401, 'other agency': 403, revoked: 401, admin: 401, right: 201 },
  // Large uploads: agency tokens only, like POST /v1/reports; another agency's upload is not found.
  'POST /v1/uploads': { none: 401, malformed: 401, 'other agency': 201, revoked: 401, admin: 401, right: 201 },
  'GET /v1/uploads/{id}': { none: 401, malformed: 401, 'other agency': 404, revoked: 401, admin: 401, right: 200 },
  'POST /v1/validate': PUBLIC,
  'GET /v1/reports': PUBLIC,
  'GET /v1/coverage': PUBLIC,
  'GET /v1/reports/{agency}/{year}': PUBLIC,
  'GET /v1/reports/{agency}/{year}/html': PUBLIC,
  'GET /v1/reports/{agency}/{year}/original': PUBLIC,
  'GET /v1/reports/{agency}/{year}/versions': PUBLIC,
  'GET /': PUBLIC,
  'GET /reports': PUBLIC,
  'GET /reports/{agency}/{year}': PUBLIC,
  // Only 2021 is archived: there is no other year to compare with, whoever asks.
  'GET /reports/{agency}/{year}/compare': { none: 404, malformed: 404, 'other agency': 404, revoked: 404, admin: 404, right: 404 },
  'GET /agencies/{agency}': PUBLIC,
  'GET /stats': PUBLIC,
  'GET /stats/{year}': PUBLIC,
  'GET /coverage': PUBLIC,
  'GET /copied': PUBLIC,
  'GET /data': PUBLIC,
  'GET /data/{file}': PUBLIC,
  'GET /feed.xml': PUBLIC,
  'GET /sitemap.xml': PUBLIC,
  'GET /robots.txt': PUBLIC,
  'GET /docs': PUBLIC,
  'GET /v1/openapi.json': PUBLIC,
  'GET /check': PUBLIC,
  'GET /assets/{file}': PUBLIC,
  'GET /admin': PUBLIC,
  // Without the sign-in form's CSRF token (and its pre-session cookie) not even the token is looked at.
  'POST /admin/login': CONSOLE_POST,
  'POST /admin/logout': CONSOLE_POST,
  'GET /admin/agencies': CONSOLE_PAGE,
  'POST /admin/agencies': CONSOLE_POST,
  'GET /admin/agencies/{agency}': CONSOLE_PAGE,
  'POST /admin/agencies/{agency}': CONSOLE_POST,
  'POST /admin/agencies/{agency}/tokens': CONSOLE_POST,
  'POST /admin/agencies/{agency}/tokens/{tokenId}/revoke': CONSOLE_POST,
  'POST /admin/reports/{agency}/{year}/versions/{n}/withdraw': CONSOLE_POST,
  'GET /admin/audit': CONSOLE_PAGE,
  'GET /admin/coverage': CONSOLE_PAGE,
  'GET /admin/assets/{file}': PUBLIC,
};

describe('authorization matrix: every route × every caller', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  const tokens = {} as Record<Who, string | undefined>;
  let n = 0;
  let uploadId = '';

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    tokens.right = await registerMiyun(call);
    tokens['other agency'] = (await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'haidian', name: '北京市海淀区人民政府' } })).json.token;
    const extra = await call('POST', '/v1/agencies/miyun-kw/tokens', { token: ADMIN });
    tokens.revoked = extra.json.token;
    expect((await call('DELETE', `/v1/agencies/miyun-kw/tokens/${extra.json.tokenId}`, { token: ADMIN })).status).toBe(204);
    tokens.admin = ADMIN;
    tokens.malformed = 'Basic-not-a-token';
    tokens.none = undefined;
    expect((await call('POST', '/v1/reports', { token: tokens.right, body: readSample(), type: 'text/plain' })).status).toBe(201);
    const started = await call('POST', '/v1/uploads', { token: tokens.right, json: { filename: '年报.pdf', contentType: 'application/pdf', size: 1000 } });
    expect(started.status).toBe(201);
    uploadId = started.json.id;
  });
  afterAll(() => archive.close());

  /** A fresh, valid request for the route, so only the credential decides the status. */
  async function request(route: RouteKey, who: Who) {
    const token = tokens[who];
    const [method, template] = route.split(' ') as [string, string];
    let path = template.replace('{agency}', 'miyun-kw').replace('{year}', '2021');
    if (route.startsWith('GET /admin/') && route !== 'GET /admin/assets/{file}') {
      // Not followed: the redirect to the sign-in form is the answer.
      const res = await fetch(`${archive.url}${path}`, { redirect: 'manual', headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status, headers: res.headers, text: await res.text() };
    }
    if (route === 'DELETE /v1/agencies/{agency}/tokens/{tokenId}' || route === 'POST /admin/agencies/{agency}/tokens/{tokenId}/revoke') {
      // A token of miyun-kw to revoke, made fresh for each caller.
      const spare = await call('POST', '/v1/agencies/miyun-kw/tokens', { token: ADMIN });
      path = path.replace('{tokenId}', spare.json.tokenId);
    }
    switch (route) {
      case 'POST /v1/agencies':
        return call(method, path, { token, json: { id: `agency-${n++}`, name: '测试机关' } });
      case 'POST /v1/reports':
        return call(method, `${path}?agency=miyun-kw`, { token, body: sampleVariant(500 + n++), type: 'text/plain' });
      case 'POST /v1/validate':
        return call(method, path, { token, body: readSample(), type: 'text/plain' });
      case 'POST /v1/uploads':
        return call(method, path, { token, json: { filename: '年报.pdf', contentType: 'application/pdf', size: 1000 } });
      case 'GET /v1/uploads/{id}':
        return call(method, path.replace('{id}', uploadId), { token });
      case 'GET /v1/audit':
        return call(method, `${path}?agency=miyun-kw`, { token });
      case 'DELETE /v1/agencies/{agency}': {
        const id = `spare-${n++}`;
        expect((await call('POST', '/v1/agencies', { token: ADMIN, json: { id, name: `测试机关${id}` } })).status).toBe(201);
        return call(method, `/v1/agencies/${id}`, { token });
      }
      case 'PATCH /v1/agencies/{agency}':
        return call(method, path, { token, json: { aliases: ['密云区科委', `别名${n++}科委`] } });
      case 'POST /v1/reports/{agency}/{year}/versions/{n}/withdraw': {
        const up = await call('POST', '/v1/reports', { token: tokens.right, body: sampleVariant(700 + n++), type: 'text/plain' });
        expect(up.status).toBe(201);
        return call(method, path.replace('{n}', String(up.json.version)), { token, json: { reason: '含有个人信息，撤回' } });
      }
      case 'POST /v1/reports/{agency}/{year}/versions/{n}/cells': {
        const up = await call('POST', '/v1/reports', { token: tokens.right, body: unreadRowVariant(900 + n++), type: 'text/plain' });
        expect(up.json.checked).toBe(false);
        const cells = Object.fromEntries(UNREAD_ROW_KEYS.map((k) => [k, 0]));
        return call(method, path.replace('{n}', String(up.json.version)), { token, json: { cells } });
      }
      case 'GET /reports/{agency}/{year}/compare':
        return call(method, `${path}?with=2020`, { token });
      case 'GET /v1/coverage':
        return call(method, `${path}?year=2021`, { token });
      case 'GET /data/{file}':
        return call(method, path.replace('{file}', '2021.csv'), { token });
      case 'GET /assets/{file}':
        return call(method, path.replace('{file}', 'check.js'), { token });
      case 'GET /admin/assets/{file}':
        return call(method, path.replace('{file}', 'console.js'), { token });
      case 'POST /admin/reports/{agency}/{year}/versions/{n}/withdraw':
        return call(method, path.replace('{n}', '1'), { token, body: 'reason=%E6%92%A4%E5%9B%9E', type: 'application/x-www-form-urlencoded' });
      default:
        return call(method, path, { token });
    }
  }

  const cases = (Object.keys(ROUTES) as RouteKey[]).flatMap((route) => WHO.map((who) => ({ route, who, status: EXPECTED[route][who] })));

  it(`covers every route (${Object.keys(ROUTES).length}) × every caller (${WHO.length}) = ${cases.length} cases`, () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  /** What the route table declares of each route's caller, as the statuses of the matrix must show it. */
  const DECLARED: Record<RouteAuth, (s: Record<Who, number>) => boolean> = {
    // Credentials are not looked at: every caller gets the same answer.
    anyone: (s) => WHO.every((w) => s[w] === s.none && s[w] !== 401),
    admin: (s) => s.none === 401 && s.revoked === 401 && s.right === 403 && s.admin < 300,
    'admin or the token itself': (s) => s.none === 401 && s.revoked === 401 && s.admin < 300,
    // The admin token is no upload credential.
    agency: (s) => s.none === 401 && s.revoked === 401 && s.admin === 401 && s.right < 300,
    // Bearer tokens do not sign in to the console: a page sends every caller to the sign-in form, a post is refused.
    'admin console session': (s) => WHO.every((w) => s[w] === 303) || WHO.every((w) => s[w] === 403),
  };
  it.each(Object.keys(ROUTES) as RouteKey[])('%s answers as the route table declares who may call it', (route) => {
    expect(DECLARED[ROUTES[route].auth](EXPECTED[route]), ROUTES[route].auth).toBe(true);
  });

  it.each(cases)('$route as $who → $status', async ({ route, who, status }) => {
    const r = await request(route, who);
    expect(r.status, r.text.slice(0, 300)).toBe(status);
    if (status === 401) expect(r.headers.get('www-authenticate')).toBe('Bearer realm="gongkai"');
  });
});

describe('path parameters cannot reach other keys', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    await registerMiyun(call);
  });
  afterAll(() => archive.close());

  it.each([
    '/v1/reports/..%2F..%2Fmiyun-kw/2021',
    '/v1/reports/miyun-kw%2F2021/2021',
    '/v1/reports/miyun-kw/2021%2F..',
    '/v1/reports/MIYUN-KW/2021',
    '/v1/reports/miyun-kw%00/2021',
    '/v1/reports/miyun-kw/0000',
    '/v1/agencies/..%5C..%5Cetc',
    '/v1/reports/%252e%252e/2021/html',
  ])('%s → 400', async (path) => {
    const r = await call('GET', path);
    expect(r.status).toBe(400);
    expect(r.json.type).toBe('urn:gongkai:problem:bad-request');
  });

  // URL parsers resolve these dot segments before sending: the server sees another, routed path.
  it.each(['/v1/reports/miyun-kw/../../agencies/miyun-kw', '/v1/reports/%2e%2e/2021'])('%s stays inside the route table', async (path) => {
    const r = await call('GET', path);
    expect([200, 404]).toContain(r.status);
    expect(r.text).not.toMatch(/"token"|salt|hash/);
  });
});
