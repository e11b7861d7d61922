import { BlockBuilder } from './block-builder';
import type { Block } from './blocks';
import { InputError } from './detect';
import { corruptDoc, readContainer } from './doc-container';
import { DOC_LIMITS, readWordText, tooComplex, type WordText } from './doc-word';
import type { Extracted } from './input-kinds';

export { DOC_LIMITS };

/**
 * Reads the body of a .doc into paragraphs and table grids, as extract-docx.ts does for a .docx.
 *
 * The container is read by cfb (doc-container.ts), the text and its marks from the Word binary
 * format itself (doc-word.ts). A text-extraction library is not enough: word-extractor's getBody()
 * turns Word's cell mark (\x07) into a tab, indistinguishable from a real tab, and loses most row
 * ends of a wide table; here the cell and row marks, fields and deleted text are read as Word wrote them.
 */
export async function extractDoc(bytes: Uint8Array): Promise<Extracted> {
  if (bytes.length > DOC_LIMITS.maxBytes) throw tooComplex();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: WordText;
  try {
    const streams = readContainer(buffer);
    const word = streams.get('WordDocument');
    if (!word) throw notWord([...streams.keys()]);
    text = readWordText(word, streams);
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Anything the container reader trips over (a short stream, an offset past the end) is a damaged file.
    throw corruptDoc();
  }
  return { blocks: toBlocks(readBody(text)), encoding: 'doc', messages: [] };
}

/** What a paragraph or cell ends with, in the body as readBody hands it on. */
enum End {
  Paragraph = 1,
  /** a paragraph inside a table cell that is not the cell's last */
  CellParagraph,
  Cell,
  /** the row-end mark, carrying which cells are vertically merged continuations */
  Row,
}
type Piece2 = { text: string } | { end: End; drop?: boolean[] };

function notWord(streams: string[]): InputError {
  const has = (n: string) => streams.includes(n);
  if (has('EncryptedPackage') || has('EncryptionInfo'))
    return new InputError('ENCRYPTED', '文件设置了打开密码（已加密），无法读取：请取消密码后重新保存再上传');
  if (has('Workbook') || has('Book'))
    return new InputError('UNSUPPORTED_FORMAT', '这是一个 Excel 表格文件（.xls），不是年报文档：请上传年报的 Word、PDF、网页或文本版本');
  if (has('PowerPoint Document'))
    return new InputError('UNSUPPORTED_FORMAT', '这是一个 PowerPoint 演示文稿（.ppt），不是年报文档：请上传年报的 Word、PDF、网页或文本版本');
  return new InputError('UNSUPPORTED_FORMAT', '这是一个 Office 复合文档，但不是 Word 文档：请上传年报的 Word、PDF、网页或文本版本');
}

const MAX_FIELD_DEPTH = 64;

/** The main story as text runs and ends, fields reduced to their results, deleted text left out. */
function readBody({ pieces, ccpText, marks, deleted }: WordText): Piece2[] {
  const out: Piece2[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ text });
    text = '';
  };
  // Per open field: whether its result (after the separator) is being read.
  const fields: boolean[] = [];
  let cp = 0;
  let d = 0;
  for (const piece of pieces) {
    const t = piece.text;
    for (let i = 0; i < t.length && cp < ccpText; i++, cp++) {
      const fc = piece.startFilePos + i * piece.bpc;
      for (let range = deleted[d]; range !== undefined && range[1] <= fc; range = deleted[d]) d++;
      // Deleted ranges are sorted; pieces may not be in file order, so look back when needed.
      if (isDeleted(deleted, d, fc)) continue;
      const ch = t.charCodeAt(i);
      if (ch === 0x13) {
        if (fields.length >= MAX_FIELD_DEPTH) throw tooComplex();
        fields.push(false);
        continue;
      }
      if (ch === 0x14) {
        if (fields.length) fields[fields.length - 1] = true;
        continue;
      }
      if (ch === 0x15) {
        fields.pop();
        continue;
      }
      if (fields.length && !fields[fields.length - 1]) continue;
      if (ch === 0x07 || ch === 0x0d) {
        const mark = marks.get(fc + piece.bpc);
        flush();
        if (ch === 0x07 && mark?.rowEnd) out.push({ end: End.Row, ...(mark.continuation ? { drop: mark.continuation } : {}) });
        else if (ch === 0x07) out.push({ end: End.Cell });
        else out.push({ end: mark?.inTable ? End.CellParagraph : End.Paragraph });
      } else if (ch === 0x0b) text += '\n';
      else if (ch === 0x0c || ch === 0x0e) {
        flush();
        out.push({ end: End.Paragraph });
      } else if (ch === 0x09) text += ' ';
      else if (ch === 0x1e) text += '\u2011';
      else if (ch >= 0x20) text += t[i];
    }
  }
  flush();
  return out;
}

function isDeleted(deleted: [number, number][], from: number, fc: number): boolean {
  if (deleted.length === 0) return false;
  for (let k = from; k < deleted.length; k++) {
    const range = deleted[k];
    if (range === undefined || range[0] > fc) break;
    if (fc < range[1]) return true;
  }
  const before = deleted[from - 1];
  return before !== undefined && before[0] <= fc && fc < before[1];
}

/** Word's stream of paragraphs, cells and row ends, as the shared block builder's events. */
function toBlocks(body: Piece2[]): Block[] {
  const out = new BlockBuilder();
  let inTable = false;
  let row: string[] = [];
  let cell = '';
  const emitText = (s: string) => {
    const lines = s.split('\n');
    lines.forEach((line, k) => {
      if (k > 0) out.lineBreak();
      out.text(line);
    });
  };
  for (const item of body) {
    if ('text' in item) {
      cell += item.text;
      continue;
    }
    switch (item.end) {
      case End.Paragraph:
        if (inTable) {
          // A row never closed by a row-end mark still holds its cells.
          if (row.length) emitRow(out, row);
          row = [];
          out.closeTable();
          inTable = false;
        }
        emitText(cell);
        out.boundary();
        cell = '';
        break;
      case End.CellParagraph:
        cell += '\n';
        break;
      case End.Cell:
        if (!inTable) {
          out.openTable();
          inTable = true;
        }
        row.push(cell);
        cell = '';
        break;
      case End.Row:
        if (!inTable) {
          out.openTable();
          inTable = true;
        }
        emitRow(out, row, item.drop);
        row = [];
        cell = '';
        break;
    }
  }
  if (inTable && row.length) emitRow(out, row);
  if (cell) {
    if (inTable) out.closeTable();
    emitText(cell);
  }
  return out.finish();
}

function emitRow(out: BlockBuilder, cells: string[], drop?: boolean[]): void {
  out.openRow();
  cells.forEach((text, i) => {
    out.openCell();
    text.split('\n').forEach((line, k) => {
      if (k > 0) out.lineBreak();
      out.text(line);
    });
    out.closeCell(!(drop?.[i] ?? false));
  });
  out.closeRow();
}

export const extractDocFile = extractDoc;
