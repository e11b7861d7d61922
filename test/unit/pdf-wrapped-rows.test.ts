import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractPdf } from '../../shared/parse/extract-pdf';
import { UNPLACED_TEXT, UNPLACED_WHY } from '../../shared/parse/pdf/row-placement';
import { partitionRows } from '../../shared/parse/pdf/wrapped-rows';

/**
 * Tables without rules whose labels wrap in a narrow column, drawn as a word processor sets them:
 * lines at one pitch, the figures at the top, the middle or the bottom of their row. The expected
 * rows are the printed ones.
 */

const SIZE = 10;
const PITCH = 14;
const FIGURE_XS = [200, 260, 320];

interface Row {
  label: string[];
  figures: string[];
}

/** Draws the rows from y = 700 down, each label line at the pitch, each row's figures aligned in it as `align` says. */
function drawRows(page: PDFPage, font: PDFFont, rows: Row[], align: 'top' | 'middle' | 'bottom', header?: string, trailer?: string) {
  let y = 700;
  if (header) {
    page.drawText(header, { x: 60, y: y + PITCH, size: SIZE, font });
  }
  for (const row of rows) {
    for (const [k, line] of row.label.entries()) page.drawText(line, { x: 60, y: y - k * PITCH, size: SIZE, font });
    const last = y - (row.label.length - 1) * PITCH;
    const at = align === 'top' ? y : align === 'bottom' ? last : (y + last) / 2;
    for (const [c, text] of row.figures.entries()) {
      const x = FIGURE_XS[c] ?? 0;
      if (text) page.drawText(text, { x: x - font.widthOfTextAtSize(text, SIZE), y: at, size: SIZE, font });
    }
    y = last - PITCH;
  }
  if (trailer) page.drawText(trailer, { x: 60, y, size: SIZE, font });
}

async function pdfOf(draw: (page: PDFPage, font: PDFFont) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  const page = doc.addPage([600, 800]);
  page.drawText('Report', { x: 60, y: 760, size: 14, font });
  draw(page, font);
  return doc.save();
}

const tables = (blocks: Awaited<ReturnType<typeof extractPdf>>['blocks']) => blocks.flatMap((b) => (b.type === 'table' ? [b.rows] : []));

// Courier: every character as wide as the next, so a full line is as wide as the cell's widest.
const ROWS: Row[] = [
  { label: ['Alpha one', 'two three', 'four five', 'six'], figures: ['12', '7', '19'] },
  { label: ['Beta five', 'six seven', 'eight nin', 'e ten ele', 'ven'], figures: ['3', '', '3'] },
  { label: ['Gamma'], figures: ['40', '2', '42'] },
  { label: ['Delta ten', 'eleven tw', 'elve'], figures: ['5', '6', '11'] },
];
const printed = ROWS.map((r) => [r.label.join('\n'), ...r.figures]);

describe('a table without rules whose labels wrap over several lines', () => {
  it('gives each row its own label lines, the figures set in the middle of the row', async () => {
    const { blocks, messages } = await extractPdf(await pdfOf((page, font) => drawRows(page, font, ROWS, 'middle')));
    expect(tables(blocks)).toEqual([printed]);
    expect(messages).toEqual([]);
  });

  it('leaves the rows unread when a label line could close one row or open the next', async () => {
    // Rows of five full lines, the figures on the middle one, between full lines without figures:
    // those lines head and close the table, or the first row takes the heading and four lines
    // more, or a row starts a line later. Geometry cannot tell.
    const five = ['one two t', 'hree four', 'five six ', 'seven eig', 'ht nine t'];
    const rows: Row[] = [
      { label: five, figures: ['1', '2', '3'] },
      { label: five, figures: ['4', '5', '9'] },
    ];
    expectLeftUnread(await extractPdf(await pdfOf((page, font) => drawRows(page, font, rows, 'middle', 'Heading x', 'Closing x'))));
  });

  it('reads the rows when each label starts on its figures’ line and its short last line says where it ends', async () => {
    // Figures at the top: read a row later (figures at the bottom), each row would go on after a
    // short line, which only a label's last line is.
    const rows: Row[] = [
      { label: ['Alpha one', 'two'], figures: ['1', '2', '3'] },
      { label: ['Beta five', 'six'], figures: ['4', '5', '9'] },
      { label: ['Gamma one', 'two'], figures: ['6', '7', '13'] },
    ];
    const { blocks, messages } = await extractPdf(await pdfOf((page, font) => drawRows(page, font, rows, 'top')));
    expect(tables(blocks)).toEqual([rows.map((r) => [r.label.join('\n'), ...r.figures])]);
    expect(messages).toEqual([]);
  });

  it('leaves the rows unread when every label line is full and the figures stand at the top', async () => {
    // Each row's lines as full as the next: the figures open their rows, or close them; geometry
    // cannot tell. (The last row's figures are followed by no other row's, and are read in order.)
    const rows: Row[] = [
      { label: ['Alpha one', 'two three'], figures: ['1', '2', '3'] },
      { label: ['Beta five', 'six seven'], figures: ['4', '5', '9'] },
      { label: ['Gamma one', 'two three'], figures: ['6', '7', '13'] },
    ];
    const { blocks, messages } = await extractPdf(await pdfOf((page, font) => drawRows(page, font, rows, 'top')));
    const cells = tables(blocks).flat(2);
    for (const figure of ['1', '2', '3', '4', '5', '9']) expect(cells).not.toContain(figure);
    expect(cells).toContain(UNPLACED_TEXT);
    expect(messages.map((m) => m.message).join('')).toContain(UNPLACED_WHY.wrapped);
  });

  it('reads the rows when the lines below a row open the next item', async () => {
    // The line after each row's figures starts with an item's number: the next row's head, the
    // figures at the bottom of their rows.
    const rows: Row[] = [
      { label: ['1.Alpha o'], figures: ['1', '2', '3'] },
      { label: ['2.Beta fi', 've six'], figures: ['4', '5', '9'] },
      { label: ['3.Gamma o', 'ne two'], figures: ['6', '7', '13'] },
    ];
    const { blocks } = await extractPdf(await pdfOf((page, font) => drawRows(page, font, rows, 'bottom')));
    expect(
      tables(blocks)
        .flat(2)
        .filter((c) => /^\d+$/.test(c)),
    ).toEqual(rows.flatMap((r) => r.figures));
  });

  it('lays the lines of a cell spanning rows, set between its items’ lines, beside the rows', async () => {
    // A group label left of its items, centred in its span: its lines fall between the lines of
    // the middle item. One is a lone "-", a written blank to a reader of figures (as 无 of （四）无法提供 is).
    const rows: Row[] = [
      { label: ['1.Alpha o', 'ne two'], figures: ['1', '2', '3'] },
      { label: ['2.Beta fi', 've six s', 'even'], figures: ['4', '5', '9'] },
      { label: ['3.Gamma o', 'ne'], figures: ['6', '7', '13'] },
    ];
    const { blocks, messages } = await extractPdf(
      await pdfOf((page, font) => {
        drawRows(page, font, rows, 'middle');
        // Row two's lines stand at 700 − 2 and 3 pitches; the group's lines half a pitch below each.
        page.drawText('Grp', { x: 20, y: 700 - 2.5 * PITCH, size: SIZE, font });
        page.drawText('-', { x: 20, y: 700 - 3.5 * PITCH, size: SIZE, font });
      }),
    );
    expect(tables(blocks)).toEqual([
      [
        ['1.Alpha o\nne two', '1', '2', '3'],
        ['Grp\n-', '2.Beta fi\nve six s\neven', '4', '5', '9'],
        ['3.Gamma o\nne', '6', '7', '13'],
      ],
    ]);
    expect(messages).toEqual([]);
  });

  it('takes a short line with more below it as the end of a label, not its middle', async () => {
    // Each row's label is four lines, figures between the second and third; read a line later, each
    // row would start with the short last line of the row above.
    const rows: Row[] = [
      { label: ['Alpha one', 'two three', 'four five', 'six'], figures: ['1', '2', '3'] },
      { label: ['Beta five', 'six seven', 'eight nin', 'e'], figures: ['4', '5', '9'] },
      { label: ['Gamma one', 'two three', 'four five', 'six'], figures: ['6', '7', '13'] },
    ];
    const { blocks } = await extractPdf(await pdfOf((page, font) => drawRows(page, font, rows, 'middle', 'Heading x')));
    expect(tables(blocks)).toEqual([rows.map((r) => [r.label.join('\n'), ...r.figures])]);
  });
});

describe('partitionRows', () => {
  const ok = () => true;

  it('centres each row on its figures', () => {
    // Lines at 100, 90, 80, 70 (row one, figures at 85), 60 (row two, figures at 60).
    expect(partitionRows([100, 90, 80, 70, 60], [85, 60], 0, 0, 2, ok)).toEqual([
      [0, 3],
      [4, 4],
    ]);
  });

  it('refuses when two partitions fit', () => {
    // A line above the first figures' line: a heading, or the first line of a row of three.
    expect(partitionRows([100, 90, 80, 70, 60, 50, 40], [90, 60], 1, 1, 2, ok)).toBeUndefined();
  });

  it('refuses when a line between two rows of figures is left over', () => {
    expect(partitionRows([100, 90, 80, 70, 60], [100, 60], 0, 0, 2, (r) => r[1] - r[0] < 2)).toBeUndefined();
  });

  it('refuses a row the caller rules out, keeping the one that fits', () => {
    const lines = [100, 90, 80, 70, 60, 50, 40];
    expect(partitionRows(lines, [90, 60], 1, 1, 2, ok)).toBeUndefined();
    // Started on their figures' lines, the rows would be 90–70 and 60–40.
    expect(partitionRows(lines, [90, 60], 1, 1, 2, (r) => r[0] !== 0)).toBeUndefined();
    // Row one cannot take the heading at 100, and the line at 60 goes on from the one above.
    expect(partitionRows(lines, [90, 60], 1, 1, 2, (r) => r[0] !== 0 && r[0] !== 4)).toEqual([
      [1, 1],
      [2, 6],
    ]);
  });

  it('starts each row on its figures’ line when only that fits (figures at the top)', () => {
    // Lines at 100, 90 (row one, figures at 100), 80, 70 (row two, figures at 80).
    const lines = [100, 90, 80, 70];
    expect(partitionRows(lines, [100, 80], 0, 0, 2, ok)).toBeUndefined();
    // A row cannot start at 90: centred on 80, row two would.
    expect(partitionRows(lines, [100, 80], 0, 0, 2, (r) => r[0] !== 1)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('gives the first row every head line above its figures that some fitting partition gives it', () => {
    // Lines at 100 (above the table's first line of figures), 90 (figures), 80 (opens an item), 70 (figures).
    // Ended on its figures, row one is 100–90 or 90 alone: either way each row has the same figures.
    const opensAt80 = (r: [number, number]) => !(r[0] < 2 && r[1] >= 2);
    expect(partitionRows([100, 90, 80, 70], [90, 70], 1, 0, 2, opensAt80)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('ends each row on its figures’ line when only that fits (figures at the bottom)', () => {
    // Lines at 100, 90 (row one, figures at 90), 80, 70 (row two, figures at 70).
    const lines = [100, 90, 80, 70];
    expect(partitionRows(lines, [90, 70], 0, 0, 2, ok)).toBeUndefined();
    // Rows of two lines each: centred or started on the figures, a row would hold three lines or one.
    expect(partitionRows(lines, [90, 70], 0, 0, 2, (r) => r[1] - r[0] === 1)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});

/** No figure placed, the table marked unplaced, and the message saying the wrapped rows are why. */
function expectLeftUnread({ blocks, messages }: Awaited<ReturnType<typeof extractPdf>>) {
  expect(
    tables(blocks)
      .flat(2)
      .filter((c) => /^\d+$/.test(c)),
  ).toEqual([]);
  expect(tables(blocks).flat(2)).toContain(UNPLACED_TEXT);
  expect(messages.map((m) => m.message).join('')).toContain(UNPLACED_WHY.wrapped);
}
