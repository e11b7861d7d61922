import { describe, expect, it } from 'vitest';
import { statusText } from '../../shared/site/feeds';
import { statusHtml, statusWords } from '../../shared/site/layout';
import { renderFindings } from '../../shared/site/plain-findings';
import { displayTitle, looksLikeFileName } from '../../shared/archive/report-title';
import { summary } from '../support/site-pages';

describe('status words', () => {
  it('says 通过校验 only when every table was read and there is no error, counting the reminders after it', () => {
    expect(statusWords({ errors: 0, warnings: 0, checked: true, format: '2021' })).toBe('通过校验');
    expect(statusWords({ errors: 0, warnings: 2, checked: true, format: '2021' })).toBe('通过校验（2 条提醒）');
    expect(statusWords({ errors: 1, warnings: 2, checked: true, format: '2021' })).toBe('1 个错误，2 个提醒');
    expect(statusWords({ errors: 0, warnings: 1, checked: false, format: '2021' })).toBe('未能校验（1 条提醒）');
    expect(statusWords({ errors: 3, warnings: 1, checked: false, format: '2019' })).toBe('3 个错误，1 个提醒，未能校验');
    for (const s of [
      { errors: 1, warnings: 0, checked: true },
      { errors: 0, warnings: 1, checked: false },
      { errors: 0, warnings: 0, checked: true, format: 'pre2019' },
    ]) {
      expect(statusWords(s)).not.toContain('通过校验');
    }
  });

  it('says an old-format report’s tables were never checked, never 通过校验', () => {
    expect(statusWords({ errors: 0, warnings: 0, checked: true, format: 'pre2019' })).toBe('旧格式，表格未校验');
    expect(statusWords({ errors: 0, warnings: 1, checked: true, format: 'pre2019' })).toBe('旧格式，表格未校验（1 条提醒）');
    expect(statusWords({ errors: 1, warnings: 0, checked: true, format: 'pre2019' })).toBe('1 个错误，旧格式，表格未校验');
    // A pre-2019 format on a later year is a report whose tables were not found: not read, not "old".
    expect(statusWords({ errors: 0, warnings: 1, checked: false, format: 'pre2019' })).toBe('未能校验（1 条提醒）');
    expect(statusHtml({ errors: 0, warnings: 0, checked: true, format: 'pre2019' })).toContain('st-warn');
    expect(statusHtml({ errors: 0, warnings: 0, checked: true, format: '2021' })).toContain('st-ok');
  });

  it('the feed says the same', () => {
    expect(statusText(summary({ format: 'pre2019', year: 2017 }))).toContain('旧格式，表格未校验');
    expect(statusText(summary({ format: 'pre2019', year: 2017 }))).not.toContain('校验通过');
    expect(statusText(summary({ warnings: 1 }))).toContain('表格校验通过');
  });

  it('an old-format report without findings is not “校验结果：通过”', () => {
    const html = renderFindings([], { format: 'pre2019' });
    expect(html).toContain('旧格式，表格未校验');
    expect(html).not.toContain('校验结果：通过');
    expect(renderFindings([], { format: '2021' })).toContain('校验结果：通过');
  });
});

describe('report titles on the site', () => {
  it('never shows a file name as the title', () => {
    for (const t of [
      'scan.html',
      '2023年报.docx',
      'report.PDF',
      '新建 Microsoft Word 文档',
      '新建Microsoft Word 文档 (2)',
      'index.shtml',
      '无标题',
      'Untitled',
    ]) {
      expect(looksLikeFileName(t), t).toBe(true);
      expect(displayTitle({ title: t, agencyName: '平潭综合实验区管理委员会', year: 2023 })).toBe('平潭综合实验区管理委员会2023年政府信息公开工作年度报告');
    }
    expect(displayTitle({ title: '', agencyName: '某局', year: 2022 })).toBe('某局2022年政府信息公开工作年度报告');
  });

  it('keeps a real title, including one that mentions a document', () => {
    for (const t of ['北京市密云区科学技术委员会2022年政府信息公开工作年度报告', '关于印发2022年度报告的通知（附件：年报.pdf 已上传）下载']) {
      expect(displayTitle({ title: t, agencyName: '某局', year: 2022 })).toBe(t);
    }
  });
});
