import { describe, expect, it } from 'vitest';
import { cellLabel, cellLabelText } from '../../shared/model/cell-labels';
import { DATA_COLUMNS } from '../../shared/archive/data-export';
import { renderDataPage } from '../../shared/site/data-page';
import { ALL_CELL_KEYS, formatCellKeys } from '../../shared/model/report-cells';
import { inspectHtml } from '../support/html-inspect';
import { defined } from '../support/defined';

describe('cell labels', () => {
  it('name a cell by table, row (with its merged group) and column, from keys.ts', () => {
    expect(cellLabelText('applications.newReceived.naturalPerson')).toBe('表三 一、本年新收政府信息公开申请数量 · 自然人');
    expect(cellLabelText('applications.denied.stateSecret.commercial')).toBe('表三 （三）不予公开 1.属于国家秘密 · 法人或其他组织 · 商业企业');
    expect(cellLabelText('reviewLitigation.suitAfterReview.pending')).toBe('表四 行政诉讼 · 复议后起诉 · 尚未审结');
    expect(cellLabelText('activeDisclosure.fees.amountWan')).toBe('表二 第二十条第（八）项 行政事业性收费 · 本年收费金额（单位：万元）');
    expect(cellLabelText('activeDisclosure.fees.change')).toBe('表二 第二十条第（八）项 行政事业性收费 · 本年增/减');
  });

  it('know which formats have a cell, and which are money or signed', () => {
    expect(defined(cellLabel('applications.granted.total')).formats).toEqual(['2021', '2019']);
    expect(defined(cellLabel('activeDisclosure.regulations.issued')).formats).toEqual(['2021']);
    expect(defined(cellLabel('applications.otherHandling.total.total')).formats).toEqual(['2019']);
    expect(defined(cellLabel('activeDisclosure.fees.amountWan')).decimal).toBe(true);
    expect(defined(cellLabel('activeDisclosure.punishment.change')).signed).toBe(true);
    expect(cellLabel('nonsense.key.here')).toBeUndefined();
  });

  it('label every cell key of both formats, each differently', () => {
    const labels = ALL_CELL_KEYS.map((k) => cellLabelText(k));
    expect(labels.filter((l, i) => l === ALL_CELL_KEYS[i])).toEqual([]);
    expect(new Set(labels).size).toBe(labels.length);
  });
});

describe('the data page', () => {
  const html = renderDataPage({
    years: [
      { year: 2023, reports: 1200 },
      { year: 2022, reports: 800 },
    ],
  });

  it('links each year’s CSV and JSON and the whole archive, with counts', () => {
    expect(html).toContain(
      '<tr><th scope="row">2023 年</th><td class="num">1,200</td><td><a href="/data/2023.csv" download>2023 年 CSV</a></td><td><a href="/data/2023.json">2023 年 JSON</a></td></tr>',
    );
    expect(html).toContain('<a href="/data/2022.csv" download>');
    expect(html).toContain('<a href="/data/all.csv" download>全部年度 CSV</a>');
    expect(html).toContain('<a href="/data/all.json">全部年度 JSON</a>');
    expect(html).toMatch(/全部年度<\/th><td class="num">2,000<\/td>/);
  });

  it('explains the BOM, blanks versus unread cells, and use', () => {
    expect(html).toContain('UTF-8 编码，开头带 BOM');
    expect(html).toMatch(/<strong>没读出<\/strong>[^<]*CSV 中也是空字段，但它的列名会列在 <code>unread<\/code> 列里；JSON 中是 <code>null<\/code>/);
    expect(html).toContain('空字段不等于 0');
    expect(html).toContain('请注明来源');
  });

  it('has a dictionary row for every download column, in file order', () => {
    const names = [...html.matchAll(/<tr><th scope="row"><code>([^<]+)<\/code><\/th>/g)].map((m) => m[1]);
    expect(names).toEqual([...DATA_COLUMNS]);
    expect(html).toContain(
      '<tr><th scope="row"><code>applications.newReceived.naturalPerson</code></th><td>表三 一、本年新收政府信息公开申请数量 · 自然人</td><td>整数</td><td>两种格式都有</td></tr>',
    );
    expect(html).toContain(
      '<code>activeDisclosure.regulations.issued</code></th><td>表二 第二十条第（一）项 规章 · 本年制发件数</td><td>整数</td><td>仅 2021 格式</td>',
    );
    expect(html).toContain(
      '<code>activeDisclosure.procurement.amount</code></th><td>表二 第二十条第（九）项 政府集中采购 · 采购总金额</td><td>数值（可有小数）</td><td>仅 2019 格式</td>',
    );
    expect(html).toMatch(/<code>unread<\/code><\/th><td>没能读出的格子/);
    // Every 2019-only key says so.
    const only2019 = formatCellKeys('2019').filter((k) => !formatCellKeys('2021').includes(k));
    for (const k of only2019) expect(html).toMatch(new RegExp(`<code>${k.replace(/\./g, '\\.')}</code></th><td>[^<]+</td><td>[^<]+</td><td>仅 2019 格式</td>`));
  });

  it('is accessible and small: one h1, captions, scoped headers, no inline style or script, under 100 KB', () => {
    const page = inspectHtml(html);
    expect(page.tags.filter((t) => t === 'h1')).toHaveLength(1);
    expect(page.tags.filter((t) => t === 'table').length).toBe(page.tags.filter((t) => t === 'caption').length);
    expect(html).not.toMatch(/<th(?=[\s>])(?![^>]*scope=)/);
    expect(html).not.toMatch(/\sstyle=|<script|\son\w+=/);
    expect(Buffer.byteLength(html)).toBeLessThan(100_000);
  });

  it('without reports, says so instead of an empty table', () => {
    const empty = renderDataPage({ years: [] });
    expect(empty).toContain('还没有可以下载的报告。');
    expect(empty).not.toContain('/data/all.csv');
  });
});
