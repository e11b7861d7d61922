import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Item } from './document';

/** Writes the layout as a real .docx with the `docx` library (merged cells via gridSpan/vMerge). */
export async function toDocx(items: Item[]): Promise<Uint8Array> {
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
  const doc = new Document({ sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}
