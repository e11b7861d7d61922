import { describe, expect, it } from 'vitest';
import { INLINE_DOWNLOAD_BYTES, siteRoutes } from '../../functions/routes/site';
import type { ArchivePorts } from '../../shared/archive/ports';
import type { HttpRequest } from '../../shared/http/types';

/** A download too large for a Lambda answer goes to the CDN of public/; a small one is answered inline. */
function routesWith(size: number, filesUrl?: string) {
  const ports = {
    index: {
      getStats: async () => ({ rev: 3, reports: 10 }),
      getExportState: async () => ({ rev: 3, build: 'r3-abcdef12', builtAt: '2026-01-01T00:00:00.000Z', changedAt: 0 }),
    },
    archive: { get: async () => ({ bytes: new Uint8Array(size), contentType: 'text/csv' }) },
    now: () => new Date(),
  } as unknown as ArchivePorts;
  return siteRoutes({ ports, auth: {} as never }, { filesUrl });
}

const request = (file: string): HttpRequest => ({
  method: 'GET',
  routeKey: 'GET /data/{file}',
  path: `/data/${file}`,
  params: { file },
  query: {},
  headers: {},
  body: Buffer.alloc(0),
  requestId: 't',
});

describe('GET /data/{file}', () => {
  it('redirects a file over the inline limit to the files CDN, naming the build', async () => {
    const r = await routesWith(INLINE_DOWNLOAD_BYTES + 1, 'https://files.example.net/')['GET /data/{file}']!(request('2022.csv'));
    expect(r.status).toBe(302);
    expect(r.headers?.location).toBe('https://files.example.net/data/2022/r3-abcdef12.csv');
  });

  it('answers a small file itself, as an attachment with our own name', async () => {
    const r = await routesWith(1000, 'https://files.example.net')['GET /data/{file}']!(request('2022.json'));
    expect(r.status).toBe(200);
    expect(r.headers?.['content-disposition']).toBe('attachment; filename="gongkai-2022.json"');
    expect(r.contentType).toBe('application/json; charset=utf-8');
  });

  it('refuses a name that is not a year or all, with an HTML page', async () => {
    const r = await routesWith(10)['GET /data/{file}']!(request('..%2Fsecret.csv'));
    expect(r.status).toBe(400);
    expect(r.contentType).toBe('text/html; charset=utf-8');
  });
});
