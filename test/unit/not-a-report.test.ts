import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../shared/parse/pipeline';
import { readSample } from '../support/fixtures';

const bytes = (...b: number[]) => new Uint8Array(b);
const refused = async (input: Uint8Array, opts = {}) => {
  const r = await parseReport(input, opts);
  expect(r.ok).toBe(false);
  return r.ok ? undefined : r.error;
};

describe('input that is not a report gets a clear error, never a crash', () => {
  it.each([
    ['an empty file', new Uint8Array(0), 'EMPTY'],
    ['a PNG image', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), 'UNSUPPORTED_FORMAT'],
    ['a JPEG image', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46), 'UNSUPPORTED_FORMAT'],
    ['a broken PDF', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), 'CORRUPT_PDF'],
    ['a bare OLE (old .doc) header', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'CORRUPT_DOC'],
    ['a zip that is not Word', zipSync({ 'a.txt': Buffer.from('hello') }), 'UNSUPPORTED_FORMAT'],
    ['a truncated .docx', zipSync({ 'word/document.xml': Buffer.from('<w:document/>') }).subarray(0, 40), 'CORRUPT_DOCX'],
    ['binary junk', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 32), 'NOT_TEXT'],
    ['an unrelated text', Buffer.from('今天天气很好。\n我们去公园散步。\n'), 'NOT_A_REPORT'],
    ['an unrelated web page', Buffer.from('<html><body><h1>欢迎</h1><p>这是首页。</p></body></html>'), 'NOT_A_REPORT'],
  ])('%s', async (_name, input, code) => {
    const error = await refused(input);
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a truncated report still parses what is there and says what is missing', async () => {
    const sample = readSample();
    const r = await parseReport(sample.subarray(0, Math.floor(sample.length * 0.6)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.agency).toBe('北京市密云区科学技术委员会');
    const codes = r.messages.map((m) => m.code);
    expect(codes).toContain('SECTION_NOT_FOUND');
    expect(codes).toContain('TRUNCATED');
    expect(codes).toContain('ROW_NOT_FOUND');
  });

  it('a report saved as GB18030 but declared UTF-8 by its content type is still read', async () => {
    const iconv = (await import('iconv-lite')).default;
    const gb = iconv.encode(readSample().toString('utf8'), 'gb18030');
    const r = await parseReport(gb, { contentType: 'text/plain; charset=utf-8' });
    expect(r.ok && r.report.agency).toBe('北京市密云区科学技术委员会');
    expect(r.messages.map((m) => m.code)).toContain('CHARSET_MISMATCH');
  });
});
