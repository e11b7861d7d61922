import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanPdf } from '../../shared/parse/pdf-preflight';
import { writePdf } from '../support/hostile-pdfs';
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
/** Content drawing `text`, whose XObjects the scan could not resolve. */
const drawn = (text: string) => ({ streams: [stream(text)], xobject: () => undefined });
const A4 = pageFrame([0, 0, 595, 842], 0);

describe('rules read from a content stream', () => {
  it('finds stroked lines, thin filled boxes and the sides of a stroked box, through the CTM', () => {
    const rules = contentRules(drawn('q 2 0 0 2 0 0 cm 10 20 m 60 20 l S Q 100 100 200 0.5 re f 300 300 50 40 re S (a) Tj [(b) 3 (c)] TJ'), A4, 5000);
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
    const rules = contentRules(drawn('20 20 500 800 re W n 0 0 10 10 re W n'), A4, 5000);
    expect(rules).toEqual({ h: [], v: [], clip: { left: 20, right: 520, bottom: 20, top: 820 } });
  });

  it('gives up on a page that draws a form or an image it cannot see into (Do), or an inline image', () => {
    expect(contentRules(drawn('0 0 m 100 0 l S /Fm0 Do'), A4, 5000)).toBeUndefined();
    expect(contentRules(drawn('BI /W 1 /H 1 ID x EI'), A4, 5000)).toBeUndefined();
  });

  it('follows a form XObject through the CTM and its matrix; an image draws no rule; a form drawing itself is given up', () => {
    const bytes = writePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Fm0 5 0 R /Im0 6 0 R /Fm1 7 0 R >> >> /Contents 4 0 R >>',
      { dict: '<< >>', stream: stream('q 1 0 0 1 100 0 cm /Fm0 Do Q /Im0 Do 0 500 m 50 500 l S') },
      { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 500 500] /Matrix [2 0 0 2 0 0] >>', stream: stream('10 20 m 60 20 l S') },
      { dict: '<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray >>', stream: stream('x') },
      { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /Fm1 7 0 R >> >> >>', stream: stream('/Fm1 Do') },
    ]);
    const [page] = [...scanPdf(bytes).contents.values()];
    expect(page).toBeDefined();
    if (!page) return;
    expect(contentRules(page, A4, 5000)).toEqual({
      h: [
        { at: 40, from: 120, to: 220 },
        { at: 500, from: 0, to: 50 },
      ],
      v: [],
    });
    expect(contentRules({ ...page, streams: [stream('/Fm1 Do')] }, A4, 5000)).toBeUndefined();
    expect(contentRules({ ...page, streams: [stream('/Missing Do')] }, A4, 5000)).toBeUndefined();
  });

  it('drops every rule of a page with more than the bound, as the operator-list reader does', () => {
    const many = Array.from({ length: 20 }, (_, i) => `0 ${i * 10} m 100 ${i * 10} l S`).join(' ');
    expect(contentRules(drawn(many), A4, 10)).toEqual({ h: [], v: [] });
  });
});

describe('rules from the content streams against pdfjs’s operator list', () => {
  const corpus = readdirSync(fixturePath('pdf-corpus'))
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    // Every eighth, and the pages stored turned, drawn as forms.
    .filter((f, i) => i % 8 === 0 || f.includes('rotate'))
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
