import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zlibSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/parse/detect';
import { loadPdfjs } from '../../shared/parse/extract-pdf';
import { countOperators, PDF_PREFLIGHT_LIMITS, preflightPdf, scanPdf } from '../../shared/parse/pdf-preflight';
import { parseReport } from '../../shared/parse/pipeline';
import { HOSTILE_PDFS, nestedSaves, onePagePdf, sharedStreamPages, writePdf } from '../support/hostile-pdfs';
import { defined } from '../support/defined';

const refusal = (bytes: Uint8Array, limits = PDF_PREFLIGHT_LIMITS): InputError => {
  try {
    preflightPdf(bytes, limits);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('the hostile shapes are refused by the preflight, before pdfjs', () => {
  it.each(HOSTILE_PDFS)('%s', async (_name, make) => {
    const bytes = make();
    expect(bytes.length).toBeLessThan(400 * 1024);
    const err = refusal(bytes);
    expect(err.code).toBe('TOO_COMPLEX');
    expect(err.message).toMatch(/^PDF .*已拒绝/);
    // The whole parse answers the same, through the pdf row of the kinds table.
    const r = await parseReport(bytes);
    expect(r).toMatchObject({ ok: false, error: { code: 'TOO_COMPLEX' } });
  });

  it('names the bound it found broken', () => {
    expect(refusal(nestedSaves()).message).toContain('超过 256 层');
    expect(refusal(sharedStreamPages()).message).toContain('有 2000 页，超过 500 页的上限');
    expect(defined(HOSTILE_PDFS[1])[0]).toContain('Tj');
    expect(refusal(defined(HOSTILE_PDFS[1])[1]()).message).toContain('有一页的绘图指令超过 200,000 条');
  });
});

describe('the bounds, at their edges', () => {
  const small = { ...PDF_PREFLIGHT_LIMITS, maxOperatorsPerPage: 100, maxOperators: 400, maxGraphicsDepth: 3, maxInflatedBytes: 10_000, maxPages: 5 };

  it('q nesting: as deep as the limit passes, one deeper is refused; restored states do not add up', () => {
    expect(preflightPdf(onePagePdf('q q q Q Q Q'), small)?.maxDepth).toBe(3);
    expect(preflightPdf(onePagePdf('q Q q Q q Q q Q q Q'), small)?.maxDepth).toBe(1);
    expect(refusal(onePagePdf('q q q q Q Q Q Q'), small).message).toContain('超过 3 层');
  });

  it('operators on a page: 100 pass, 101 are refused', () => {
    expect(preflightPdf(onePagePdf('0 0 m\n'.repeat(100)), small)?.maxPageOperators).toBe(100);
    expect(refusal(onePagePdf('0 0 m\n'.repeat(101)), small).message).toContain('有一页的绘图指令超过 100 条');
  });

  it('a stream shared by pages counts once per page that draws it', () => {
    // 5 pages × 10 lines × 5 operators (BT Tf Td Tj ET) = 250; 9 pages = 450 > 400.
    expect(preflightPdf(sharedStreamPages(5, 10), small)).toMatchObject({ pages: 5, operators: 250, maxPageOperators: 50 });
    expect(refusal(sharedStreamPages(9, 10), { ...small, maxPages: 10 }).message).toContain('合计超过 400 条');
  });

  it('inflation stops at the cap', () => {
    expect(refusal(onePagePdf(`${' '.repeat(20_000)}0 0 m`), small).message).toContain('解压后超过');
  });

  it('a font program is inflated only when its size times 1032 could pass the cap, and then counts', () => {
    const withFont = (bytes: number, page = '0 0 m', fontFirst = false) => {
      const content = { dict: '<< /Filter /FlateDecode >>', stream: zlibSync(Buffer.from(page)) };
      const font = { dict: '<< /Filter /FlateDecode /Length1 1 >>', stream: zlibSync(Buffer.alloc(bytes), { level: 9 }) };
      return writePdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${fontFirst ? 5 : 4} 0 R >>`,
        ...(fontFirst ? [font, content] : [content, font]),
      ]);
    };
    const cap = { ...small, maxInflatedBytes: 100_000 };
    // 5,000 zeros deflate to a few dozen bytes: at most ~30 KB, within the cap, so never inflated.
    expect(preflightPdf(withFont(5_000), cap)?.inflatedBytes).toBe(5);
    // 90,000 zeros deflate to ~100 bytes, which could be 100 KB: inflated, 90,005 bytes in all, under the cap.
    expect(preflightPdf(withFont(90_000), cap)?.inflatedBytes).toBe(90_005);
    // 200,000 zeros: past the cap, whether the font or the page comes last.
    expect(refusal(withFont(200_000), cap).message).toContain('解压后超过');
    expect(refusal(withFont(60_000, ' '.repeat(60_000)), cap).message).toContain('解压后超过');
    expect(refusal(withFont(60_000, ' '.repeat(60_000), true), cap).message).toContain('解压后超过');
    // A font whose bound was reserved first does not crowd out a page that fits beside what it really takes.
    expect(preflightPdf(withFont(30_000, ' '.repeat(60_000), true), cap)?.inflatedBytes).toBe(90_000);
  });

  it('operands are not operators: strings with parentheses and escapes, names, numbers, arrays, dicts, true/false/null, inline images', () => {
    const content = '(a (nested) \\) q) Tj /Name 1 -2.5 [1 (x) 2] TJ << /K true /L null /M false >> BDC EMC BI /W 1 /H 1 ID \x00q Q q\n EI Q';
    expect(countOperators(Buffer.from(content, 'latin1'), 1000)).toEqual({ operators: 6, depth: 0 });
  });
});

describe('real reports pass, and their pages are found', () => {
  const dirs = ['../fixtures/pdf', '../fixtures/pdf-corpus'].map((d) => fileURLToPath(new URL(d, import.meta.url))).filter(existsSync);
  const files = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => join(d, f)),
  );

  it('there are fixtures to scan', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s', async (file) => {
    const bytes = readFileSync(file);
    const scan = preflightPdf(bytes);
    const { lib, options } = await loadPdfjs();
    const doc = await lib.getDocument({ ...options, data: new Uint8Array(bytes) }).promise;
    try {
      expect(scan?.pages).toBe(doc.numPages);
    } finally {
      await doc.destroy();
    }
    expect(scan?.operators).toBeGreaterThan(0);
    expect(scan?.maxDepth).toBeLessThan(16);
  });

  it('pages packed in object streams are counted (pdf-lib writes them so)', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 7; i++) doc.addPage().drawRectangle({ x: 10, y: 10, width: 50, height: 50 });
    const bytes = await doc.save({ useObjectStreams: true });
    expect(Buffer.from(bytes).toString('latin1')).toContain('/ObjStm');
    expect(scanPdf(bytes).pages).toBe(7);
    expect(refusal(bytes, { ...PDF_PREFLIGHT_LIMITS, maxPages: 6 }).message).toContain('有 7 页，超过 6 页的上限');
  });
});

describe('what the scan cannot follow is left to pdfjs', () => {
  it('garbage after the header, and a stream that is not deflate', () => {
    expect(() => preflightPdf(Buffer.from('%PDF-1.4\n\x00\x01garbage 1 0 obj << /Type /Page'))).not.toThrow();
    const notDeflate = writePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Contents 4 0 R >>',
      { dict: '<< /Filter /FlateDecode >>', stream: Buffer.from('not deflate at all') },
    ]);
    expect(preflightPdf(notDeflate)).toMatchObject({ pages: 1, operators: 0 });
  });
});
