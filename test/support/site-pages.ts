import { Parser } from 'htmlparser2';
import { expect } from 'vitest';
import type { ReportSummary } from '../../shared/archive/view-models';
import { inspectHtml } from './html-inspect';

/** Elements the site's pages make; anything else came from input. */
const SITE_TAGS = new Set(
  'html head meta title link style body header nav ul ol li a main footer h1 h2 h3 p span strong abbr section div dl dt dd table caption thead tbody tr th td details summary form label select option input button br figure figcaption svg g path polyline circle line text rect desc small time'.split(
    ' ',
  ),
);

export interface PageFacts {
  tags: string[];
  attrs: [string, string][];
  text: string;
  hrefs: string[];
}

/**
 * The rules every site page keeps: one h1, every th scoped, only same-site links, no element or
 * handler from input, no link that leaves the site or runs script.
 */
export function checkSitePage(html: string): PageFacts {
  const page = inspectHtml(html);
  expect(page.tags.filter((t) => t === 'h1')).toHaveLength(1);
  expect(page.tags.filter((t) => !SITE_TAGS.has(t))).toEqual([]);
  expect(page.attrs.filter(([k]) => k.startsWith('on'))).toEqual([]);
  const hrefs = page.attrs.filter(([k]) => k === 'href' || k === 'src' || k === 'action').map(([, v]) => v);
  // `data:,` is the frame's empty icon, which keeps browsers from asking for /favicon.ico.
  expect(hrefs.filter((v) => !/^(\/(?!\/)|#|\?)/.test(v) && v !== 'data:,')).toEqual([]);
  expect(hrefs.filter((v) => /^(https?:|javascript:)/i.test(v))).toEqual([]);
  expect(thWithoutScope(html)).toBe(0);
  expect(Buffer.byteLength(html)).toBeLessThan(100_000);
  return { ...page, hrefs };
}

export function thWithoutScope(html: string): number {
  let missing = 0;
  const parser = new Parser({
    onopentag(name, a) {
      if (name === 'th' && !['col', 'row', 'colgroup', 'rowgroup'].includes(a.scope ?? '')) missing++;
    },
  });
  parser.write(html);
  parser.end();
  return missing;
}

/**
 * Elements with their attributes and text content, in document order, for finding cells by
 * attribute. `xml` reads a feed or sitemap as XML; read leniently, an injected tag shows up as an element.
 */
export function elements(html: string, options: { xml?: boolean } = {}): { name: string; attrs: Record<string, string>; text: string }[] {
  const out: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const open: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const el = { name, attrs, text: '' };
        out.push(el);
        open.push(el);
      },
      ontext(t) {
        for (const el of open) el.text += t;
      },
      onclosetag() {
        open.pop();
      },
    },
    { decodeEntities: true, xmlMode: options.xml ?? false },
  );
  parser.write(html);
  parser.end();
  return out;
}

export function summary(over: Partial<ReportSummary> = {}): ReportSummary {
  return {
    agency: 'a1',
    agencyName: '北京市密云区科学技术委员会',
    region: '110118',
    level: '区县',
    year: 2022,
    version: 1,
    title: '北京市密云区科学技术委员会2022年政府信息公开工作年度报告',
    format: '2021',
    errors: 0,
    warnings: 0,
    checked: true,
    createdAt: '2023-01-20T08:00:00.000Z',
    published: '2023-01-18',
    ...over,
  };
}
