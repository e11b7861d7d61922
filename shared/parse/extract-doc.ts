import WordOleExtractor, { type Piece } from 'word-extractor/lib/word-ole-extractor.js';
import OleCompoundDoc from 'word-extractor/lib/ole-compound-doc.js';
import BufferReader from 'word-extractor/lib/buffer-reader.js';
import DirectoryTree, { type DirEntry } from 'word-extractor/lib/ole-directory-tree.js';
import Storage from 'word-extractor/lib/ole-storage.js';
import { BlockBuilder } from './block-builder';
import type { Block } from './blocks';
import { InputError } from './detect';
import type { Extracted } from './input-kinds';

/**
 * Limits for a Word 97-2003 file. An annual report has some 30,000 characters in a few pieces and
 * a few thousand formatting runs; these leave room for a book and still bound time and memory.
 */
export const DOC_LIMITS = {
  maxBytes: 64 * 1024 * 1024,
  maxPieces: 100_000,
  maxChars: 4_000_000,
  /** formatting runs read from the paragraph and character property pages */
  maxRuns: 2_000_000,
  /** property modifiers looked at in those runs */
  maxSprms: 20_000_000,
};

const corrupt = () => new InputError('CORRUPT_DOC', '无法打开 Word 97-2003（.doc）文件：文件已损坏或不完整。请在 Word 中重新保存（最好另存为 .docx）后上传');
const tooComplex = () => new InputError('TOO_COMPLEX', 'Word（.doc）文件的文字或格式数据多得不像一份年度报告（超过正常年报的数百倍），已拒绝');

/**
 * Reads the body of a .doc into paragraphs and table grids, as extract-docx.ts does for a .docx.
 *
 * word-extractor reads the OLE container, the FIB and the piece table; its public getBody() is not
 * enough: it turns Word's cell mark (\x07) into a tab, indistinguishable from a real tab, and finds
 * row ends by walking paragraph properties with a mis-sized sprmTDefTable, so most rows of a wide
 * table lose their end. Its property passes also rebuild a whole piece per formatting run and strip
 * fields with a backtracking regular expression, quadratic on hostile input. So this reader keeps
 * the library's container and piece table, bounds them, and reads the property pages itself.
 */
export async function extractDoc(bytes: Uint8Array): Promise<Extracted> {
  if (bytes.length > DOC_LIMITS.maxBytes) throw tooComplex();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = new BodyReader(buffer.length);
  try {
    await reader.extract(new BufferReader(buffer));
  } catch (err) {
    if (err instanceof InputError) throw err;
    // Anything the library trips over (a short stream, an offset past the end) is a damaged file.
    throw corrupt();
  }
  return { blocks: toBlocks(reader.body), encoding: 'doc', messages: [] };
}

/** What a paragraph or cell ends with, in the body as BodyReader hands it on. */
enum End {
  Paragraph = 1,
  /** a paragraph inside a table cell that is not the cell's last */
  CellParagraph,
  Cell,
  /** the row-end mark, carrying which cells are vertically merged continuations */
  Row,
}
type Piece2 = { text: string } | { end: End; drop?: boolean[] };

interface ParaMark {
  inTable: boolean;
  rowEnd: boolean;
  /** per cell of the row: a vertically merged continuation (docx drops these, so does this reader) */
  continuation?: boolean[];
}

class BodyReader extends WordOleExtractor {
  body: Piece2[] = [];
  /** by the file position just past a paragraph's mark */
  private readonly marks = new Map<number, ParaMark>();
  private deleted: [number, number][] = [];
  /** the Data stream, where paragraph properties too large for their page live */
  private data: Buffer = Buffer.alloc(0);

  constructor(private readonly fileBytes: number) {
    super();
  }

  override extract(reader: unknown): Promise<unknown> {
    const document = new BoundedOleDoc(reader, this.fileBytes);
    return document.read().then(() => {
      const streams = document._rootStorage?._dirEntry?.streams ?? {};
      if (!('WordDocument' in streams)) throw notWord(Object.keys(streams));
      const data = 'Data' in streams ? this.documentStream(document, 'Data').then((s) => this.streamBuffer(s)) : Promise.resolve(Buffer.alloc(0));
      return data
        .then((buffer) => {
          this.data = buffer;
          return this.documentStream(document, 'WordDocument');
        })
        .then((stream) => this.streamBuffer(stream))
        .then((buffer) => this.extractWordDocument(document, buffer));
    });
  }

  override extractWordDocument(document: unknown, buffer: Buffer): Promise<unknown> {
    if (buffer.length < 0x1aa) throw corrupt();
    const magic = buffer.readUInt16LE(0);
    if (magic === 0xa5dc) throw new InputError('UNSUPPORTED_FORMAT', '这是 Word 6.0/95 格式的旧文档，暂不支持：请在 Word 中另存为 .docx 后上传');
    if (magic !== 0xa5ec) throw corrupt();
    // FIB fEncrypted: the text is encrypted or obfuscated, nothing readable without the password.
    if (buffer.readUInt16LE(0x0a) & 0x0100) throw new InputError('ENCRYPTED', 'Word 文件设置了打开密码（已加密），无法读取：请取消密码后重新保存再上传');
    return super.extractWordDocument(document, buffer);
  }

  /** The first pass the library runs with both streams: check sizes before it builds anything. */
  override writeBookmarks(buffer: Buffer, table: Buffer): void {
    checkPieceTable(buffer, table);
  }

  override writeParagraphProperties(buffer: Buffer, table: Buffer): void {
    const budget = { runs: 0, sprms: 0 };
    forEachRun(buffer, table, buffer.readUInt32LE(0x0102), buffer.readUInt32LE(0x0106), 'pap', budget, (_start, end, grpprl) => {
      const mark: ParaMark = { inTable: false, rowEnd: false };
      const read = (g: Buffer, from: number, huge: boolean) =>
        forEachSprm(g, from, budget, (sprm, at) => {
          if (sprm === 0x2416 && g[at] === 1)
            mark.inTable = true; // sprmPFInTable
          else if (sprm === 0x6649 && g.readInt32LE(at) >= 1)
            mark.inTable = true; // sprmPItap
          else if (sprm === 0x2417 && g[at] === 1)
            mark.rowEnd = true; // sprmPFTtp
          else if (sprm === 0xd608)
            mark.continuation = verticalContinuations(g, at); // sprmTDefTable
          else if (sprm === 0x6646 && !huge) {
            // sprmPHugePapx: a wide table row's properties do not fit the page; they are in the Data stream.
            const off = g.readUInt32LE(at);
            if (off + 2 > this.data.length) return;
            read(this.data.subarray(off + 2, off + 2 + this.data.readUInt16LE(off)), 0, true);
          }
        });
      read(grpprl, 2, false);
      if (mark.inTable || mark.rowEnd) this.marks.set(end, mark);
    });
  }

  override writeCharacterProperties(buffer: Buffer, table: Buffer): void {
    const budget = { runs: 0, sprms: 0 };
    forEachRun(buffer, table, buffer.readUInt32LE(0x00fa), buffer.readUInt32LE(0x00fe), 'chp', budget, (start, end, grpprl) => {
      // sprmCFRMarkDel: text deleted with change tracking on is still in the file.
      forEachSprm(grpprl, 0, budget, (sprm, at) => {
        if (sprm === 0x0800 && grpprl[at]! & 1) this.deleted.push([start, end]);
      });
    });
    this.deleted.sort((a, b) => a[0] - b[0]);
  }

  /** Headers and footers are not read, so the library's clean-up of their stories is not needed. */
  normalizeHeaders(): void {}

  override buildDocument(): unknown {
    this.body = readBody(this._pieces, this._boundaries.ccpText, this.marks, this.deleted);
    return undefined;
  }
}

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

/** The piece table's size decides how much text the library will slice out: bound it first. */
function checkPieceTable(word: Buffer, table: Buffer): void {
  const ccpText = word.readUInt32LE(0x004c);
  if (ccpText > DOC_LIMITS.maxChars) throw tooComplex();
  let pos = word.readUInt32LE(0x01a2);
  const byte = (at: number) => {
    if (at >= table.length) throw corrupt();
    return table[at]!;
  };
  let prcs = 0;
  while (byte(pos) === 1) {
    if (++prcs > DOC_LIMITS.maxPieces || pos + 3 > table.length) throw corrupt();
    pos += 3 + table.readUInt16LE(pos + 1);
  }
  if (byte(pos) !== 2 || pos + 5 > table.length) throw corrupt();
  const size = table.readUInt32LE(pos + 1);
  pos += 5;
  const pieces = (size - 4) / 12;
  if (!Number.isInteger(pieces) || pieces < 1 || pos + size > table.length) throw corrupt();
  if (pieces > DOC_LIMITS.maxPieces) throw tooComplex();
  let chars = 0;
  for (let i = 0; i < pieces; i++) {
    const length = table.readUInt32LE(pos + (i + 1) * 4) - table.readUInt32LE(pos + i * 4);
    if (length > 0) chars += length;
  }
  if (chars > DOC_LIMITS.maxChars) throw tooComplex();
}

interface Budget {
  runs: number;
  sprms: number;
}

/** Walks a PlcBteChpx/PlcBtePapx and the formatting pages it names ([MS-DOC] 2.8.7, 2.9.85). */
function forEachRun(
  word: Buffer,
  table: Buffer,
  fc: number,
  lcb: number,
  kind: 'chp' | 'pap',
  budget: Budget,
  fn: (start: number, end: number, grpprl: Buffer) => void,
): void {
  if (lcb < 12) return;
  const n = (lcb - 4) / 8;
  if (!Number.isInteger(n) || fc + lcb > table.length) throw corrupt();
  if (n > word.length / 512 + 1) throw corrupt();
  const plc = table.subarray(fc, fc + lcb);
  for (let i = 0; i < n; i++) {
    const pn = plc.readUInt32LE((n + 1) * 4 + i * 4) & 0x3fffff;
    if ((pn + 1) * 512 > word.length) throw corrupt();
    const page = word.subarray(pn * 512, (pn + 1) * 512);
    const crun = page[511]!;
    budget.runs += crun;
    if (budget.runs > DOC_LIMITS.maxRuns) throw tooComplex();
    for (let j = 0; j < crun; j++) {
      const start = page.readUInt32LE(j * 4);
      const end = page.readUInt32LE((j + 1) * 4);
      let grpprl: Buffer;
      if (kind === 'chp') {
        const b = page[(crun + 1) * 4 + j]!;
        if (b === 0) continue;
        grpprl = page.subarray(b * 2 + 1, b * 2 + 1 + page[b * 2]!);
      } else {
        const b = page[(crun + 1) * 4 + j * 13];
        if (!b) continue;
        const cb = page[b * 2]!;
        grpprl = cb !== 0 ? page.subarray(b * 2 + 1, b * 2 + 2 * cb) : page.subarray(b * 2 + 2, b * 2 + 2 + 2 * (page[b * 2 + 1] ?? 0));
      }
      fn(start, end, grpprl);
    }
  }
}

/** Calls `fn` with each property modifier and where its operand starts ([MS-DOC] 2.2.5.1). */
function forEachSprm(grpprl: Buffer, from: number, budget: Budget, fn: (sprm: number, at: number) => void): void {
  let at = from;
  while (at + 2 <= grpprl.length) {
    if (++budget.sprms > DOC_LIMITS.maxSprms) throw tooComplex();
    const sprm = grpprl.readUInt16LE(at);
    at += 2;
    let size: number;
    switch (sprm >> 13) {
      case 2:
      case 4:
      case 5:
        size = 2;
        break;
      case 3:
        size = 4;
        break;
      case 7:
        size = 3;
        break;
      case 6:
        if (at >= grpprl.length) return;
        // sprmTDefTable counts its operand in two bytes; sprmPChgTabs with 255 has its own layout.
        if (sprm === 0xd608) size = at + 2 <= grpprl.length ? 1 + grpprl.readUInt16LE(at) : grpprl.length;
        else if (sprm === 0xc615 && grpprl[at] === 255) return;
        else size = 1 + grpprl[at]!;
        break;
      default:
        size = 1;
    }
    if (at + size > grpprl.length) return;
    fn(sprm, at);
    at += size;
  }
}

/** From a TDefTableOperand: which cells continue a vertical merge (TC80 fVertMerge without fVertRestart). */
function verticalContinuations(grpprl: Buffer, at: number): boolean[] | undefined {
  const cells = grpprl[at + 2];
  if (cells === undefined) return undefined;
  const tcs = at + 3 + (cells + 1) * 2;
  const out: boolean[] = [];
  for (let i = 0; i < cells; i++) {
    const off = tcs + i * 20;
    if (off + 2 > grpprl.length) break;
    const flags = grpprl.readUInt16LE(off);
    out.push((flags & 0x20) !== 0 && (flags & 0x40) === 0);
  }
  return out;
}

const MAX_FIELD_DEPTH = 64;

/** The main story as text runs and ends, fields reduced to their results, deleted text left out. */
function readBody(pieces: Piece[], ccpText: number, marks: Map<number, ParaMark>, deleted: [number, number][]): Piece2[] {
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
      while (d < deleted.length && deleted[d]![1] <= fc) d++;
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
  for (let k = from; k < deleted.length && deleted[k]![0] <= fc; k++) if (fc < deleted[k]![1]) return true;
  if (from > 0 && deleted[from - 1]![0] <= fc && fc < deleted[from - 1]![1]) return true;
  return false;
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

/**
 * word-extractor's OLE reader walks sector chains and directory trees as the file states them: a
 * cycle loops for ever, a stated size allocates it. These overrides hold every count to what a file
 * of this length can contain.
 */
class BoundedOleDoc extends OleCompoundDoc {
  constructor(
    reader: unknown,
    private readonly fileBytes: number,
  ) {
    super(reader);
  }

  override async _readHeader(): Promise<void> {
    if (this.fileBytes < 512) throw corrupt();
    await super._readHeader();
    const h = this._header;
    const sectors = Math.ceil(this.fileBytes / 512);
    if (
      (h.secSize !== 512 && h.secSize !== 4096) ||
      h.shortSecSize !== 64 ||
      !(h.SATSize >= 0 && h.SATSize <= sectors) ||
      !(h.SSATSize >= 0 && h.SSATSize <= sectors) ||
      !(h.MSATSize >= 0 && h.MSATSize <= sectors)
    ) {
      throw corrupt();
    }
  }

  override async _readSAT(): Promise<void> {
    await super._readSAT();
    boundChains(this._SAT, Math.ceil(this.fileBytes / this._header.secSize));
  }

  override async _readSSAT(): Promise<void> {
    await super._readSSAT();
    boundChains(this._SSAT, Math.ceil(this.fileBytes / 64));
  }

  override _readDirectoryTree(): Promise<void> {
    const tree = new BoundedDirectoryTree(this);
    this._directoryTree = tree;
    return tree.load(this._SAT.getSecIdChain(this._header.dirSecId)).then(() => {
      if (!tree.root) throw corrupt();
      this._rootStorage = new Storage(this, tree.root);
      this._shortStreamSecIds = this._SAT.getSecIdChain(tree.root.secId);
    });
  }
}

/** The directory is a red-black tree of entries by index: an index met twice is a cycle or a shared subtree. */
class BoundedDirectoryTree extends DirectoryTree {
  private readonly seen = new Set<number>();

  override _getChildIds(storageEntry: DirEntry): number[] {
    const ids: number[] = [];
    const stack = storageEntry.storageDirId > -1 ? [storageEntry.storageDirId] : [];
    while (stack.length) {
      const id = stack.pop()!;
      const entry = this._entries[id];
      if (!entry || this.seen.has(id)) throw corrupt();
      this.seen.add(id);
      ids.push(id);
      if (entry.left !== -1) stack.push(entry.left);
      if (entry.right !== -1) stack.push(entry.right);
    }
    return ids;
  }
}

function boundChains(table: { _table: number[]; getSecIdChain(start: number): number[] }, max: number): void {
  table.getSecIdChain = (start: number) => {
    const ids: number[] = [];
    for (let id = start; id >= 0; id = table._table[id] ?? -2) {
      if (ids.length >= max || id >= table._table.length) throw corrupt();
      ids.push(id);
    }
    return ids;
  };
}

export const extractDocFile = extractDoc;
