import { Zip, ZipDeflate, strToU8, unzipSync } from 'fflate';
import type { Report } from '../../shared/model/report';
import { layout } from './document';
import { toDocx } from './docx-writer';
import { defined } from './defined';

/**
 * A real report's .docx, re-zipped as a streaming writer does: every local header has general-purpose
 * flag bit 3 and declares sizes of zero, the sizes following the data in a data descriptor. A long
 * paragraph of repeated text is added to the body, so the file is small and inflates enormously.
 */
export async function dataDescriptorDocx(report: Report, extraUtf8Bytes: number): Promise<Uint8Array> {
  const files = unzipSync(await toDocx(layout(report)));
  const xml = new TextDecoder().decode(defined(files['word/document.xml']));
  const at = xml.lastIndexOf('</w:body>');
  files['word/document.xml'] = strToU8(`${xml.slice(0, at)}<w:p><w:r><w:t>${'公开'.repeat(Math.round(extraUtf8Bytes / 6))}</w:t></w:r></w:p>${xml.slice(at)}`);
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const [name, data] of Object.entries(files)) {
    const entry = new ZipDeflate(name, { level: 9 });
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  return Buffer.concat(chunks);
}

/** Every local file header of a zip: its flags and declared sizes. */
export function localHeaders(zip: Uint8Array): { flags: number; compressed: number; size: number }[] {
  const b = Buffer.from(zip);
  const out = [];
  for (let i = 0; i + 30 <= b.length; i++) {
    if (b.readUInt32LE(i) === 0x04034b50) out.push({ flags: b.readUInt16LE(i + 6), compressed: b.readUInt32LE(i + 18), size: b.readUInt32LE(i + 22) });
  }
  return out;
}
