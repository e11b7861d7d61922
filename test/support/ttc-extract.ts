/**
 * One font out of a TrueType collection (.ttc) as a standalone .ttf: Chromium takes no .ttc in
 * `@font-face`, and the corpus prints CMS pages in a TrueType 宋体/黑体 as a Windows desktop does,
 * so the PDFs embed CID TrueType subsets rather than the Type 3 glyphs of a CFF font.
 */
export function ttcFont(ttc: Uint8Array, index = 0): Uint8Array {
  const b = Buffer.from(ttc.buffer, ttc.byteOffset, ttc.byteLength);
  if (b.toString('latin1', 0, 4) !== 'ttcf') return ttc;
  const off = b.readUInt32BE(12 + 4 * index);
  const numTables = b.readUInt16BE(off + 4);
  const headerLength = 12 + 16 * numTables;
  const header = Buffer.from(b.subarray(off, off + headerLength));
  const parts: Buffer[] = [header];
  let pos = headerLength;
  for (let i = 0; i < numTables; i++) {
    const entry = off + 12 + 16 * i;
    const offset = b.readUInt32BE(entry + 8);
    const length = b.readUInt32BE(entry + 12);
    // Table offsets in a collection count from the file's start; in a .ttf from the font's.
    header.writeUInt32BE(pos, 12 + 16 * i + 8);
    const padded = Buffer.alloc((length + 3) & ~3);
    b.copy(padded, 0, offset, offset + length);
    parts.push(padded);
    pos += padded.length;
  }
  return new Uint8Array(Buffer.concat(parts));
}
