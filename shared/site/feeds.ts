import { escapeHtml } from '../render/escape';
import { href, SITE_NAME } from './layout';
import type { ReportSummary } from '../archive/view-models';

/**
 * The Atom feed of new and corrected reports, and the sitemap. Both are XML: escapeHtml's five
 * entities are valid XML, but XML 1.0 forbids most control characters even as references, so text
 * from documents loses them first (one stray \x0B in an agency name would break every reader).
 */

const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const xmlText = (s: string): string => escapeHtml(s.replace(NOT_XML, ''));

export const FEED_TITLE = `${SITE_NAME}：新发布和更正的报告`;

/** Where a version of a report lives: the same URL the site links to (the latest needs no version). */
export function reportVersionUrl(base: string, r: Pick<ReportSummary, 'agency' | 'year' | 'version'>): string {
  return `${xmlText(base)}${href(`/reports/${encodeURIComponent(r.agency)}/${r.year}`, { version: r.version })}`;
}

export function entryTitle(r: ReportSummary): string {
  return `${r.agencyName} ${r.year} 年度报告${r.version > 1 ? `（第 ${r.version} 版 · 更正）` : ''}`;
}

/** What a reader wants to know before clicking: did the tables add up, could we check them. */
export function statusText(r: ReportSummary): string {
  const parts: string[] = [];
  // A pre-2019 report has no national tables: nothing of it was checked table by table.
  const old = r.format === 'pre2019' && r.checked;
  if (old) parts.push('旧格式，表格未校验');
  else if (!r.checked) parts.push('部分表格未能读出，未能全部校验');
  if (r.errors > 0) parts.push(`发现 ${r.errors} 个错误`);
  if (r.warnings > 0) parts.push(`${r.warnings} 个提醒`);
  if (r.checked && !old && r.errors === 0) parts.unshift('表格校验通过');
  const published = r.published ? `；发布日期 ${r.published}` : '';
  return `${r.title}。${parts.join('，')}${published}。`;
}

export function renderFeed(entries: ReportSummary[], options: { base: string; updated: string }): string {
  const base = xmlText(options.base);
  const items = entries
    .map((r) => {
      const url = reportVersionUrl(options.base, r);
      return `<entry>
<id>${url}</id>
<title>${xmlText(entryTitle(r))}</title>
<link rel="alternate" type="text/html" href="${url}"/>
<updated>${xmlText(r.createdAt)}</updated>
<summary>${xmlText(statusText(r))}</summary>
</entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<id>${base}/feed.xml</id>
<title>${xmlText(FEED_TITLE)}</title>
<updated>${xmlText(options.updated)}</updated>
<link rel="self" type="application/atom+xml" href="${base}/feed.xml"/>
<link rel="alternate" type="text/html" href="${base}/"/>
<author><name>${xmlText(SITE_NAME)}</name></author>
${items}${items ? '\n' : ''}</feed>
`;
}

/** sitemaps.org allows 50,000 URLs per file; beyond that, split and list the parts in an index. */
export const SITEMAP_MAX_URLS = 50_000;

export interface SitemapUrl {
  /** absolute URL, already percent-encoded */
  loc: string;
  lastmod?: string;
}

const urlEntry = (tag: string, u: SitemapUrl) => `<${tag}><loc>${xmlText(u.loc)}</loc>${u.lastmod ? `<lastmod>${xmlText(u.lastmod)}</lastmod>` : ''}</${tag}>`;

export function renderSitemap(urls: SitemapUrl[]): string {
  if (urls.length > SITEMAP_MAX_URLS) throw new RangeError(`a sitemap holds at most ${SITEMAP_MAX_URLS} URLs; split it and use renderSitemapIndex`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => urlEntry('url', u)).join('\n')}
</urlset>
`;
}

export function renderSitemapIndex(sitemaps: SitemapUrl[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${sitemaps.map((u) => urlEntry('sitemap', u)).join('\n')}
</sitemapindex>
`;
}
