import { readFileSync } from 'node:fs';
import { PDFDocument, type PDFOperator, type PDFPage, StandardFonts, fill, lineTo, moveTo, rectangle, setLineWidth, stroke } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/archive/errors';
import { parseProblem } from '../../shared/archive/parse-problems';
import { answerOf } from '../../shared/http/problems';
import { IMAGE_ONLY_MESSAGE, PDF_LIMITS, extractPdf } from '../../shared/parse/extract-pdf';
import { PARSE_LIMITS } from '../../shared/parse/limits';
import { parseReport } from '../../shared/parse/pipeline';
import { validate } from '../../shared/rules/validate';
import { PDF_RECIPES, SCANNED_PDF, pdfFixturePath, recipeReport, type PdfRecipe } from '../support/pdf-fixtures';
import { defined } from '../support/defined';

const answered = (p: AppError) => ({ status: answerOf(p).status, slug: p.slug });

// Before anything loads pdfjs: its legacy build's core-js must not leave these replaced.
const natives = [Array.prototype.push, JSON.parse, JSON.stringify];

// The recipes are read from the JSON written beside each PDF, as a reader of the fixtures would.
const recipes = PDF_RECIPES.map((r) => JSON.parse(readFileSync(pdfFixturePath(r.file.replace(/\.pdf$/, '.json')), 'utf8')) as PdfRecipe);
const read = (file: string) => readFileSync(pdfFixturePath(file));

describe.each(recipes)('$file ($producer, $format format)', (recipe) => {
  const expected = recipeReport(recipe);

  it('parses back to the report it was printed from, every cell', async () => {
    const result = await parseReport(read(recipe.file));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input).toEqual({ kind: 'pdf', encoding: 'pdf' });
    expect(result.report.tables).toEqual(expected.tables);
    expect(result.report.agency).toBe(recipe.agency);
    expect(result.report.year).toBe(recipe.year);
    expect(result.report.format).toBe(recipe.format);
    expect(result.report.sections).toEqual(expected.sections);
    expect(result.report).toEqual(expected);
    expect(result.messages).toEqual([]);
    expect(validate(result.report)).toEqual([]);
  });

  it('leaves running headers, footers and page numbers out of the text', async () => {
    const { blocks } = await extractPdf(read(recipe.file));
    const texts = blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : b.rows.flat()));
    for (const t of texts) {
      expect(t).not.toMatch(/^-\s*\d+\s*-$|^第\s*\d+\s*页|^\d+\s*\/\s*\d+$|file:\/\/|^\d{1,2}\/\d{1,2}\/\d{2},/);
      expect(t).not.toBe(`${recipe.agency}政务公开`);
    }
    // The page's own title is printed once in the article and once as its heading, not per page.
    expect(texts.filter((t) => t.includes(expected.title)).length).toBeLessThanOrEqual(2);
  });
});

describe('the process around the parser', () => {
  it('keeps its built-ins: pdfjs-dist legacy core-js replacements are undone', async () => {
    await extractPdf(read(defined(recipes[0]).file));
    expect([Array.prototype.push, JSON.parse, JSON.stringify]).toEqual(natives);
    expect(natives.every((f) => /\[native code\]/.test(Function.prototype.toString.call(f)))).toBe(true);
  });
});

describe('what the fixtures hold', () => {
  it('the running lines are really printed on every page, so dropping them is tested', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    for (const recipe of recipes.filter((r) => r.running)) {
      const doc = await pdfjs.getDocument({ data: new Uint8Array(read(recipe.file)), isEvalSupported: false, verbosity: 0 }).promise;
      expect(doc.numPages).toBeGreaterThanOrEqual(3);
      for (let p = 1; p <= doc.numPages; p++) {
        const text = (await (await doc.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
        expect(text).toMatch(
          recipe.producer === 'chromium'
            ? new RegExp(`${p}/${doc.numPages}`)
            : defined(recipe.running).startsWith('-')
              ? new RegExp(`- ${p} -`)
              : new RegExp(`第 ${p} 页 共 ${doc.numPages} 页`),
        );
      }
      await doc.destroy();
    }
  });
});

describe('a scanned PDF', () => {
  it('comes back ok, unchecked: no tables, the year from its Title, and a message saying what to upload', async () => {
    const result = await parseReport(read(SCANNED_PDF.file), { filename: 'scan.pdf' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.tables).toBeNull();
    expect(result.report.year).toBe(SCANNED_PDF.year);
    expect(result.report.format).toBe('2019');
    expect(result.report.agency).toBe('');
    expect(result.messages).toEqual([{ level: 'warning', code: 'IMAGE_ONLY', message: IMAGE_ONLY_MESSAGE }]);
    expect(IMAGE_ONLY_MESSAGE).toContain('请同时上传 Word、网页或由 Word 直接导出的 PDF 版本');
  });

  it('takes the year from the file name when the PDF has no title, and none when neither says', async () => {
    const doc = await PDFDocument.load(read(SCANNED_PDF.file));
    doc.setTitle('扫描件');
    const bytes = await doc.save();
    const named = await parseReport(bytes, { filename: '某县2022年政府信息公开年报.pdf' });
    expect(named.ok && [named.report.year, named.report.format]).toEqual([2022, '2021']);
    const old = await parseReport(bytes, { filename: '2017年年报.pdf' });
    expect(old.ok && [old.report.year, old.report.format]).toEqual([2017, 'pre2019']);
    const unknown = await parseReport(bytes, { filename: 'scan.pdf' });
    expect(unknown.ok && [unknown.report.year, unknown.report.format]).toEqual([null, 'pre2019']);
  });
});

/** A minimal PDF whose trailer names a standard security handler, with a password nobody knows. */
function encryptedPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('PDFs that cannot be read', () => {
  const limits = { ...PDF_LIMITS };
  afterEach(() => Object.assign(PDF_LIMITS, limits));

  it('a truncated or corrupt PDF is CORRUPT_PDF, a 422', async () => {
    const good = read(defined(recipes[0]).file);
    for (const bytes of [good.subarray(0, good.length >> 1), good.subarray(0, 2000), Buffer.from('%PDF-1.4 ...')]) {
      const result = await parseReport(bytes);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('CORRUPT_PDF');
      expect(result.error.message).toContain('重新导出');
    }
    expect(answered(parseProblem({ code: 'CORRUPT_PDF', message: 'x' }))).toEqual({ status: 422, slug: 'corrupt-pdf' });
  });

  it('an encrypted PDF is ENCRYPTED, asking for the unencrypted version', async () => {
    const result = await parseReport(encryptedPdf());
    expect(result).toMatchObject({ ok: false, error: { code: 'ENCRYPTED' } });
    expect(!result.ok && result.error.message).toContain('请上传未加密的版本');
    expect(answered(parseProblem({ code: 'ENCRYPTED', message: 'x' }))).toEqual({ status: 422, slug: 'encrypted-document' });
  });

  it('refuses a document with more pages than any report', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i <= PDF_LIMITS.maxPages; i++) doc.addPage([100, 100]);
    const result = await parseReport(await doc.save());
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_COMPLEX' } });
  });

  it('counts the text pieces of every page against one bound for the document', async () => {
    // Each page draws 150 figures, each its own text item.
    const pagesOf = async (n: number) => {
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      for (let p = 0; p < n; p++) {
        const page = doc.addPage([600, 800]);
        for (let i = 0; i < 150; i++) page.drawText(String(i), { x: 40 + (i % 10) * 50, y: 760 - Math.floor(i / 10) * 40, size: 10, font });
      }
      return doc.save();
    };
    const one = await pagesOf(1);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(one), isEvalSupported: false, verbosity: 0 }).promise;
    const perPage = (await (await doc.getPage(1)).getTextContent()).items.length;
    await doc.destroy();
    expect(perPage).toBeGreaterThanOrEqual(150);
    // One page and a half: a page fits, two do not.
    PDF_LIMITS.maxTextItems = Math.floor(perPage * 1.5);
    await expect(extractPdf(one)).resolves.toMatchObject({ encoding: 'pdf' });
    await expect(extractPdf(await pagesOf(2))).rejects.toMatchObject({ code: 'TOO_COMPLEX' });
  });

  it('refuses a document with more text pieces than the limit', async () => {
    PDF_LIMITS.maxTextItems = 50;
    const result = await parseReport(read(defined(recipes[0]).file));
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_COMPLEX' } });
  });
});

/** A 4 × 3 ruled table at (100, 700) with one empty cell, the figures in Helvetica. */
const TABLE = [
  ['1', '2', '3', '4'],
  ['5', '', '7', '8'],
  ['9', '10', '11', '12'],
];
const TABLE_XS = [100, 200, 300, 400, 500];
const TABLE_YS = [700, 680, 660, 640];

/** One page holding a sentence and TABLE, its rules drawn by `rules`; `pages` such pages. */
async function tablePdf(rules: (page: PDFPage) => void, pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([600, 800]);
    page.drawText('Requests received and answered this year', { x: 100, y: 740, size: 12, font });
    for (const [r, row] of TABLE.entries())
      for (const [c, text] of row.entries()) if (text) page.drawText(text, { x: defined(TABLE_XS[c]) + 10, y: defined(TABLE_YS[r]) - 15, size: 10, font });
    rules(page);
  }
  return doc.save();
}

const thin = 0.5;
/** Every rule of TABLE as a thin rectangle, all in one path filled once: `re re … re f`. */
const onePathFilled = (page: PDFPage) =>
  page.pushOperators(
    ...TABLE_YS.map((y) => rectangle(defined(TABLE_XS[0]), y - thin / 2, defined(TABLE_XS[4]) - defined(TABLE_XS[0]), thin)),
    ...TABLE_XS.map((x) => rectangle(x - thin / 2, defined(TABLE_YS[3]), thin, defined(TABLE_YS[0]) - defined(TABLE_YS[3]))),
    fill(),
  );
/** Every rule of TABLE as a line of one path stroked once: `m l m l … S`. */
const onePathStroked = (page: PDFPage) =>
  page.pushOperators(
    setLineWidth(thin),
    ...TABLE_YS.flatMap((y) => [moveTo(defined(TABLE_XS[0]), y), lineTo(defined(TABLE_XS[4]), y)]),
    ...TABLE_XS.flatMap((x) => [moveTo(x, defined(TABLE_YS[0])), lineTo(x, defined(TABLE_YS[3]))]),
    stroke(),
  );

const tableRows = (blocks: Awaited<ReturnType<typeof extractPdf>>['blocks']) => blocks.flatMap((b) => (b.type === 'table' ? [b.rows] : []));

describe('ruling lines drawn as one path', () => {
  it.each([
    ['thin rectangles filled once (re re … f)', onePathFilled],
    ['lines stroked once (m l m l … S)', onePathStroked],
  ])('%s: each rule is read, and the empty cell stays in its column', async (_, rules) => {
    const { blocks } = await extractPdf(await tablePdf(rules));
    expect(tableRows(blocks)).toEqual([
      [
        ['1', '2', '3', '4'],
        ['5', '', '7', '8'],
        ['9', '10', '11', '12'],
      ],
    ]);
  });
});

describe('ruling lines past the limits', () => {
  const pdfLimits = { ...PDF_LIMITS };
  const parseLimits = { ...PARSE_LIMITS };
  afterEach(() => {
    Object.assign(PDF_LIMITS, pdfLimits);
    Object.assign(PARSE_LIMITS, parseLimits);
  });

  /** 1,200 thin filled rules each way, each its own `re f`, 5 pt apart, and a few figures: 8 KB. */
  async function meshPdf(): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const n = 1200;
    const size = n * 5 + 20;
    const page = doc.addPage([size, size]);
    page.drawText('A page of rules and a few figures: 1 2 3', { x: 12, y: 12, size: 10, font });
    for (const [i, text] of ['1', '2', '3', '4'].entries()) page.drawText(text, { x: 11 + 5 * i, y: size - 9, size: 3, font });
    const ops: PDFOperator[] = [];
    for (let i = 0; i < n; i++) {
      ops.push(rectangle(10, 10 + 5 * i, n * 5, 0.3), fill());
      ops.push(rectangle(10 + 5 * i, 10, 0.3, n * 5), fill());
    }
    page.pushOperators(...ops);
    return doc.save();
  }

  it('refuses a page whose rules make a grid of more cells than a document may hold, before reading it', async () => {
    const bytes = await meshPdf();
    expect(bytes.length).toBeLessThan(20_000);
    const result = await parseReport(bytes);
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_COMPLEX' } });
  });

  it('reads a page with more rules than the limit as text, its rules ignored', async () => {
    PDF_LIMITS.maxRulesPerPage = 1000;
    const { blocks } = await extractPdf(await meshPdf());
    const text = blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : b.rows.flat())).join(' ');
    expect(text).toContain('A page of rules and a few figures');
    expect(blocks.every((b) => b.type !== 'table' || b.rows.length < 10)).toBe(true);
  });

  it('reads the same table from text positions once its page has more rules than the limit', async () => {
    PDF_LIMITS.maxRulesPerPage = 8;
    const { blocks } = await extractPdf(await tablePdf(onePathFilled));
    // No rule was read: the columns are where the figures stand, and the empty cell is the
    // column without a figure in its row.
    expect(tableRows(blocks)).toEqual([TABLE]);
    expect(blocks[0]).toMatchObject({ type: 'paragraph', text: 'Requests received and answered this year' });
  });

  it('counts the grids of every page against the cell limit', async () => {
    // Each page's grid is 5 × 4 positions.
    PARSE_LIMITS.maxCells = 30;
    expect((await extractPdf(await tablePdf(onePathFilled, 1))).blocks.length).toBeGreaterThan(0);
    await expect(extractPdf(await tablePdf(onePathFilled, 2))).rejects.toMatchObject({ code: 'TOO_COMPLEX' });
  });
});
