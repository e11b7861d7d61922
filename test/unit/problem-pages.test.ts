import { describe, expect, it } from 'vitest';
import { siteRoutes } from '../../functions/routes/site';
import type { ArchivePorts } from '../../shared/archive/ports';
import { PROBLEMS } from '../../shared/archive/problem-catalogue';
import type { HttpRequest } from '../../shared/http/types';
import { memoryIndex } from '../../shared/storage/memory/memory-index';
import { StorageUnavailable } from '../../shared/storage/ports';
import { defined } from '../support/defined';

/** The site's pages fail with the catalogue's words: the same Chinese title as the problem+json's problem. */
function site(index = memoryIndex()) {
  const ports = { index, archive: { get: async () => undefined }, now: () => new Date(), newId: () => 'id' } as unknown as ArchivePorts;
  return siteRoutes({ ports, auth: {} as never });
}

const reportPage = (agency: string, year: string): HttpRequest => ({
  method: 'GET',
  routeKey: 'GET /reports/{agency}/{year}',
  path: `/reports/${agency}/${year}`,
  params: { agency, year },
  query: {},
  headers: {},
  body: Buffer.alloc(0),
  requestId: 't',
});

const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];

describe('error pages take their heading from the problem catalogue', () => {
  it('a report that is not archived: 404 headed with not-found’s Chinese title', async () => {
    const r = await defined(site()['GET /reports/{agency}/{year}'])(reportPage('miyun-kw', '2021'));
    expect(r.status).toBe(404);
    expect(heading(String(r.body))).toBe(PROBLEMS['not-found'].zh);
  });

  it('a malformed link: 400 headed with bad-request’s title, the parameter named in the text', async () => {
    const r = await defined(site()['GET /reports/{agency}/{year}'])(reportPage('miyun-kw', '20x1'));
    expect(r.status).toBe(400);
    expect(heading(String(r.body))).toBe(PROBLEMS['bad-request'].zh);
    expect(String(r.body)).toContain('year');
  });

  it('storage that does not answer: 503 with the catalogue’s wait, headed 存储服务暂时不可用', async () => {
    const down = new Proxy(memoryIndex(), {
      get: () => async () => {
        throw new StorageUnavailable('index', new Error('ECONNREFUSED'));
      },
    });
    const r = await defined(site(down)['GET /reports/{agency}/{year}'])(reportPage('miyun-kw', '2021'));
    expect(r.status).toBe(503);
    expect(r.headers?.['retry-after']).toBe(String(PROBLEMS['storage-unavailable'].retryAfter));
    expect(heading(String(r.body))).toBe('存储服务暂时不可用');
  });
});
