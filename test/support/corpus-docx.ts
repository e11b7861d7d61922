/**
 * A .docx of a corpus report shaped by a Word style, written with the `docx` library (merged
 * cells via gridSpan/vMerge), for LibreOffice to export to PDF as agencies' Word files are.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { Item, WCell } from './document';
import { isFigure } from './corpus-html';
import type { WordStyle } from './corpus-styles';

const HEADER_ROWS = [0, 3, 3];
const CM = 567; // twips

const ALIGN = { center: AlignmentType.CENTER, right: AlignmentType.RIGHT, left: AlignmentType.LEFT } as const;
const VALIGN = { center: VerticalAlignTable.CENTER, top: VerticalAlignTable.TOP, bottom: VerticalAlignTable.BOTTOM } as const;
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

function gridWidth(rows: WCell[][]): number {
  return (rows[0] ?? []).reduce((s, c) => s + (c.colspan ?? 1), 0);
}

/** Column widths in twips: label columns at the style's share each, the rest shared evenly. */
function columnWidths(columns: number, tableIndex: number, total: number, s: WordStyle): number[] {
  const labels = tableIndex === 1 ? 3 : tableIndex === 0 ? 1 : 0;
  if (!s.labelWidth || labels === 0) return Array.from({ length: columns }, () => Math.floor(total / columns));
  const share = tableIndex === 0 ? Math.max(s.labelWidth * 2, 18) : s.labelWidth;
  const label = Math.floor((total * share) / 100);
  const rest = Math.floor((total - label * labels) / (columns - labels));
  return Array.from({ length: columns }, (_, i) => (i < labels ? label : rest));
}

function table(rows: WCell[][], tableIndex: number, width: number, s: WordStyle): Table {
  const size = s.tableFontSize ? Math.round(s.tableFontSize * 2) : undefined;
  const headerRows = HEADER_ROWS[tableIndex] ?? 0;
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: columnWidths(gridWidth(rows), tableIndex, width, s),
    layout: TableLayoutType.FIXED,
    ...(s.borderless ? { borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE } } : {}),
    rows: rows.map(
      (row, ri) =>
        new TableRow({
          ...(s.repeatHeader && ri < headerRows ? { tableHeader: true } : {}),
          ...(s.cantSplit ? { cantSplit: true } : {}),
          children: row.map(
            (c) =>
              new TableCell({
                ...(c.colspan ? { columnSpan: c.colspan } : {}),
                ...(c.rowspan ? { rowSpan: c.rowspan } : {}),
                verticalAlign: VALIGN[s.valign ?? 'center'],
                ...(s.headerFill && ri < headerRows ? { shading: { fill: 'D9D9D9' } } : {}),
                children: c.text.split('\n').map(
                  (t) =>
                    new Paragraph({
                      alignment: isFigure(c.text) ? ALIGN[s.align ?? 'center'] : s.distributedLabels ? AlignmentType.DISTRIBUTE : AlignmentType.CENTER,
                      children: [new TextRun({ text: t, ...(size ? { size } : {}) })],
                    }),
                ),
              }),
          ),
        }),
    ),
  });
}

function pageNumber(footer: WordStyle['footer']) {
  switch (footer) {
    case 'dash':
      return ['- ', PageNumber.CURRENT, ' -'];
    case 'emdash':
      return ['—', PageNumber.CURRENT, '—'];
    case 'chinese':
      return ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'];
    default:
      return undefined;
  }
}

export async function corpusDocx(items: Item[], agency: string, s: WordStyle): Promise<Uint8Array> {
  const margin = Math.round((s.marginCm ?? 2.54) * CM);
  const rule = s.headerRule ? { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } : undefined;
  const number = pageNumber(s.footer);
  const header = () =>
    new Header({
      children: [new Paragraph({ alignment: AlignmentType.RIGHT, ...(rule ? { border: { bottom: rule } } : {}), children: [new TextRun(agency)] })],
    });
  const footer = (n: NonNullable<typeof number>) =>
    new Footer({
      children: [new Paragraph({ alignment: AlignmentType.CENTER, ...(rule ? { border: { top: rule } } : {}), children: [new TextRun({ children: n })] })],
    });
  let tableIndex = 0;
  const section = (part: Item[], landscape: boolean) => {
    const width = s.tableWidthCm ? Math.round(s.tableWidthCm * CM) : (landscape ? 16838 : 11906) - 2 * margin;
    return {
      properties: {
        page: {
          size: landscape ? { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE } : { width: 11906, height: 16838 },
          margin: { top: margin, bottom: margin, left: margin, right: margin },
        },
      },
      ...(s.header ? { headers: { default: header() } } : {}),
      ...(number ? { footers: { default: footer(number) } } : {}),
      children: part.map((item, i) =>
        item.type === 'p'
          ? new Paragraph({
              indent: { firstLine: 2 * 240 },
              // The heading over a table opens a new page when each table has its own.
              ...(s.tableOwnPage && part[i + 1]?.type === 'table' ? { pageBreakBefore: true } : {}),
              children: [new TextRun(item.text)],
            })
          : table(item.rows, tableIndex++, width, s),
      ),
    };
  };
  // Word reports often turn the pages of the wide tables sideways with section breaks.
  const first = items.findIndex((i) => i.type === 'table');
  const last = items.length - 1 - [...items].reverse().findIndex((i) => i.type === 'table');
  const parts: [Item[], boolean][] =
    s.landscapeTables && first >= 0
      ? [
          [items.slice(0, first), false],
          [items.slice(first, last + 1), true],
          [items.slice(last + 1), false],
        ]
      : [[items, s.landscape === true]];
  const doc = new Document({
    styles: { default: { document: { run: { size: Math.round((s.fontSize ?? 10.5) * 2), ...(s.font ? { font: s.font } : {}) } } } },
    sections: parts.map(([part, landscape]) => section(part, landscape)),
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
