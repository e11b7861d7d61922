import { AlignmentType, Document, Footer, Header, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Item } from './document';

export interface DocxPage {
  /** a running header printed on every page */
  header?: string;
  /** a page-number footer: "- 3 -" or "第 3 页 共 9 页" */
  footer?: 'dash' | 'chinese';
}

/** Writes the layout as a real .docx with the `docx` library (merged cells via gridSpan/vMerge). */
export async function toDocx(items: Item[], page: DocxPage = {}): Promise<Uint8Array> {
  const children = items.map((item) => {
    if (item.type === 'p') return new Paragraph({ children: [new TextRun(item.text)] });
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: item.rows.map(
        (row) =>
          new TableRow({
            children: row.map(
              (c) =>
                new TableCell({
                  ...(c.colspan ? { columnSpan: c.colspan } : {}),
                  ...(c.rowspan ? { rowSpan: c.rowspan } : {}),
                  children: c.text.split('\n').map((t) => new Paragraph({ children: [new TextRun(t)] })),
                }),
            ),
          }),
      ),
    });
  });
  const number =
    page.footer === 'dash'
      ? ['- ', PageNumber.CURRENT, ' -']
      : page.footer === 'chinese'
        ? ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页']
        : undefined;
  const doc = new Document({
    sections: [
      {
        ...(page.header
          ? { headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(page.header)] })] }) } }
          : {}),
        ...(number
          ? {
              footers: {
                default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: number })] })] }),
              },
            }
          : {}),
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
