import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../shared/parse/pipeline';
import { DOCX_LIMITS } from '../../shared/parse/extract-docx';
import { layout } from '../support/document';
import { toDocx } from '../support/docx-writer';
import { toHtml, toText } from '../support/layouts';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { readSample } from '../support/fixtures';
import { dataDescriptorDocx, localHeaders } from '../support/zip-bomb';
import { labelSearchWork } from '../../shared/parse/label-index';

const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
const items = layout(report);
const MB = 1024 * 1024;

/** Patches the declared uncompressed size of every entry (local header and central directory). */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const b = Buffer.from(zip);
  for (let i = 0; i < b.length - 4; i++) {
    const sig = b.readUInt32LE(i);
    if (sig === 0x04034b50) b.writeUInt32LE(size, i + 22);
    if (sig === 0x02014b50) b.writeUInt32LE(size, i + 24);
  }
  return new Uint8Array(b);
}

const refusedWith = async (bytes: Uint8Array, code: string) => {
  const r = await parseReport(bytes);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error.code).toBe(code);
};

describe('zip bombs and hostile .docx are refused before they are expanded', () => {
  const bomb = new Uint8Array(DOCX_LIMITS.maxDocumentXmlBytes + MB); // zeros compress ~1000:1

  it('an honest header declaring a huge document.xml', async () => {
    const zip = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': bomb }, { level: 9 });
    expect(zip.length).toBeLessThan(200 * 1024);
    await refusedWith(zip, 'TOO_LARGE');
  });

  it('a lying header that declares 1 KB: inflation stops at the limit', async () => {
    const zip = lieAboutSizes(zipSync({ 'word/document.xml': bomb }, { level: 9 }), 1000);
    await refusedWith(zip, 'TOO_LARGE');
  });

  it('data descriptors (flag bit 3, zero sizes declared): refused by the bytes inflation produces, against the upload size', async () => {
    // A real report plus one paragraph that deflates ~1000:1; under the 32 MB cap, so only the
    // ratio of produced bytes to the upload's size can catch it.
    const zip = await dataDescriptorDocx(report, 30 * MB);
    expect(30 * MB).toBeLessThan(DOCX_LIMITS.maxDocumentXmlBytes);
    expect(zip.length).toBeLessThan(200 * 1024);
    expect(localHeaders(zip).every((h) => (h.flags & 8) !== 0 && h.size === 0 && h.compressed === 0)).toBe(true);
    await refusedWith(zip, 'TOO_LARGE');
  });

  it('the same file with an ordinary paragraph is still read', async () => {
    const r = await parseReport(await dataDescriptorDocx(report, 2000));
    expect(r.ok && r.report.tables).toEqual(report.tables);
  });

  it('thousands of entries', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < DOCX_LIMITS.maxEntries + 10; i++) files[`word/media/${i}.bin`] = new Uint8Array(1);
    files['word/document.xml'] = strToU8('<w:document/>');
    await refusedWith(zipSync(files, { level: 0 }), 'TOO_LARGE');
  });

  it('deeply nested XML in document.xml', async () => {
    const deep = `<w:document><w:body>${'<w:sdt>'.repeat(100_000)}${'</w:sdt>'.repeat(100_000)}</w:body></w:document>`;
    await refusedWith(zipSync({ 'word/document.xml': strToU8(deep) }, { level: 0 }), 'TOO_COMPLEX');
  });

  it('deeply nested HTML', async () => {
    await refusedWith(Buffer.from(`<html><body>${'<div>'.repeat(50_000)}x</body></html>`), 'TOO_COMPLEX');
  });
});

describe('lying content types and mixed encodings', () => {
  it('a .docx declared as text/plain is still read as Word, by its bytes', async () => {
    const r = await parseReport(await toDocx(items), { contentType: 'text/plain', filename: 'report.txt' });
    expect(r.ok && r.input.kind).toBe('docx');
    expect(r.ok && r.report).toEqual(report);
  });

  it('text declared as text/html is parsed as an HTML page without losing the report', async () => {
    const r = await parseReport(Buffer.from(toText(items, 'tabRows')), { contentType: 'text/html' });
    expect(r.ok).toBe(true);
    expect(r.ok && r.report.agency).toBe('北京市人民政府');
  });

  it('UTF-8 with a GB18030 passage inside decodes, and says so', async () => {
    const iconv = (await import('iconv-lite')).default;
    const text = toText(items, 'cellPerLine');
    const mixed = Buffer.concat([Buffer.from(text.slice(0, 2000)), iconv.encode('这一段是GBK编码。', 'gbk'), Buffer.from(text.slice(2000))]);
    const r = await parseReport(mixed);
    expect(r.messages.some((m) => m.code === 'DECODE_REPLACED')).toBe(true);
  });

  it('NUL bytes and lone surrogates do not break the parse', async () => {
    const text = toText(items, 'cellPerLine').replace('本机关认真贯彻', '本机关\u0000认真\ud800贯彻');
    const r = await parseReport(Buffer.from(text));
    expect(r.ok && r.report.tables).toEqual(report.tables);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0x00, 0xd8, 0x41, 0x00])]);
    const r16 = await parseReport(utf16);
    expect(r16.ok && r16.report.tables).toEqual(report.tables);
  });
});

describe('large inputs finish (bounded work, no catastrophic backtracking)', () => {
  // A safety net against hangs, not a speed claim: `npm run fuzz` measures and states the bound.
  const cases: [string, () => Uint8Array][] = [
    ['a 100,000-row table (text, tabs)', () => Buffer.from(`${toText(items, 'tabRows')}\n${'行政许可\t1\t2\t3\t4\t5\t6\t7\n'.repeat(100_000)}`)],
    ['a 1 MB single line', () => Buffer.from(`${toText(items, 'cellPerLine')}${'政'.repeat(350_000)}\n`)],
    ['5 MB of pipe rules', () => Buffer.from(`|${'-- |'.repeat(1_300_000)}x`)],
    ['5 MB of spaces and digits', () => Buffer.from(`一 ${'1 '.repeat(2_600_000)}a`)],
    ['5 MB of numbering', () => Buffer.from('(一)1.'.repeat(1_000_000))],
    [
      'a 100,000-row HTML table',
      () => Buffer.from(toHtml(items, report.title).replace('</tbody>', `${'<tr><td>行政许可</td><td>1</td><td>2</td></tr>'.repeat(100_000)}</tbody>`)),
    ],
    ['the sample repeated to 5 MB', () => Buffer.concat(Array.from({ length: 720 }, () => readSample()))],
    [
      'every table row a 20-digit run of its cells (split search is capped)',
      () => Buffer.from(toText(items, 'cellPerLine').replace(/(\n\t?[^\n\d]{2,}[^\n]*?)\n\t?\d+\n/g, '$1123456789123456789\n')),
    ],
  ];
  it.each(cases)(
    '%s',
    async (_name, make) => {
      const bytes = make();
      const r = await parseReport(bytes);
      expect(r.messages.filter((m) => m.code === 'INTERNAL')).toEqual([]);
    },
    20_000,
  );
});

describe('the table label search is linear in the tokens', () => {
  // A section 三 full of cells that are no row label: every row search used to rescan all of
  // them, ~40 scans of the whole document. Counted, not timed: the machine's speed does not matter.
  const junk = (cells: number) =>
    Buffer.from(
      [
        `${report.title}`,
        '三、收到和处理政府信息公开申请情况',
        '本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1',
        ...Array.from({ length: cells / 10 }, () => Array(10).fill('情况').join('\t')),
        '四、政府信息公开行政复议、行政诉讼情况',
      ].join('\n'),
    );
  const work = async (cells: number) => {
    labelSearchWork.visits = 0;
    const r = await parseReport(junk(cells));
    expect(r.ok).toBe(true);
    return labelSearchWork.visits;
  };

  it('visits each token a bounded number of times, however many rows are missing', async () => {
    // The large case stays under PARSE_LIMITS.maxCells, so it is read, not refused.
    const small = await work(15_000);
    const large = await work(150_000);
    // Three tables each index their range once: at most ~3 visits per cell, plus a constant.
    expect(large).toBeLessThan(3.5 * 150_000);
    expect(large - small).toBeLessThan(3.5 * 135_000);
  });
});
