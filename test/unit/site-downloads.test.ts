import { describe, expect, it } from 'vitest';
import { INLINE_DOWNLOAD_BYTES, siteRoutes } from '../../functions/routes/site';
import type { ArchivePorts } from '../../shared/archive/ports';
import type { HttpRequest } from '../../shared/http/types';
import { defined } from '../support/defined';

/** A download too large for a Lambda answer goes to the CDN of public/; a small one is answered inline. */
function routesWith(size: number, filesUrl?: string, state: { zhCsv?: boolean; reports?: number } = { zhCsv: true }) {
  const ports = {
    index: {
      getStats: async () => ({ rev: 3, reports: state.reports ?? 10 }),
      getExportState: async () => ({ rev: 3, build: 'r3-abcdef12', builtAt: '2026-01-01T00:00:00.000Z', changedAt: 0, zhCsv: state.zhCsv }),
    },
    archive: {
      get: async (key: string) => (key.startsWith('public/data/2022/r3-abcdef12.') ? { bytes: new Uint8Array(size), contentType: 'text/csv' } : undefined),
    },
    now: () => new Date(),
  } as unknown as ArchivePorts;
  return siteRoutes({ ports, auth: {} as never }, { filesUrl });
}

const request = (file: string, query: Record<string, string> = {}): HttpRequest => ({
  method: 'GET',
  routeKey: 'GET /data/{file}',
  path: `/data/${file}`,
  params: { file },
  query,
  headers: {},
  body: Buffer.alloc(0),
  requestId: 't',
});

describe('GET /data/{file}', () => {
  it('redirects a file over the inline limit to the files CDN, naming the build', async () => {
    const r = await defined(routesWith(INLINE_DOWNLOAD_BYTES + 1, 'https://files.example.net/')['GET /data/{file}'])(request('2022.csv'));
    expect(r.status).toBe(302);
    expect(r.headers?.location).toBe('https://files.example.net/data/2022/r3-abcdef12.csv');
  });

  it('answers a small file itself, as an attachment with our own name', async () => {
    const r = await defined(routesWith(1000, 'https://files.example.net')['GET /data/{file}'])(request('2022.json'));
    expect(r.status).toBe(200);
    expect(r.headers?.['content-disposition']).toBe('attachment; filename="gongkai-2022.json"');
    expect(r.contentType).toBe('application/json; charset=utf-8');
  });

  it('labels=zh is the CSV with the Chinese header: a file of the build of its own, named so', async () => {
    const large = await defined(routesWith(INLINE_DOWNLOAD_BYTES + 1, 'https://files.example.net')['GET /data/{file}'])(request('2022.csv', { labels: 'zh' }));
    expect(large.headers?.location).toBe('https://files.example.net/data/2022/r3-abcdef12.zh.csv');
    const small = await defined(routesWith(1000)['GET /data/{file}'])(request('2022.csv', { labels: 'zh' }));
    expect(small.headers?.['content-disposition']).toBe('attachment; filename="gongkai-2022.zh.csv"');
  });

  it('labels other than zh, or on the JSON, are a 400 in Chinese', async () => {
    for (const [file, query] of [
      ['2022.csv', { labels: 'en' }],
      ['2022.json', { labels: 'zh' }],
    ] as const) {
      const r = await defined(routesWith(10)['GET /data/{file}'])(request(file, query));
      expect(r.status, `${file} ${query.labels}`).toBe(400);
      expect(String(r.body)).toMatch(/zh|CSV/);
    }
  });

  it('a large year built before the Chinese header existed answers 503 for it, and the plain CSV as before', async () => {
    const old = defined(routesWith(1000, undefined, { reports: 10_000 })['GET /data/{file}']);
    const zh = await old(request('2022.csv', { labels: 'zh' }));
    expect([zh.status, zh.headers?.['retry-after']]).toEqual([503, '2']);
    expect((await old(request('2022.csv'))).status).toBe(200);
  });

  it('refuses a name that is not a year or all, with an HTML page', async () => {
    const r = await defined(routesWith(10)['GET /data/{file}'])(request('..%2Fsecret.csv'));
    expect(r.status).toBe(400);
    expect(r.contentType).toBe('text/html; charset=utf-8');
  });
});
