import { corruptDoc as corrupt } from './doc-container';
import { InputError } from './detect';

/**
 * The Word 97-2003 binary format ([MS-DOC]) as far as the reader needs it: the FIB, the piece table
 * (where each run of the main text lives, as 8-bit or UTF-16 characters), which paragraph marks end
 * a table cell or row (paragraph properties), and which text change tracking marked deleted
 * (character properties). Every count is checked against DOC_LIMITS before anything is built on it.
 */

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

export const tooComplex = () => new InputError('TOO_COMPLEX', 'Word（.doc）文件的文字或格式数据多得不像一份年度报告（超过正常年报的数百倍），已拒绝');

/** A run of the text: where it starts in the WordDocument stream, and its bytes per character. */
export interface Piece {
  startFilePos: number;
  bpc: 1 | 2;
  text: string;
}

export interface ParaMark {
  inTable: boolean;
  rowEnd: boolean;
  /** per cell of the row: a vertically merged continuation (docx drops these, so does this reader) */
  continuation?: boolean[];
}

export interface WordText {
  pieces: Piece[];
  /** characters of the main story; footnotes, headers and the rest follow it */
  ccpText: number;
  /** by the file position just past a paragraph's mark */
  marks: Map<number, ParaMark>;
  /** file position ranges deleted with change tracking on, sorted by start */
  deleted: [number, number][];
}

/** Reads the text and its marks from the WordDocument stream and the table stream the FIB names. */
export function readWordText(word: Buffer, streams: Map<string, Buffer>): WordText {
  if (word.length < 0x1aa) throw corrupt();
  const magic = word.readUInt16LE(0);
  if (magic === 0xa5dc) throw new InputError('UNSUPPORTED_FORMAT', '这是 Word 6.0/95 格式的旧文档，暂不支持：请在 Word 中另存为 .docx 后上传');
  if (magic !== 0xa5ec) throw corrupt();
  const flags = word.readUInt16LE(0x0a);
  // FIB fEncrypted: the text is encrypted or obfuscated, nothing readable without the password.
  if (flags & 0x0100) throw new InputError('ENCRYPTED', 'Word 文件设置了打开密码（已加密），无法读取：请取消密码后重新保存再上传');
  // fWhichTblStm: which of the two table streams is current.
  const table = streams.get(flags & 0x0200 ? '1Table' : '0Table');
  if (!table) throw corrupt();
  const ccpText = word.readUInt32LE(0x004c);
  if (ccpText > DOC_LIMITS.maxChars) throw tooComplex();
  return {
    pieces: readPieces(word, table),
    ccpText,
    marks: readParagraphMarks(word, table, streams.get('Data') ?? Buffer.alloc(0)),
    deleted: readDeletions(word, table),
  };
}

const cp1252 = new TextDecoder('windows-1252');

/** The piece table (Clx, [MS-DOC] 2.9.38): skips the property modifiers before it, bounds it, decodes each piece. */
function readPieces(word: Buffer, table: Buffer): Piece[] {
  let pos = word.readUInt32LE(0x01a2);
  const byte = (at: number) => {
    const b = table[at];
    if (b === undefined) throw corrupt();
    return b;
  };
  let prcs = 0;
  while (byte(pos) === 1) {
    if (++prcs > DOC_LIMITS.maxPieces || pos + 3 > table.length) throw corrupt();
    pos += 3 + table.readUInt16LE(pos + 1);
  }
  if (byte(pos) !== 2 || pos + 5 > table.length) throw corrupt();
  const size = table.readUInt32LE(pos + 1);
  pos += 5;
  const count = (size - 4) / 12;
  if (!Number.isInteger(count) || count < 1 || pos + size > table.length) throw corrupt();
  if (count > DOC_LIMITS.maxPieces) throw tooComplex();
  let chars = 0;
  for (let i = 0; i < count; i++) {
    const length = table.readUInt32LE(pos + (i + 1) * 4) - table.readUInt32LE(pos + i * 4);
    if (length > 0) chars += length;
  }
  if (chars > DOC_LIMITS.maxChars) throw tooComplex();
  const pieces: Piece[] = [];
  for (let i = 0; i < count; i++) {
    const length = table.readUInt32LE(pos + (i + 1) * 4) - table.readUInt32LE(pos + i * 4);
    // FcCompressed: bit 30 set means 8-bit text (cp1252) at half the stated offset, else UTF-16LE.
    const fc = table.readUInt32LE(pos + (count + 1) * 4 + i * 8 + 2);
    const compressed = (fc & 0x40000000) !== 0;
    const bpc = compressed ? 1 : 2;
    const startFilePos = compressed ? Math.floor((fc & ~0x40000000) / 2) : fc;
    const bytes = length > 0 ? word.subarray(startFilePos, startFilePos + length * bpc) : word.subarray(0, 0);
    pieces.push({ startFilePos, bpc, text: compressed ? cp1252.decode(bytes) : bytes.toString('utf16le') });
  }
  return pieces;
}

/** Which paragraph marks sit in a table and which end a row (sprmPFInTable, sprmPItap, sprmPFTtp). */
function readParagraphMarks(word: Buffer, table: Buffer, data: Buffer): Map<number, ParaMark> {
  const marks = new Map<number, ParaMark>();
  const budget = { runs: 0, sprms: 0 };
  forEachRun(word, table, word.readUInt32LE(0x0102), word.readUInt32LE(0x0106), 'pap', budget, (_start, end, grpprl) => {
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
          if (off + 2 > data.length) return;
          read(data.subarray(off + 2, off + 2 + data.readUInt16LE(off)), 0, true);
        }
      });
    read(grpprl, 2, false);
    if (mark.inTable || mark.rowEnd) marks.set(end, mark);
  });
  return marks;
}

/** sprmCFRMarkDel: text deleted with change tracking on is still in the file. */
function readDeletions(word: Buffer, table: Buffer): [number, number][] {
  const deleted: [number, number][] = [];
  const budget = { runs: 0, sprms: 0 };
  forEachRun(word, table, word.readUInt32LE(0x00fa), word.readUInt32LE(0x00fe), 'chp', budget, (start, end, grpprl) => {
    forEachSprm(grpprl, 0, budget, (sprm, at) => {
      if (sprm === 0x0800 && (grpprl[at] ?? 0) & 1) deleted.push([start, end]);
    });
  });
  return deleted.sort((a, b) => a[0] - b[0]);
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
    const crun = page.readUInt8(511);
    budget.runs += crun;
    if (budget.runs > DOC_LIMITS.maxRuns) throw tooComplex();
    for (let j = 0; j < crun; j++) {
      const start = page.readUInt32LE(j * 4);
      const end = page.readUInt32LE((j + 1) * 4);
      let grpprl: Buffer;
      if (kind === 'chp') {
        // An offset past the page (a hostile crun) names no properties, as an offset of 0 does.
        const b = page[(crun + 1) * 4 + j];
        if (b === undefined || b === 0) continue;
        grpprl = page.subarray(b * 2 + 1, b * 2 + 1 + page.readUInt8(b * 2));
      } else {
        const b = page[(crun + 1) * 4 + j * 13];
        if (!b) continue;
        const cb = page.readUInt8(b * 2);
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
        else size = 1 + grpprl.readUInt8(at);
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
