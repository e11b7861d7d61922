import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DOCX_LIMITS } from '../../shared/parse/extract-docx';
import { parseReport } from '../../shared/parse/pipeline';
import { layout } from '../support/document';
import { toDocx } from '../support/docx-writer';
import { emptyElementsDocx, HOSTILE_DOCX } from '../support/hostile-pdfs';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { defined } from '../support/defined';

describe('30 MB of empty elements in document.xml is refused while it inflates', () => {
  it.each(HOSTILE_DOCX)('%s', async (_name, make) => {
    const bytes = make();
    // Small, and past the ratio check: only the element count can stop it.
    expect(bytes.length).toBeLessThan(400 * 1024);
    expect(defined(unzipSync(bytes)['word/document.xml']).length).toBeGreaterThan(29 * 1024 * 1024);
    const r = await parseReport(bytes);
    expect(r).toMatchObject({ ok: false, error: { code: 'TOO_COMPLEX' } });
    expect(!r.ok && r.error.message).toContain('1,000,000 个 XML 元素');
  });

  it('just under the bound is read (refused only as not a report)', async () => {
    // '<w:br/>' is one tag: 900,000 of them, under the million.
    const r = await parseReport(emptyElementsDocx('<w:br/>', 900_000 * 7));
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_A_REPORT' } });
  });

  it('a real report is far under it', async () => {
    const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
    const docx = await toDocx(layout(report));
    const tags = [...new TextDecoder().decode(unzipSync(docx)['word/document.xml'])].filter((c) => c === '<').length;
    expect(tags * 100).toBeLessThan(DOCX_LIMITS.maxTags);
    const r = await parseReport(docx);
    expect(r.ok && r.report.tables).toEqual(report.tables);
  });
});
