import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { looksLikeFileName } from '../../shared/parse/file-name-title';
import { parseReport } from '../../shared/parse/pipeline';

/** A scan as a copier writes it: one page without text, the Title left as the file it came from. */
async function scanTitled(title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const page = doc.addPage([595, 842]);
  page.drawRectangle({ x: 40, y: 600, width: 400, height: 200 });
  return doc.save();
}

describe('a metadata title that is a file name', () => {
  it('is never the report title of a scan: the title stays empty and the year comes from the upload name', async () => {
    const r = await parseReport(await scanTitled('scan.html'), { filename: '2022年报.pdf' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.tables).toBeNull();
    expect(r.report.title).toBe('');
    expect(r.report.year).toBe(2022);
  });

  it('a real title in the same place is kept', async () => {
    const r = await parseReport(await scanTitled('某县人民政府2021年政府信息公开工作年度报告'), { filename: 'scan.pdf' });
    expect(r.ok && r.report.title).toBe('某县人民政府2021年政府信息公开工作年度报告');
    expect(r.ok && r.report.year).toBe(2021);
  });

  it.each(['scan.html', '年报.DOCX', '新建 Microsoft Word 文档', 'Untitled', 'ｒｅｐｏｒｔ．ｐｄｆ'])('%s looks like a file name', (t) => {
    expect(looksLikeFileName(t)).toBe(true);
  });

  it.each(['北京市人民政府2022年政府信息公开工作年度报告', '2022年度报告（修订版）'])('%s does not', (t) => {
    expect(looksLikeFileName(t)).toBe(false);
  });
});
