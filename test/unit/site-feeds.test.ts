import { describe, expect, it } from 'vitest';
import { renderFeed, renderSitemap, renderSitemapIndex, SITEMAP_MAX_URLS } from '../../shared/site/feeds';
import type { ReportSummary } from '../../shared/archive/view-models';
import { elements } from '../support/site-pages';
import { PAYLOADS } from '../support/xss-payloads';
import { defined } from '../support/defined';

const readXml = (xml: string) => elements(xml, { xml: true });

const summary = (patch: Partial<ReportSummary> = {}): ReportSummary => ({
  agency: 'gd-gz-th',
  agencyName: '广州市天河区人民政府',
  region: '440106',
  year: 2022,
  version: 1,
  title: '广州市天河区人民政府2022年政府信息公开工作年度报告',
  format: '2021',
  errors: 0,
  warnings: 0,
  checked: true,
  createdAt: '2023-01-20T08:00:00.000Z',
  published: '2023-01-18',
  ...patch,
});

const BASE = 'https://gongkai.example.org';

describe('the Atom feed', () => {
  const entries = [
    summary({ version: 2, errors: 2, warnings: 1, createdAt: '2023-03-01T00:00:00.000Z' }),
    summary(),
    summary({ agency: 'a/b c', checked: false }),
  ];
  const xml = renderFeed(entries, { base: BASE, updated: '2023-03-01T00:00:00.000Z' });
  const els = readXml(xml);
  const find = (name: string) => els.filter((e) => e.name === name);

  it('is an Atom 1.0 feed with id, title, updated, self link and author', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')).toBe(true);
    const feedChildren = els.slice(1, 7).map((e) => e.name);
    expect(feedChildren).toEqual(['id', 'title', 'updated', 'link', 'link', 'author']);
    expect(defined(find('title')[0]).text).toBe('公开年报库：新发布和更正的报告');
    expect(defined(find('link')[0]).attrs).toEqual({ rel: 'self', type: 'application/atom+xml', href: `${BASE}/feed.xml` });
    expect(defined(find('updated')[0]).text).toBe('2023-03-01T00:00:00.000Z');
  });

  it('has one entry per version, with a unique id, a link to that version and its upload time', () => {
    expect(find('entry')).toHaveLength(3);
    const ids = find('id')
      .slice(1)
      .map((e) => e.text);
    expect(ids).toEqual([`${BASE}/reports/gd-gz-th/2022?version=2`, `${BASE}/reports/gd-gz-th/2022?version=1`, `${BASE}/reports/a%2Fb%20c/2022?version=1`]);
    const links = find('link')
      .slice(2)
      .map((e) => e.attrs.href);
    expect(links).toEqual(ids);
    expect(
      find('updated')
        .slice(1)
        .map((e) => e.text),
    ).toEqual(['2023-03-01T00:00:00.000Z', '2023-01-20T08:00:00.000Z', '2023-01-20T08:00:00.000Z']);
  });

  it('titles a correction with its version, and summarises the check in words', () => {
    const titles = find('title')
      .slice(1)
      .map((e) => e.text);
    expect(titles[0]).toBe('广州市天河区人民政府 2022 年度报告（第 2 版 · 更正）');
    expect(titles[1]).toBe('广州市天河区人民政府 2022 年度报告');
    const summaries = find('summary').map((e) => e.text);
    expect(summaries[0]).toContain('发现 2 个错误，1 个提醒');
    expect(summaries[1]).toContain('表格校验通过');
    expect(summaries[1]).toContain('发布日期 2023-01-18');
    expect(summaries[2]).toContain('未能全部校验');
    expect(summaries[2]).not.toContain('校验通过');
  });

  it('an empty feed is still a valid feed', () => {
    const empty = renderFeed([], { base: BASE, updated: '2023-01-01T00:00:00Z' });
    expect(readXml(empty).filter((e) => e.name === 'entry')).toHaveLength(0);
    expect(empty).toMatch(/<\/author>\n<\/feed>\n$/);
  });

  it.each(PAYLOADS)('escapes %s in every field', (p) => {
    const x = renderFeed([summary({ agency: p, agencyName: p, title: p, published: p })], { base: BASE, updated: 't' });
    const names = readXml(x).map((e) => e.name);
    expect(names).toEqual(['feed', 'id', 'title', 'updated', 'link', 'link', 'author', 'name', 'entry', 'id', 'title', 'link', 'updated', 'summary']);
    const entry = readXml(x).slice(8);
    expect(defined(entry[2]).text).toContain(p);
    expect(defined(entry[3]).attrs.href).toBe(`${BASE}/reports/${encodeURIComponent(p)}/2022?version=1`);
  });

  it('drops characters XML 1.0 cannot carry', () => {
    const x = renderFeed([summary({ agencyName: '天河\u000b区\u0000政府\uD800' })], { base: BASE, updated: 't' });
    expect(x).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800]/);
    expect(x).toContain('天河区政府 2022 年度报告');
  });
});

describe('the sitemap', () => {
  it('lists URLs with optional lastmod, escaped', () => {
    const xml = renderSitemap([{ loc: `${BASE}/reports?year=2022&region=44` }, { loc: `${BASE}/stats/2022`, lastmod: '2023-03-01' }]);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const els = readXml(xml);
    expect(els.map((e) => e.name)).toEqual(['urlset', 'url', 'loc', 'url', 'loc', 'lastmod']);
    expect(defined(els[2]).text).toBe(`${BASE}/reports?year=2022&region=44`);
    expect(xml).toContain('year=2022&amp;region=44');
    expect(defined(els[5]).text).toBe('2023-03-01');
  });

  it('refuses more URLs than one file may hold, and indexes the parts', () => {
    const many = Array.from({ length: SITEMAP_MAX_URLS + 1 }, (_, i) => ({ loc: `${BASE}/${i}` }));
    expect(() => renderSitemap(many)).toThrow(RangeError);
    const idx = renderSitemapIndex([{ loc: `${BASE}/sitemap-1.xml`, lastmod: '2023-01-01' }]);
    expect(readXml(idx).map((e) => e.name)).toEqual(['sitemapindex', 'sitemap', 'loc', 'lastmod']);
  });
});
