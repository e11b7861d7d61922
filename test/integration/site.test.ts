import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsView } from '../../shared/archive/site-reads';
import type { Report } from '../../shared/model/report';
import { client, freshArchive } from '../support/local';
import { seedSite, type SeededReport } from '../support/site-seed';
import { defined } from '../support/defined';

/**
 * The public site over HTTP against real local storage: a small archive seeded through the upload
 * API, then every page, filter, statistic and download checked against numbers the test built.
 */

/** Every cell of a built report by its path in the tables, read straight from the model. */
function leaves(report: Report): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const walk = (node: unknown, path: string) => {
    if (node && typeof node === 'object' && 'value' in node) out.set(path, (node as { value: number | null }).value);
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(report.tables, '');
  return out;
}

const links = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => defined(m[1]).replaceAll('&amp;', '&'));
const reportLinks = (html: string) => new Set(links(html).filter((h) => /^\/reports\/[a-z0-9-]+\/\d{4}$/.test(h)));

/** A small RFC 4180 reader, enough for our own files. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = defined(text[i]);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('the public site', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let latest: SeededReport[];
  const get = async (path: string) => {
    const r = await call('GET', path);
    expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(200);
    return r;
  };

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    ({ latest } = await seedSite(call));
    // The statistics and the region tree are the fold's: pages show them once it has run.
    await archive.fold();
  }, 120_000);
  afterAll(() => archive.close());

  it('home counts reports by year and lists the latest, the corrections and those with errors', async () => {
    const r = await get('/');
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(r.text).toContain('<html lang="zh-CN">');
    const hrefs = links(r.text);
    expect(hrefs).toContain('/reports?year=2022');
    expect(hrefs).toContain('/reports?year=2022&has=errors');
    expect(r.text).toContain('/reports/tianhe-edu/2022');
    expect(r.text).toContain('/reports/baiyun-gov/2022');
  });

  it('browse: a region includes every place under it; q matches names and aliases; level and has filter', async () => {
    const inGuangzhou = reportLinks((await get('/reports?year=2022&region=440100')).text);
    expect(inGuangzhou).toEqual(new Set(['/reports/tianhe-edu/2022', '/reports/baiyun-gov/2022', '/reports/gz-fgw/2022']));
    const inGuangdong = reportLinks((await get('/reports?region=440000')).text);
    expect(inGuangdong).toEqual(
      new Set([
        '/reports/tianhe-edu/2020',
        '/reports/tianhe-edu/2021',
        '/reports/tianhe-edu/2022',
        '/reports/baiyun-gov/2021',
        '/reports/baiyun-gov/2022',
        '/reports/gz-fgw/2022',
      ]),
    );
    expect(reportLinks((await get('/reports?q=科委')).text)).toEqual(new Set(['/reports/miyun-kw/2021', '/reports/miyun-kw/2022']));
    expect(reportLinks((await get('/reports?q=发改委&year=2022')).text)).toEqual(new Set(['/reports/gz-fgw/2022']));
    expect(reportLinks((await get('/reports?has=errors')).text)).toEqual(new Set(['/reports/baiyun-gov/2022']));
    expect(reportLinks((await get('/reports?has=unchecked&year=2022')).text)).toEqual(new Set(['/reports/hangzhou-gov/2022']));
    expect(reportLinks((await get('/reports?level=市级部门')).text)).toEqual(new Set(['/reports/gz-fgw/2022']));
    // An empty form field is no filter.
    expect(reportLinks((await get('/reports?year=2021&region=&q=&level=&has=')).text).size).toBe(3);
  });

  it('browse shows the region tree one level down with counts', async () => {
    const all = (await get('/reports?year=2022')).text;
    const tree = links(all).filter((h) => h.includes('region='));
    expect(tree).toEqual(expect.arrayContaining(['/reports?year=2022&region=440000', '/reports?year=2022&region=110000', '/reports?year=2022&region=330000']));
    const gd = (await get('/reports?year=2022&region=440000')).text;
    expect(links(gd)).toContain('/reports?year=2022&region=440100');
  });

  it('a bad filter is a 400 page in Chinese, not a crash', async () => {
    const r = await call('GET', '/reports?region=4401');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.text).toContain('行政区划代码');
  });

  it('statistics are the sums of the latest checked reports under the region, the correction counted once', async () => {
    const under = (prefix: string) =>
      latest.filter((s) => s.year === 2022 && regionOf(s.agency).startsWith(prefix) && !s.unchecked).map((s) => leaves(s.report));
    const sum = (rows: Map<string, number | null>[], key: string) => rows.reduce((a, m) => a + (m.get(key) ?? 0), 0);
    for (const [region, prefix] of [
      ['000000', ''],
      ['440000', '44'],
      ['440100', '4401'],
      ['440106', '440106'],
    ] as const) {
      const view = await statsView(archive.ports, 2022, region);
      const rows = under(prefix);
      expect(view.totals.checked, region).toBe(rows.length);
      for (const key of [
        'applications.newReceived.total',
        'applications.granted.naturalPerson',
        'applications.carriedForward.total',
        'reviewLitigation.review.total',
      ])
        expect(view.totals.cells[key], `${region} ${key}`).toBe(sum(rows, key));
    }
    const national = await statsView(archive.ports, 2022);
    expect(national.totals).toMatchObject({ reports: 5, checked: 4, unchecked: 1, withErrors: 1 });
    expect(national.children.map((c) => c.code).sort()).toEqual(['110000', '330000', '440000']);
    const page = await get('/stats/2022?region=440100');
    expect(page.text).toContain('<svg');
  });

  it('the CSV and the JSON download hold the same rows and the same totals', async () => {
    const csv = await get('/data/2022.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = readCsv(csv.bytes.subarray(3).toString('utf8')).filter((r) => r.length > 1);
    const json = (await get('/data/2022.json')).json as { reports: { agency: string; cells: Record<string, number | null> }[] };
    expect(rows).toHaveLength(5);
    expect(json.reports).toHaveLength(5);
    for (const key of ['applications.newReceived.total', 'applications.granted.total', 'activeDisclosure.regulations.issued']) {
      const col = defined(header).indexOf(key);
      expect(col, key).toBeGreaterThan(0);
      const csvSum = rows.reduce((a, r) => a + (r[col] === '' ? 0 : Number(r[col])), 0);
      const jsonSum = json.reports.reduce((a, r) => a + (r.cells[key] ?? 0), 0);
      expect(csvSum, key).toBe(jsonSum);
    }
    const tianhe = defined(json.reports.find((r) => r.agency === 'tianhe-edu'));
    const built = leaves(defined(latest.find((s) => s.agency === 'tianhe-edu' && s.year === 2022)).report);
    expect(tianhe.cells['applications.granted.naturalPerson']).toBe(built.get('applications.granted.naturalPerson'));
  });

  it('the report page links its file, data, versions and years; a superseded version says so', async () => {
    const current = (await get('/reports/tianhe-edu/2022')).text;
    const hrefs = links(current);
    expect(hrefs).toEqual(
      expect.arrayContaining([
        '/v1/reports/tianhe-edu/2022/original?version=2',
        '/v1/reports/tianhe-edu/2022?version=2',
        '/reports/tianhe-edu/2021',
        '/reports/tianhe-edu/2022?version=1',
      ]),
    );
    expect(current).not.toContain('此版本已被更正');
    const old = (await get('/reports/tianhe-edu/2022?version=1')).text;
    expect(old).toContain('此版本已被更正');
    expect(links(old)).toContain('/reports/tianhe-edu/2022');
    expect((await call('GET', '/reports/tianhe-edu/2022?version=9')).status).toBe(404);
  });

  it('compare marks exactly the cells that differ between the two years', async () => {
    const a = leaves(defined(latest.find((s) => s.agency === 'miyun-kw' && s.year === 2021)).report);
    const b = leaves(defined(latest.find((s) => s.agency === 'miyun-kw' && s.year === 2022)).report);
    const changed = [...b].filter(([k, v]) => a.get(k) !== v).length;
    const html = (await get('/reports/miyun-kw/2022/compare?with=2021')).text;
    expect(html.match(/data-changed="true"/g)?.length).toBe(changed);
  });

  it('the agency page lists every year; the feed and the sitemap name the reports', async () => {
    const agency = (await get('/agencies/tianhe-edu')).text;
    for (const y of [2020, 2021, 2022]) expect(links(agency)).toContain(`/reports/tianhe-edu/${y}`);
    const feed = await get('/feed.xml');
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(feed.text).toMatch(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"[ >]/);
    expect(feed.text).toContain(`${archive.url}/reports/tianhe-edu/2022?version=2`);
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.text).toContain(`<loc>${archive.url}/reports/hangzhou-gov/2022</loc>`);
    expect(sitemap.text).toContain(`<loc>${archive.url}/coverage</loc>`);
  });
});

const REGIONS: Record<string, string> = {
  'tianhe-edu': '440106',
  'baiyun-gov': '440111',
  'gz-fgw': '440100',
  'miyun-kw': '110118',
  'hangzhou-gov': '330100',
};
const regionOf = (agency: string) => defined(REGIONS[agency]);
