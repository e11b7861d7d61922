import { Parser } from 'htmlparser2';
import { BlockBuilder } from './block-builder';
import type { Block } from './blocks';
import { decodeText, sniffMetaCharset } from './decode';
import { InputError } from './detect';
import type { DocumentMeta, Extracted, ExtractHints } from './input-kinds';

/** Elements whose content is never report text. */
const SKIPPED = new Set(['script', 'style', 'title', 'noscript', 'template', 'iframe', 'svg', 'object', 'select', 'button', 'textarea', 'math']);
const BLOCK = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'blockquote',
  'pre',
  'center',
  'form',
  'hr',
  'address',
  'figure',
  'figcaption',
  'caption',
  'fieldset',
  'body',
  'html',
  'thead',
  'tbody',
  'tfoot',
]);
const HIDDEN = /display\s*:\s*none|visibility\s*:\s*hidden/i;
/** Open elements at once; CMS pages nest a few dozen deep. Deeper is hostile, not a report. */
export const MAX_HTML_DEPTH = 1024;

/**
 * Extracts blocks from an HTML page as agency CMS platforms publish it: page chrome around the
 * report, data tables (possibly inside layout tables), `<br>` inside header cells. Streaming
 * (no DOM), so nesting depth costs no stack.
 */
export function extractHtml(html: string): Block[] {
  return extractHtmlWithMeta(html).blocks;
}

/** Names of the <meta> tags agency CMS pages carry (TRS, Hanweb …), to what they give. */
const META_NAMES: Record<string, keyof DocumentMeta> = { articletitle: 'title', contentsource: 'source', pubdate: 'published' };

/** Blocks and what the page's <head> says about the article (<title>, ArticleTitle, ContentSource, PubDate). */
export function extractHtmlWithMeta(html: string): { blocks: Block[]; meta: DocumentMeta } {
  const out = new BlockBuilder();
  const meta: DocumentMeta = {};
  let pageTitle: string | undefined;
  let inTitle = false;
  // Open elements that started a skipped region, so the matching close ends it.
  const open: boolean[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'meta') {
          const key = META_NAMES[(attribs.name ?? '').toLowerCase()];
          const content = attribs.content?.trim();
          if (key && content && !meta[key]) meta[key] = content.slice(0, 200);
        } else if (name === 'title' && pageTitle === undefined) {
          inTitle = true;
          pageTitle = '';
        }
        const skip = SKIPPED.has(name) || 'hidden' in attribs || HIDDEN.test(attribs.style ?? '');
        open.push(skip);
        if (open.length > MAX_HTML_DEPTH) throw new InputError('TOO_COMPLEX', `网页的元素嵌套超过 ${MAX_HTML_DEPTH} 层，不像正常的年报页面，已拒绝`);
        if (skip) skipping++;
        if (skipping > 0) return;
        if (name === 'table') out.openTable();
        else if (name === 'tr') out.openRow();
        else if (name === 'td' || name === 'th') out.openCell();
        else if (name === 'br') out.lineBreak();
        else if (BLOCK.has(name)) out.boundary();
      },
      ontext(text) {
        if (inTitle && pageTitle !== undefined && pageTitle.length < 200) pageTitle += text;
        if (skipping === 0) out.text(text);
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        const wasSkip = open.pop();
        if (wasSkip) {
          skipping--;
          return;
        }
        if (skipping > 0) return;
        if (name === 'table') out.closeTable();
        else if (name === 'tr') out.closeRow();
        else if (name === 'td' || name === 'th') out.closeCell();
        else if (BLOCK.has(name)) out.boundary();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const title = pageTitle?.replace(/\s+/g, ' ').trim();
  if (!meta.title && title) meta.title = title;
  return { blocks: out.finish(), meta };
}

/** An HTML page: the charset its <meta> declares wins over the header's, then blocks. */
export function extractHtmlFile(bytes: Uint8Array, hints: ExtractHints): Extracted {
  const decoded = decodeText(bytes, sniffMetaCharset(bytes) ?? hints.charset);
  const { blocks, meta } = extractHtmlWithMeta(decoded.text);
  return { blocks, encoding: decoded.encoding, messages: decoded.messages, meta };
}
