import { readFileSync } from 'node:fs';
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../shared/parse/detect';
import { CONTAINER_LIMITS, readContainer } from '../../shared/parse/doc-container';
import { fixturePath } from '../support/fixtures';
import { defined } from '../support/defined';

const fixture = () => readFileSync(fixturePath('doc/beijing-2022-2021-format.doc'));

/** A compound file written by cfb itself: one stream above the mini-stream cutoff, one below. */
function written(bigSectors = 40): Buffer {
  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, 'WordDocument', Buffer.alloc(512 * bigSectors, 0x61));
  CFB.utils.cfb_add(container, 'small', Buffer.from('小流'));
  return Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array);
}

const codeOf = (bytes: Buffer) => {
  try {
    readContainer(bytes);
    return 'read';
  } catch (err) {
    return err instanceof InputError ? err.code : `uncoded: ${String(err)}`;
  }
};

const fatEntry = (b: Buffer, id: number) => (b.readInt32LE(0x4c) + 1) * 512 + id * 4;
const dirEntry = (b: Buffer, i: number) => (b.readInt32LE(0x30) + 1) * 512 + i * 128;

/** The sectors of the chain starting at `start`, as the FAT links them. */
function chain(b: Buffer, start: number): number[] {
  const out: number[] = [];
  for (let id = start; id >= 0; id = b.readInt32LE(fatEntry(b, id))) out.push(id);
  return out;
}

describe('the compound file around a .doc, checked before cfb reads it', () => {
  it('reads every root stream of a file cfb wrote, large and small, at its stated length', () => {
    const streams = readContainer(written());
    expect(streams.get('WordDocument')?.length).toBe(512 * 40);
    expect(streams.get('small')?.toString()).toBe('小流');
  });

  it('reads the streams of a .doc LibreOffice wrote', () => {
    const streams = readContainer(fixture());
    expect([...streams.keys()]).toEqual(expect.arrayContaining(['WordDocument', '1Table', 'Data']));
    expect(defined(streams.get('WordDocument')).readUInt16LE(0)).toBe(0xa5ec);
  });

  it('two chains that merge into one → CORRUPT_DOC', () => {
    const b = fixture();
    const word = chain(b, b.readInt32LE(dirEntry(b, 0) + 116));
    const other = b.readInt32LE(dirEntry(b, 3) + 116);
    const last = defined(chain(b, other).at(-1));
    b.writeInt32LE(defined(word[1]), fatEntry(b, last));
    expect(codeOf(b)).toBe('CORRUPT_DOC');
  });

  it('a directory whose links lead back to an entry already met → CORRUPT_DOC', () => {
    const b = fixture();
    // Entry 2 is a sibling under entry 1; its right link back to 1 would make cfb follow parents in a circle.
    b.writeInt32LE(1, dirEntry(b, 2) + 72);
    expect(codeOf(b)).toBe('CORRUPT_DOC');
  });

  it.each([
    ['a stream no link reaches', 2, -1],
    ['an empty entry that still links to another', 0, 1],
  ])('%s → CORRUPT_DOC', (_name, type, child) => {
    const b = fixture();
    // Entry 5's right link is the only way to entry 7 (the second directory sector's last entry).
    const second = (defined(chain(b, b.readInt32LE(0x30))[1]) + 1) * 512;
    expect(b.readInt32LE(second + 128 + 72)).toBe(7);
    b.writeInt32LE(-1, second + 128 + 72);
    b[second + 3 * 128 + 66] = type;
    b.writeInt32LE(child, second + 3 * 128 + 76);
    expect(codeOf(b)).toBe('CORRUPT_DOC');
  });

  it('the same entry left out of the tree but emptied as the spec says is read', () => {
    const b = fixture();
    const second = (defined(chain(b, b.readInt32LE(0x30))[1]) + 1) * 512;
    b.writeInt32LE(-1, second + 128 + 72);
    b.fill(0, second + 3 * 128, second + 4 * 128);
    for (const at of [68, 72, 76]) b.writeInt32LE(-1, second + 3 * 128 + at);
    expect(codeOf(b)).toBe('read');
  });

  it('a long chain linked backwards, which cfb would rebuild from each of its sectors → CORRUPT_DOC', () => {
    const b = written(400);
    const entry = defined([0, 1, 2, 3].map((i) => dirEntry(b, i)).find((at) => b.subarray(at, at + 24).toString('utf16le') === 'WordDocument'));
    const ids = chain(b, b.readInt32LE(entry + 116));
    expect(ids.length).toBe(400);
    // The same bytes, stored in reverse: logical sector k in ids[n-1-k], each linking to the one before it.
    const sectors = ids.map((id) => Buffer.from(b.subarray((id + 1) * 512, (id + 2) * 512)));
    const n = ids.length;
    sectors.forEach((s, k) => {
      s.copy(b, (defined(ids[n - 1 - k]) + 1) * 512);
    });
    for (let k = 0; k < n; k++) b.writeInt32LE(k === n - 1 ? -2 : defined(ids[n - 2 - k]), fatEntry(b, defined(ids[n - 1 - k])));
    b.writeInt32LE(defined(ids[n - 1]), entry + 116);
    // Walking it from every sector is n²/2 sectors, past the bound of a few walks of the file.
    expect((n * n) / 2).toBeGreaterThan(CONTAINER_LIMITS.chainWalkPerSector * (b.length / 512) + 64);
    expect(codeOf(b)).toBe('CORRUPT_DOC');
  });

  it('a chain that runs past the end of the file → CORRUPT_DOC', () => {
    const b = written();
    const sectors = Math.ceil(b.length / 512) - 1;
    b.writeInt32LE(sectors + 5, fatEntry(b, 0));
    expect(codeOf(b)).toBe('CORRUPT_DOC');
  });
});
