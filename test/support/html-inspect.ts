import { Parser } from 'htmlparser2';

/** What a browser would build from a page: every element, every attribute, all text. */
export function inspectHtml(html: string) {
  const tags: string[] = [];
  const attrs: [string, string][] = [];
  let text = '';
  const parser = new Parser(
    {
      onopentag(name, a) {
        tags.push(name);
        attrs.push(...Object.entries(a));
      },
      ontext(t) {
        text += t;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { tags, attrs, text };
}

/** The elements our report page uses; anything else came from input. */
export const PAGE_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'h1',
  'h2',
  'span',
  'p',
  'aside',
  'ol',
  'li',
  'a',
  'section',
  'div',
  'table',
  'caption',
  'tr',
  'th',
  'td',
  'details',
  'summary',
  'ul',
]);

/** No element, event handler or link that the page itself does not make. */
export function assertNoInjectedMarkup(html: string, expect: (v: unknown) => { toEqual(x: unknown): void }) {
  const page = inspectHtml(html);
  expect(page.tags.filter((t) => !PAGE_TAGS.has(t))).toEqual([]);
  expect(page.tags.filter((t) => t === 'style' || t === 'title')).toEqual(['title', 'style']);
  expect(page.attrs.filter(([k]) => k.startsWith('on'))).toEqual([]);
  expect(page.attrs.filter(([k, v]) => (k === 'href' || k === 'src') && !/^#t-[a-zA-Z]+$/.test(v))).toEqual([]);
  return page;
}
