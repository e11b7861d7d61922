import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanPdf } from '../../shared/parse/pdf-preflight';
import { contentRules } from '../../shared/parse/pdf/content-rules';
import { loadPdfjs } from '../../shared/parse/pdf/load-pdfjs';
import { pageFrame } from '../../shared/parse/pdf/page-frame';
import { type PageRules, readRules } from '../../shared/parse/pdf/path-geometry';
import { fixturePath } from '../support/fixtures';

/**
 * The ruling lines read from the content streams the preflight decoded must be the ones pdfjs's
 * operator list gives: pdfjs is the independent reader each page is checked against.
 */

const stream = (text: string) => new TextEncoder().encode(text);
const A4 = pageFrame([0, 0, 595, 842], 0);

describe('rules read from a content stream', () => {
  it('finds stroked lines, thin filled boxes and the sides of a stroked box, through the CTM', () => {
    const rules = contentRules([stream('q 2 0 0 2 0 0 cm 10 20 m 60 20 l S Q 100 100 200 0.5 re f 300 300 50 40 re S (a) Tj [(b) 3 (c)] TJ')], A4, 5000);
    expect(rules).toEqual({
      h: [
        { at: 40, from: 20, to: 120 },
        { at: 100.25, from: 100, to: 300 },
        { at: 300, from: 300, to: 350 },
        { at: 340, from: 300, to: 350 },
      ],
      v: [
        { at: 350, from: 300, to: 340 },
        { at: 300, from: 300, to: 340 },
      ],
    });
  });

  it('takes the first clip covering a quarter of the page, marked by W and ended by n', () => {
    const rules = contentRules([stream('20 20 500 800 re W n 0 0 10 10 re W n')], A4, 5000);
    expect(rules).toEqual({ h: [], v: [], clip: { left: 20, right: 520, bottom: 20, top: 820 } });
  });

  it('gives up on a page that draws a form or an image it cannot see into (Do), or an inline image', () => {
    expect(contentRules([stream('0 0 m 100 0 l S /Fm0 Do')], A4, 5000)).toBeUndefined();
    expect(contentRules([stream('BI /W 1 /H 1 ID x EI')], A4, 5000)).toBeUndefined();
  });

  it('drops every rule of a page with more than the bound, as the operator-list reader does', () => {
    const many = Array.from({ length: 20 }, (_, i) => `0 ${i * 10} m 100 ${i * 10} l S`).join(' ');
    expect(contentRules([stream(many)], A4, 10)).toEqual({ h: [], v: [] });
  });
});

describe('rules from the content streams against pdfjs’s operator list', () => {
  const corpus = readdirSync(fixturePath('pdf-corpus'))
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .filter((_, i) => i % 8 === 0)
    .map((f) => `pdf-corpus/${f}`);
  const fixtures = readdirSync(fixturePath('pdf'))
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => `pdf/${f}`);

  it.each([...fixtures, ...corpus])('%s: the same rules and clip on every page it reads', async (file) => {
    const bytes = new Uint8Array(readFileSync(fixturePath(file)));
    const scan = scanPdf(bytes);
    const { lib, options } = await loadPdfjs();
    const doc = await lib.getDocument({ ...options, data: new Uint8Array(bytes) }).promise;
    const sorted = (r: PageRules) => ({
      h: [...r.h].sort((a, b) => a.at - b.at || a.from - b.from),
      v: [...r.v].sort((a, b) => a.at - b.at || a.from - b.from),
      clip: r.clip,
    });
    try {
      for (let p = 1; p <= doc.numPages; p++) {
        const page = await doc.getPage(p);
        const frame = pageFrame(page.view, page.rotate);
        const streams = page.ref ? scan.contents.get(page.ref.num) : undefined;
        const own = streams && contentRules(streams, frame, 5000);
        if (!own) continue; // read by pdfjs's operator list then
        expect(sorted(own), `page ${p}`).toEqual(sorted(await readRules(lib, page, frame)));
      }
    } finally {
      await doc.destroy();
    }
  });
});
