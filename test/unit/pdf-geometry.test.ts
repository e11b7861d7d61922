import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, degrees, fill, rectangle } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../shared/check/check-report';
import { parseCellValue } from '../../shared/parse/cell-value';
import { extractPdf } from '../../shared/parse/extract-pdf';
import type { Line } from '../../shared/parse/pdf/page-model';
import { UNPLACED_TEXT } from '../../shared/parse/pdf/row-placement';
import { spreadLabel, toPieces } from '../../shared/parse/pdf/text-layout';
import { PAST_EDGE_TEXT } from '../../shared/parse/table-read';
import { defined } from '../support/defined';
import { layout } from '../support/document';
import { toText } from '../support/layouts';
import { buildReport, distinctNumbers } from '../support/sample-reports';

/**
 * Tables drawn as writers draw them, each built here from the rows it prints: the expected rows
 * are the printed ones, never the reader's output.
 */

const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));

const HELVETICA_DIGIT = 0.556; // Helvetica's advance for every digit, in ems
const SIZE = 10;

interface TableSpec {
  /** column edges, left to right */
  xs: number[];
  /** row edges, top to bottom */
  ys: number[];
  /** printed text per row, '' for a cell left empty */
  rows: string[][];
  /** how far the horizontal rules run (a table cut off at the page edge runs past it) */
  ruleRight?: number;
}

const thin = 0.5;

/** Draws the cells' text right-aligned in their columns and, unless `ruled` is false, every rule. */
function drawTable(page: PDFPage, font: PDFFont, t: TableSpec, ruled = true) {
  for (const [r, row] of t.rows.entries()) {
    for (const [c, text] of row.entries()) {
      if (!text) continue;
      const right = defined(t.xs[c + 1]) - 4;
      page.drawText(text, { x: right - font.widthOfTextAtSize(text, SIZE), y: defined(t.ys[r]) - 14, size: SIZE, font });
    }
  }
  if (!ruled) return;
  const left = defined(t.xs[0]);
  const right = t.ruleRight ?? defined(t.xs[t.xs.length - 1]);
  const top = defined(t.ys[0]);
  const bottom = defined(t.ys[t.ys.length - 1]);
  page.pushOperators(
    ...t.ys.map((y) => rectangle(left, y - thin / 2, right - left, thin)),
    ...t.xs.map((x) => rectangle(x - thin / 2, bottom, thin, top - bottom)),
    fill(),
  );
}

async function pdfOf(draw: (doc: PDFDocument, font: PDFFont) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  draw(doc, font);
  return doc.save();
}

const tables = (blocks: Awaited<ReturnType<typeof extractPdf>>['blocks']) => blocks.flatMap((b) => (b.type === 'table' ? [b.rows] : []));
const allText = (blocks: Awaited<ReturnType<typeof extractPdf>>['blocks']) => blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : b.rows.flat()));

const XS = [60, 160, 220, 280, 340];
const YS = [700, 680, 660, 640];

describe('the unplaced cell the reader is given for a row it cannot place', () => {
  it('is neither a figure nor short enough to pass for the tail of a wrapped label', () => {
    expect(parseCellValue(UNPLACED_TEXT)).toBeUndefined();
    expect(UNPLACED_TEXT.length).toBeGreaterThan(12);
  });
});

describe('figures of squeezed columns joined in one run', () => {
  /** Row 2's figures "579" and "625" drawn as one run "579625" whose middle falls `offset` digits from the rule. */
  const squeezed = (offset: number) =>
    pdfOf((doc, font) => {
      const page = doc.addPage([600, 800]);
      page.drawText('Figures', { x: 60, y: 740, size: 12, font });
      const rows = [
        ['Row one', '1', '2', '3'],
        ['Row two', '4', '', ''],
        ['Row three', '7', '8', '9'],
      ];
      drawTable(page, font, { xs: XS, ys: YS, rows });
      const digit = HELVETICA_DIGIT * SIZE;
      // The run starts three digits (plus the offset) left of the rule between columns 2 and 3.
      page.drawText('579625', { x: defined(XS[3]) - (3 + offset) * digit, y: defined(YS[1]) - 14, size: SIZE, font });
    });

  it('is split at the drawn rule when the rule falls between two digits', async () => {
    const { blocks, messages } = await extractPdf(await squeezed(0));
    expect(tables(blocks)).toEqual([
      [
        ['Row one', '1', '2', '3'],
        ['Row two', '4', '579', '625'],
        ['Row three', '7', '8', '9'],
      ],
    ]);
    expect(messages).toEqual([]);
  });

  it('leaves the row unread, with a message, when the rule cuts through a digit', async () => {
    const { blocks, messages } = await extractPdf(await squeezed(0.5));
    const rows = defined(tables(blocks)[0]);
    expect(rows[1]).toEqual(['Row two', UNPLACED_TEXT]);
    expect(rows[0]).toEqual(['Row one', '1', '2', '3']);
    expect(messages).toEqual([expect.objectContaining({ level: 'warning', code: 'PDF_CELLS_UNPLACED', position: { block: 1 } })]);
    expect(defined(messages[0]).message).toContain('Row two');
  });
});

describe('a table cut off at the page edge', () => {
  /** Columns at 280 to 340 lie past the right edge of a page `width` wide; `left` moves the whole table left. */
  const wide = (width: number, left = 0) =>
    pdfOf((doc, font) => {
      const page = doc.addPage([width, 800]);
      page.drawText('A wide table', { x: 60, y: 740, size: 12, font });
      drawTable(page, font, {
        xs: XS.map((x) => x - left),
        ys: YS,
        rows: [
          ['Row one', '11', '12', '13'],
          ['Row two', '21', '', '23'],
          ['Row three', '31', '32', '33'],
        ],
      });
    });

  it('reads the columns inside the page by their rules and says the rest of each row is past the edge', async () => {
    const { blocks } = await extractPdf(await wide(300));
    expect(tables(blocks)).toEqual([
      [
        ['Row one', '11', '12', PAST_EDGE_TEXT],
        ['Row two', '21', '', PAST_EDGE_TEXT],
        ['Row three', '31', '32', PAST_EDGE_TEXT],
      ],
    ]);
    for (const figure of ['13', '23', '33']) expect(allText(blocks)).not.toContain(figure);
  });

  it('gives none of its figures when it is cut on the left: no column can be told by its place', async () => {
    const { blocks, messages } = await extractPdf(await wide(400, 80));
    const text = allText(blocks);
    for (const figure of ['11', '12', '21', '31', '32', '13']) expect(text).not.toContain(figure);
    expect(text).toContain('Row two');
    expect(messages.map((m) => m.code)).toEqual(['PDF_CELLS_UNPLACED']);
  });

  it('a report read from such rows keeps the figures before the edge and leaves the rest unknown, naming them', async () => {
    const text = toText(layout(report), 'tabRows');
    const line = defined(text.split('\n').find((l) => l.includes('\t（一）予以公开\t')));
    const cells = line.split('\t');
    // The label takes the first two cells (三、本年度办理结果, （一）予以公开); four figures are inside the page.
    const cut = [...cells.slice(0, 6), PAST_EDGE_TEXT].join('\t');
    const c = await checkReport(Buffer.from(text.replace(line, cut)));
    const granted = defined(c.report?.tables).applications.granted;
    const printed = defined(report.tables).applications.granted;
    expect([granted.naturalPerson, granted.commercial, granted.research, granted.publicInterest]).toEqual([
      printed.naturalPerson,
      printed.commercial,
      printed.research,
      printed.publicInterest,
    ]);
    expect([granted.legalService, granted.otherOrg, granted.total]).toEqual([{ value: null }, { value: null }, { value: null }]);
    const past = c.messages.filter((m) => m.code === 'CELLS_PAST_EDGE');
    expect(past.map((m) => m.cells)).toEqual([['legalService', 'otherOrg', 'total'].map((column) => ({ table: 'applications', row: 'granted', column }))]);
    expect(defined(past[0]).message).toContain('（一）予以公开');
  });
});

describe('a table over a page break', () => {
  it('keeps a blank cell in its column on the next page and drops the header repeated there', async () => {
    const header = ['Item', 'A', 'B', 'C'];
    const bytes = await pdfOf((doc, font) => {
      const one = doc.addPage([600, 800]);
      one.drawText('Figures by item', { x: 60, y: 740, size: 12, font });
      drawTable(one, font, { xs: XS, ys: YS, rows: [header, ['Row one', '1', '2', '3'], ['Row two', '4', '5', '6']] });
      const two = doc.addPage([600, 800]);
      drawTable(two, font, { xs: XS, ys: [780, 760, 740, 720], rows: [header, ['Row three', '', '8', '9'], ['Row four', '10', '', '12']] });
    });
    const { blocks } = await extractPdf(bytes);
    expect(tables(blocks)).toEqual([
      [header, ['Row one', '1', '2', '3'], ['Row two', '4', '5', '6'], ['Row three', '', '8', '9'], ['Row four', '10', '', '12']],
    ]);
  });
});

describe('a table over a page break, split inside a row', () => {
  const header = ['Item', 'A', 'B', 'C'];
  /** Page one ends with `last`; page two starts with `rest`, a row of digits alone (the rest of numbers wrapped in their cells). */
  const split = (last: string[], rest: string[], width = 600) =>
    pdfOf((doc, font) => {
      const one = doc.addPage([width, 800]);
      one.drawText('Figures by item', { x: 60, y: 740, size: 12, font });
      drawTable(one, font, { xs: XS, ys: YS, rows: [header, ['Row one', '1', '2', '3'], last] });
      const two = doc.addPage([width, 800]);
      drawTable(two, font, { xs: XS, ys: [780, 760, 740], rows: [rest, ['Row three', '7', '8', '9']] });
    });

  it('reads a number wrapped in its cell over the break as one number', async () => {
    const { blocks, messages } = await extractPdf(await split(['Row two', '4', '5', '26,01'], ['', '', '', '5']));
    expect(tables(blocks)).toEqual([[header, ['Row one', '1', '2', '3'], ['Row two', '4', '5', '26,015'], ['Row three', '7', '8', '9']]]);
    expect(messages).toEqual([]);
  });

  it('joins a number wrapped over the break in a table also cut off at the page edge: never its first part alone', async () => {
    const { blocks } = await extractPdf(await split(['Row two', '4', '1', '6'], ['', '', '9', ''], 300));
    const [table] = tables(blocks);
    expect(table?.slice(1)).toEqual([
      ['Row one', '1', '2', PAST_EDGE_TEXT],
      ['Row two', '4', '19', PAST_EDGE_TEXT],
      ['Row three', '7', '8', PAST_EDGE_TEXT],
    ]);
  });

  it('leaves the row unread when its parts do not join into a number', async () => {
    const { blocks, messages } = await extractPdf(await split(['Row two', '4', '5', '26.0'], ['', '', '', '5.1']));
    expect(tables(blocks)).toEqual([[header, ['Row one', '1', '2', '3'], ['Row two', UNPLACED_TEXT], ['Row three', '7', '8', '9']]]);
    expect(messages.map((m) => m.code)).toEqual(['PDF_CELLS_UNPLACED']);
  });

  it('goes on when a merged cell down its first column leaves that column without a rule across on the next page', async () => {
    const bytes = await pdfOf((doc, font) => {
      const one = doc.addPage([600, 800]);
      one.drawText('Figures by item', { x: 60, y: 740, size: 12, font });
      drawTable(one, font, { xs: XS, ys: YS, rows: [header, ['Row one', '1', '2', '3'], ['Row two', '4', '5', '6']] });
      const two = doc.addPage([600, 800]);
      // The first column goes on merged: its borders are drawn, no horizontal rule crosses it.
      const ys = [780, 760, 740];
      drawTable(two, font, {
        xs: XS.slice(1),
        ys,
        rows: [
          ['7', '8', '9'],
          ['10', '11', '12'],
        ],
      });
      two.pushOperators(rectangle(defined(XS[0]) - thin / 2, defined(ys[2]), thin, defined(ys[0]) - defined(ys[2])), fill());
    });
    const { blocks } = await extractPdf(bytes);
    expect(tables(blocks)).toEqual([[header, ['Row one', '1', '2', '3'], ['Row two', '4', '5', '6'], ['7', '8', '9'], ['10', '11', '12']]]);
  });
});

describe('a line set 分散对齐 (its characters spread evenly over a cell)', () => {
  /** Runs of 12 pt glyphs, one character wide each, starting at the given x. */
  const line = (parts: [string, number][]): Line => ({
    y: 700,
    size: 12,
    runs: parts.map(([str, x]) => ({ str, x, x1: x + 12 * str.length, y: 700, size: 12 })),
  });
  const texts = (l: Line) => toPieces(l).map((p) => p.text);

  it('is one piece, even where a run holds the last character of one cell and the first of the next', () => {
    expect(
      texts(
        line([
          ['第', 46],
          ['二', 107],
          ['十', 168],
          ['条', 229],
        ]),
      ),
    ).toEqual(['第二十条']);
    expect(
      texts(
        line([
          ['行', 46],
          ['政', 96],
          ['复', 146],
          ['议行', 196],
          ['政', 320],
          ['诉', 432],
          ['讼', 544],
        ]),
      ),
    ).toEqual(['行政复议行政诉讼']);
  });

  it('keeps cells of several characters apart, however evenly the columns are spaced', () => {
    expect(
      texts(
        line([
          ['信息内容', 100],
          ['本年制发件数', 200],
          ['本年废止件数', 322],
          ['现行有效件数', 444],
        ]),
      ),
    ).toEqual(['信息内容', '本年制发件数', '本年废止件数', '现行有效件数']);
  });

  it('keeps full-width figures apart: they are cells, not spread characters', () => {
    expect(
      texts(
        line([
          ['６', 100],
          ['５', 160],
          ['２', 220],
          ['６', 280],
        ]),
      ),
    ).toEqual(['６', '５', '２', '６']);
  });

  it('joins a two-character label of a row only where each of its pieces is one character', () => {
    const piece = (text: string, x0: number) => ({ text, x0, x1: x0 + 12 * text.length, y: 700, size: 12 });
    expect(spreadLabel([piece('规', 46), piece('章', 190)]).map((p) => p.text)).toEqual(['规章']);
    expect(spreadLabel([piece('（三）', 46), piece('章', 190)]).map((p) => p.text)).toEqual(['（三）', '章']);
  });
});

describe('a table without rules', () => {
  it('places each figure in the column its figures take over the rows, a missing one as a blank', async () => {
    const rows = [
      ['Alpha', '120', '7', '1400'],
      ['Beta', '', '35', '9'],
      ['Gamma', '8', '', '27'],
    ];
    const bytes = await pdfOf((doc, font) => {
      const page = doc.addPage([600, 800]);
      page.drawText('Figures without rules', { x: 60, y: 740, size: 12, font });
      drawTable(page, font, { xs: [60, 200, 300, 400, 500], ys: [700, 680, 660, 640], rows }, false);
    });
    const { blocks, messages } = await extractPdf(bytes);
    expect(tables(blocks)).toEqual([rows]);
    expect(messages).toEqual([]);
  });

  it('leaves a row unread when one run holds two of its figures (pdfjs joins figures set close)', async () => {
    const bytes = await pdfOf((doc, font) => {
      const page = doc.addPage([600, 800]);
      page.drawText('Figures without rules', { x: 60, y: 740, size: 12, font });
      drawTable(
        page,
        font,
        {
          xs: [60, 200, 300, 400],
          ys: [700, 680, 660],
          rows: [
            ['Alpha', '12', '34'],
            ['Beta', '56 78', ''],
          ],
        },
        false,
      );
    });
    const { blocks, messages } = await extractPdf(bytes);
    const rows = defined(tables(blocks)[0]);
    expect(rows[0]).toEqual(['Alpha', '12', '34']);
    expect(rows[1]).toEqual(['Beta', UNPLACED_TEXT]);
    expect(messages.map((m) => m.code)).toEqual(['PDF_CELLS_UNPLACED']);
  });
});

describe('a landscape page stored portrait (/Rotate 90)', () => {
  it('is read as shown: its table across the shown page, not down the stored one', async () => {
    const rows = [
      ['Item', 'A', 'B', 'C'],
      ['Row one', '1', '', '3'],
      ['Row two', '40', '50', '60'],
    ];
    const bytes = await pdfOf((doc, font) => {
      // Stored 600 wide and 800 high, shown turned a quarter clockwise: 800 wide, 600 high.
      const page = doc.addPage([600, 800]);
      page.setRotation(degrees(90));
      // A point (X, Y) of the shown page is (600 - Y, X) in the stored page; text runs up it.
      const at = (X: number, Y: number) => ({ x: 600 - Y, y: X });
      const text = (s: string, X: number, Y: number, size: number) => page.drawText(s, { ...at(X, Y), size, font, rotate: degrees(90) });
      text('A table on a turned page', 60, 540, 12);
      const xs = [60, 200, 300, 400, 500];
      const ys = [500, 480, 460, 440];
      for (const [r, row] of rows.entries())
        for (const [c, cell] of row.entries()) if (cell) text(cell, defined(xs[c + 1]) - 4 - font.widthOfTextAtSize(cell, SIZE), defined(ys[r]) - 14, SIZE);
      page.pushOperators(
        // Shown horizontal rules are stored vertical, and the other way round.
        ...ys.map((Y) => rectangle(600 - Y - thin / 2, defined(xs[0]), thin, defined(xs[4]) - defined(xs[0]))),
        ...xs.map((X) => rectangle(600 - defined(ys[0]), X - thin / 2, defined(ys[0]) - defined(ys[3]), thin)),
        fill(),
      );
    });
    const { blocks, messages } = await extractPdf(bytes);
    expect(blocks[0]).toMatchObject({ type: 'paragraph', text: 'A table on a turned page' });
    expect(tables(blocks)).toEqual([rows]);
    expect(messages).toEqual([]);
  });
});

describe('page numbers and running lines', () => {
  // Helvetica draws Latin only: the Chinese forms (第 n 页 共 m 页, —n—) are in the corpus fixtures.
  it.each(['- # -', '#', '# / 3', 'Page # of 3'])('"%s" at the foot of every page stays out of the text', async (footer) => {
    const bytes = await pdfOf((doc, font) => {
      for (let p = 1; p <= 3; p++) {
        const page = doc.addPage([600, 800]);
        page.drawText(`Paragraph on page ${p}.`, { x: 60, y: 700, size: 12, font });
        page.drawText(footer.replace('#', String(p)), { x: 280, y: 40, size: 10, font });
      }
    });
    const { blocks } = await extractPdf(bytes);
    expect(allText(blocks)).toEqual(['Paragraph on page 1.', 'Paragraph on page 2.', 'Paragraph on page 3.']);
  });
});
