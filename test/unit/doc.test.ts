import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../shared/parse/pipeline';
import { fixturePath } from '../support/fixtures';
import { mutatedDocs } from '../support/doc-mutations';
import { buildFromRecipe, type DocRecipe } from '../support/make-doc-fixtures';
import { defined } from '../support/defined';

const FIXTURES = ['beijing-2022-2021-format', 'shanghai-2020-2019-format'];
const load = (name: string) => ({
  bytes: readFileSync(fixturePath(`doc/${name}.doc`)),
  recipe: JSON.parse(readFileSync(fixturePath(`doc/${name}.json`), 'utf8')) as DocRecipe,
});

// How long these take is the bench's to say (`npm run bench hostile`); a hang fails by the test timeout.
const refusedWith = async (bytes: Uint8Array) => {
  const r = await parseReport(bytes, { filename: 'report.doc' });
  expect(r.ok).toBe(false);
  if (r.ok) return undefined;
  expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
  return r.error.code;
};

/** The sector a stream's directory entry is named in: UTF-16LE, as the OLE directory stores names. */
function renameStream(bytes: Buffer, from: string, to: string): Buffer {
  const out = Buffer.from(bytes);
  const at = out.indexOf(Buffer.from(from, 'utf16le'));
  expect(at).toBeGreaterThan(0);
  out.fill(0, at, at + 64);
  out.write(to, at, 'utf16le');
  out.writeUInt16LE((to.length + 1) * 2, at + 64);
  return out;
}

/** The WordDocument stream starts a sector with the FIB's magic number 0xA5EC. */
function fibOffset(bytes: Buffer): number {
  for (let at = 512; at < bytes.length; at += 512) if (bytes.readUInt16LE(at) === 0xa5ec) return at;
  throw new Error('no FIB');
}

describe('Word 97-2003 (.doc) converted by LibreOffice from a report built here', () => {
  it.each(FIXTURES)('%s: every cell, the agency, the year and the format', async (name) => {
    const { bytes, recipe } = load(name);
    const expected = buildFromRecipe(recipe);
    const r = await parseReport(bytes, { filename: `${name}.doc` });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input).toEqual({ kind: 'doc', encoding: 'doc' });
    expect(r.report.agency).toBe(recipe.agency);
    expect(r.report.year).toBe(recipe.year);
    expect(r.report.format).toBe(recipe.format);
    expect(r.report.tables).toEqual(expected.tables);
    expect(r.report).toEqual(expected);
    expect(r.messages).toEqual([]);
  });

  it('the bytes decide: a .doc sent as text/plain is still read as Word', async () => {
    const { bytes, recipe } = load(defined(FIXTURES[0]));
    const r = await parseReport(bytes, { contentType: 'text/plain', filename: 'report.txt' });
    expect(r.ok && r.report.agency).toBe(recipe.agency);
  });
});

describe('a .doc that cannot be read is a coded error, never a crash or a hang', () => {
  const { bytes } = load(defined(FIXTURES[0]));

  it.each([0.9, 0.5, 0.2, 0.05])('truncated to %s of its length → CORRUPT_DOC', async (share) => {
    expect(await refusedWith(bytes.subarray(0, Math.floor(bytes.length * share)))).toBe('CORRUPT_DOC');
  });

  it('a bare OLE header → CORRUPT_DOC', async () => {
    expect(await refusedWith(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('CORRUPT_DOC');
  });

  it('a piece table pointing past the table stream → CORRUPT_DOC', async () => {
    const out = Buffer.from(bytes);
    out.writeUInt32LE(0x7fffff00, fibOffset(out) + 0x1a2);
    expect(await refusedWith(out)).toBe('CORRUPT_DOC');
  });

  it('a sector chain that loops → CORRUPT_DOC', async () => {
    const out = Buffer.from(bytes);
    const satSector = out.readInt32LE(76);
    const sat = (satSector + 1) * 512;
    for (let i = 0; i < 128; i++) out.writeInt32LE(i % 2 === 0 ? i + 1 : i - 1, sat + i * 4);
    expect(await refusedWith(out)).toBe('CORRUPT_DOC');
  });

  it('the FIB says encrypted → ENCRYPTED', async () => {
    const out = Buffer.from(bytes);
    const fib = fibOffset(out);
    out.writeUInt16LE(out.readUInt16LE(fib + 0x0a) | 0x0100, fib + 0x0a);
    expect(await refusedWith(out)).toBe('ENCRYPTED');
  });

  it('an OLE file holding a spreadsheet, not Word → UNSUPPORTED_FORMAT naming Excel', async () => {
    const r = await parseReport(renameStream(bytes, 'WordDocument', 'Workbook'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(r.error.message).toContain('Excel');
  });

  it('a password-protected Office file (EncryptedPackage) → ENCRYPTED', async () => {
    expect(await refusedWith(renameStream(bytes, 'WordDocument', 'EncryptedPackage'))).toBe('ENCRYPTED');
  });

  it('Word 6.0/95 → UNSUPPORTED_FORMAT saying to save as .docx', async () => {
    const out = Buffer.from(bytes);
    out.writeUInt16LE(0xa5dc, fibOffset(out));
    const r = await parseReport(out);
    expect(!r.ok && r.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(!r.ok && r.error.message).toContain('.docx');
  });

  it('200 files with random bytes, words and sector ids overwritten: each a report or a coded error', async () => {
    for (const out of mutatedDocs(bytes, 200)) {
      const r = await parseReport(out);
      expect(r.messages.filter((m) => m.code === 'INTERNAL')).toEqual([]);
      if (!r.ok) expect(['CORRUPT_DOC', 'TOO_COMPLEX', 'UNSUPPORTED_FORMAT', 'ENCRYPTED', 'NOT_A_REPORT']).toContain(r.error.code);
    }
  }, 60_000);
});
