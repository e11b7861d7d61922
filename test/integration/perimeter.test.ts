import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originCheck, originFromSecret, ORIGIN_SECRET_TTL_MS } from '../../functions/secrets';
import { startLocalArchive } from '../../local/local-archive';
import { adminVerifier } from '../../shared/archive/tokens';
import { ORIGIN_HEADER } from '../../shared/http/origin-check';
import { ADMIN, readSample, registerMiyun } from '../support/local';

const SECRET = 'origin-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG';

/**
 * The functions answer only requests that carry CloudFront's origin header: on the local stack run
 * with the check on (as every deployed function runs), a request without the header, or with another
 * value, is a 403 before any route runs; with it, everything works as before.
 */
describe('requests around CloudFront are refused', () => {
  let archive: Awaited<ReturnType<typeof startLocalArchive>>;
  let dir: string;
  const send = (path: string, init: RequestInit & { origin?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.origin !== undefined) headers.set(ORIGIN_HEADER, init.origin);
    return fetch(`${archive.url}${path}`, { ...init, headers });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-perimeter-'));
    archive = await startLocalArchive({ dataDir: dir, admin: adminVerifier(ADMIN), originSecret: SECRET, uploadsPerHour: 100 });
  });
  afterAll(async () => {
    await archive.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without the header, or with another value: 403 in Chinese on every function (the site’s as its page)', async () => {
    for (const origin of [undefined, `${SECRET}x`]) {
      const page = await send('/', { origin });
      expect(page.status).toBe(403);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const text = await page.text();
      expect(text).toContain('<h1>请通过网站地址访问</h1>');
      expect(text).toContain('网站');
    }
    const paths: [string, RequestInit][] = [
      ['/v1/reports', {}],
      ['/v1/validate', { method: 'POST', body: readSample(), headers: { 'content-type': 'text/plain' } }],
      ['/v1/agencies', { headers: { authorization: `Bearer ${ADMIN}` } }],
      ['/v1/uploads', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }],
    ];
    for (const [path, init] of paths) {
      for (const origin of [undefined, '', `${SECRET}x`, SECRET.slice(0, -1), SECRET.toUpperCase()]) {
        const r = await send(path, { ...init, origin });
        expect(r.status, `${path} ${origin}`).toBe(403);
        expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
        const problem = (await r.json()) as { detail: string };
        expect(problem).toMatchObject({ type: 'urn:gongkai:problem:direct-access', status: 403 });
        expect(problem.detail).toContain('网站');
      }
    }
  });

  it('nothing was done by a refused request: an admin registration without the header stores no agency', async () => {
    const r = await send('/v1/agencies', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'haidian', name: '北京市海淀区人民政府' }),
    });
    expect(r.status).toBe(403);
    expect(await archive.ports.index.getAgency('haidian')).toBeUndefined();
  });

  it('with the header, the API and the site answer as before', async () => {
    expect((await send('/v1/reports', { origin: SECRET })).status).toBe(200);
    expect((await send('/', { origin: SECRET })).status).toBe(200);
    const call = async (method: string, path: string, opts: { token?: string; json?: unknown } = {}) => {
      const r = await send(path, {
        method,
        origin: SECRET,
        headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), 'content-type': 'application/json' },
        body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
      });
      return { status: r.status, json: await r.json().catch(() => undefined) };
    };
    const token = await registerMiyun(call as never);
    const up = await send('/v1/reports', {
      method: 'POST',
      origin: SECRET,
      body: readSample(),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    });
    expect(up.status).toBe(201);
  });
});

describe('the origin secret in Lambda: read once, kept five minutes, rotated without a refused request', () => {
  const A = 'origin-secret-value-A-0123456789-abcdefghijklmnopq';
  const B = 'origin-secret-value-B-0123456789-abcdefghijklmnopq';
  const C = 'origin-secret-value-C-0123456789-abcdefghijklmnopq';

  it('accepts the current and the previous value; a rotation takes effect within the TTL, and the value before is refused then', async () => {
    let stages = [A];
    let loads = 0;
    let clock = 0;
    const check = originFromSecret('arn:origin', {
      load: async () => {
        loads++;
        return stages;
      },
      now: () => clock,
    });
    expect(await check(A)).toBe(true);
    expect(await check(B)).toBe(false);
    expect(await check(undefined)).toBe(false);
    // put-secret-value B: B is current, A previous. CloudFront still sends A until the deploy.
    stages = [B, A];
    clock += ORIGIN_SECRET_TTL_MS - 1;
    expect(await check(B)).toBe(false);
    expect(loads).toBe(1);
    clock += 1;
    expect(await check(B)).toBe(true);
    expect(await check(A)).toBe(true);
    expect(loads).toBe(2);
    // The next rotation: A is no longer accepted.
    stages = [C, B];
    clock += ORIGIN_SECRET_TTL_MS;
    expect(await check(A)).toBe(false);
    expect(await check(C)).toBe(true);
    expect(ORIGIN_SECRET_TTL_MS).toBeLessThanOrEqual(5 * 60 * 1000);
  });

  it('a failed read is not kept; a missing or short secret is an error, never a credential', async () => {
    let fail = true;
    const check = originFromSecret('arn:origin', {
      load: async () => {
        if (fail) throw new Error('Secrets Manager unavailable');
        return [A];
      },
    });
    await expect(check(A)).rejects.toThrow(/unavailable/);
    fail = false;
    expect(await check(A)).toBe(true);
    await expect(originFromSecret('arn:origin', { load: async () => ['short'] })('short')).rejects.toThrow(/shorter than 32/);
    await expect(originFromSecret('arn:origin', { load: async () => [] })('')).rejects.toThrow(/missing/);
  });

  it('a deployed function without ORIGIN_SECRET_ARN does not start; the local server runs without the check', () => {
    expect(() => originCheck({ AWS_LAMBDA_FUNCTION_NAME: 'GongkaiApi-Read' })).toThrow(/ORIGIN_SECRET_ARN/);
    expect(originCheck({})).toBeUndefined();
    expect(originCheck({ AWS_LAMBDA_FUNCTION_NAME: 'GongkaiApi-Read', ORIGIN_SECRET_ARN: 'arn:aws:secretsmanager:…' })).toBeTypeOf('function');
  });
});
