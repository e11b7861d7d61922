import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageSchema } from '../../shared/model/findings';
import type { Report } from '../../shared/model/report';
import { applicationRows } from '../../shared/model/keys';
import { compact } from '../../shared/parse/normalize';
import { parseReport } from '../../shared/parse/pipeline';
import { cutRows } from '../../shared/parse/row-segments';
import { allCells, isUnknown } from '../../shared/model/table-access';
import { countyNumbersArb, consistent } from '../support/county-numbers';
import { layout } from '../support/document';
import { toRunTogetherText } from '../support/run-together';
import { buildReport, type Numbers } from '../support/sample-reports';
import { defined } from '../support/defined';

/** The text shapes county CMS exports make of a table whose cell borders were lost. */
const SHAPES: Record<string, (text: string) => string> = {
  'one row per line': (t) => t,
  'the header in one line': (t) =>
    t.replace('自然人法人或其他组织总计\n商业企业科研机构社会公益组织法律服务机构其他', '自然人商业企业科研机构社会公益组织法律服务机构其他总计'),
  'no numbering before the sub-rows': (t) => t.replace(/(不予公开|无法提供|不予处理|其他处理)1\./g, '$1').replace(/^\d\.(?=\D)/gm, ''),
  'the whole of table 三 on one line': (t) => {
    const lines = t.split('\n');
    const a = lines.findIndex((l) => l.startsWith('（本列数据'));
    const b = lines.findIndex((l) => l.startsWith('四、结转'));
    return [...lines.slice(0, a), lines.slice(a, b + 1).join(''), ...lines.slice(b + 1)].join('\n');
  },
  'tab-indented lines': (t) => t.replace(/^(?=.*\d{7}$)/gm, '\t'),
};

const report = (format: '2021' | '2019', nums: Numbers) => buildReport(format, format === '2021' ? 2022 : 2020, '某县人民政府', nums);

/** Table 三's cells: how many the parse read, and any read as another number than printed. */
function compare(printed: Report, parsed: Report) {
  if (printed.format === 'pre2019' || !printed.tables || parsed.format !== printed.format || !parsed.tables) throw new Error('tables expected');
  const want = allCells(printed.format, printed.tables).filter((c) => c.table === 'applications');
  const got = allCells(printed.format, parsed.tables).filter((c) => c.table === 'applications');
  const wrong = got.filter((g, i) => g.cell.value !== null && g.cell.value !== want[i]?.cell.value);
  return { read: got.filter((g) => g.cell.value !== null).length, total: want.length, wrong: wrong.map((w) => `${w.row}/${w.column}`) };
}

/** Lines from the one starting with `first` up to (not including) the one starting with `next`, joined into one. */
const joinLines = (text: string, first: string, next: string) => {
  const lines = text.split('\n');
  const a = lines.findIndex((l) => l.startsWith(first));
  const b = lines.findIndex((l, i) => i > a && l.startsWith(next));
  return [...lines.slice(0, a), lines.slice(a, b).join(''), ...lines.slice(b)].join('\n');
};

describe('cutting a line of several rows', () => {
  const rows = applicationRows('2021');

  it('cuts at the labels when only runs and numbering stand between them', () => {
    const line = compact('一、本年新收政府信息公开申请数量801000081二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开501000051');
    expect(cutRows(line, rows)?.map((p) => p.text)).toEqual([
      '一、',
      '本年新收政府信息公开申请数量801000081',
      '上年结转政府信息公开申请数量0000000',
      '予以公开501000051',
    ]);
    // The next row's number is not part of the run before it: "…0000000" + "2." of "2.其他…".
    const numbered = compact('1.属于国家秘密00000002.其他法律行政法规禁止公开1000001');
    expect(cutRows(numbered, rows)?.map((p) => p.text)).toEqual(['1.', '属于国家秘密0000000', '其他法律行政法规禁止公开1000001']);
  });

  it('leaves a sentence whole: words between the labels, or too few digits for seven cells', () => {
    expect(cutRows(compact('本年新收政府信息公开申请数量80件，上年结转政府信息公开申请数量0件'), rows)).toBeUndefined();
    expect(cutRows(compact('予以公开5部分公开3'), rows)).toBeUndefined();
  });
});

describe('a county CMS text whose table cells ran together', () => {
  it("the brief's row: 一、本年新收政府信息公开申请数量801000081 is 80, 1, 0, 0, 0, 0, 81", async () => {
    const nums = defined(fc.sample(countyNumbersArb('2021').filter(consistent), { numRuns: 1, seed: 3 })[0]);
    // Handled 80 + 1 with nothing carried: 本年新收 is then 80 and 1.
    const zero = [0, 0, 0, 0, 0, 0];
    for (const k of Object.keys(nums.results)) nums.results[k] = zero;
    nums.results.granted = [70, 1, 0, 0, 0, 0];
    nums.results['unavailable.notHeld'] = [10, 0, 0, 0, 0, 0];
    nums.carriedOver = zero;
    nums.carriedForward = zero;
    const r = report('2021', nums);
    const text = toRunTogetherText(layout(r));
    expect(text).toContain('\n一、本年新收政府信息公开申请数量801000081\n');
    const parsed = await parseReport(Buffer.from(text));
    const t = parsed.ok && parsed.report.format === '2021' ? parsed.report.tables : null;
    expect(t?.applications).toEqual(r.format === '2021' ? r.tables?.applications : null);
    expect(t?.applications.newReceived.naturalPerson).toEqual({ value: 80 });
  });

  it.each(Object.keys(SHAPES))('%s: no cell is read wrong, and four fifths of table 三 or more is read', async (shape) => {
    let read = 0;
    let total = 0;
    const samples = fc.sample(fc.tuple(fc.constantFrom('2021' as const, '2019' as const), countyNumbersArb('2021')), { numRuns: 12, seed: 5 });
    for (const [format, raw] of samples) {
      const nums = defined(fc.sample(countyNumbersArb(format).filter(consistent), { numRuns: 1, seed: defined(raw.carriedOver[0]) + 1 })[0]);
      const r = report(format, nums);
      const parsed = await parseReport(Buffer.from(defined(SHAPES[shape])(toRunTogetherText(layout(r)))));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const c = compare(r, parsed.report);
      expect(c.wrong).toEqual([]);
      read += c.read;
      total += c.total;
      for (const m of parsed.messages) expect(MessageSchema.parse(m)).toEqual(m);
    }
    expect(read / total).toBeGreaterThanOrEqual(0.8);
  });

  it('a report with an arithmetic error: no split is bent to hide it, no cell is read wrong', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('2021' as const, '2019' as const).chain((f) => fc.tuple(fc.constant(f), countyNumbersArb(f).filter(consistent))),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        async ([format, nums], pick, delta) => {
          const r = report(format, nums);
          if (r.format === 'pre2019' || !r.tables) return;
          const cells = allCells(r.format, r.tables).filter((c) => c.table === 'applications');
          const cell = defined(cells[pick % cells.length]).cell;
          cell.value = (cell.value ?? 0) + delta;
          const parsed = await parseReport(Buffer.from(toRunTogetherText(layout(r))));
          expect(parsed.ok && compare(r, parsed.report).wrong).toEqual([]);
        },
      ),
      { numRuns: 25, seed: 9 },
    );
  });

  it('says once per table how many rows it split, and names each row it left unread with its cells', async () => {
    // 自然人 figures in the tens spread over every row: some rows have several splits.
    const nums = defined(fc.sample(countyNumbersArb('2021').filter(consistent), { numRuns: 1, seed: 21 })[0]);
    const r = report('2021', nums);
    const parsed = await parseReport(Buffer.from(toRunTogetherText(layout(r))));
    if (!parsed.ok || parsed.report.format !== '2021' || !parsed.report.tables) throw new Error('tables expected');
    const summaries = parsed.messages.filter((m) => m.code === 'RUN_TOGETHER_SPLIT' && m.message.startsWith('表三'));
    expect(summaries).toHaveLength(1);
    expect(defined(summaries[0]).level).toBe('info');
    const unreadRows = new Set(
      allCells('2021', parsed.report.tables)
        .filter((c) => c.table === 'applications' && isUnknown(c.cell))
        .map((c) => c.row),
    );
    const perRow = parsed.messages.filter((m) => m.code === 'RUN_TOGETHER' && m.message.startsWith('表三'));
    expect(new Set(perRow.flatMap((m) => m.cells?.map((c) => c.row) ?? []))).toEqual(unreadRows);
    const splitRows = new Set(defined(summaries[0]).cells?.map((c) => c.row));
    expect(defined(summaries[0]).message).toContain(`有 ${splitRows.size} 行`);
    for (const row of splitRows) expect(unreadRows.has(row)).toBe(false);
  });

  it("表二 on one line, and 表四's header run into its data row, are read as the model has them", async () => {
    const nums = defined(fc.sample(countyNumbersArb('2021').filter(consistent), { numRuns: 1, seed: 8 })[0]);
    nums.disclosure.licensing = [11];
    nums.review[0] = [2, 1, 0, 0];
    const r = report('2021', nums);
    let text = joinLines(toRunTogetherText(layout(r)), '第二十条第（一）项', '三、收到和处理');
    text = joinLines(text, '行政复议行政诉讼', '五、存在的主要问题');
    expect(text).toContain('现行有效件数规章');
    expect(text).toMatch(/尚未审结总计21003\d{10}\n/);
    const parsed = await parseReport(Buffer.from(text));
    const t = parsed.ok && parsed.report.format === '2021' ? parsed.report.tables : null;
    expect(t?.activeDisclosure).toEqual(r.format === '2021' ? r.tables?.activeDisclosure : null);
    expect(t?.reviewLitigation).toEqual(r.tables?.reviewLitigation);
  });

  it('表二 rows of one cell run into their label are read ("行政许可11"), as is 表四\'s row', async () => {
    const nums = defined(fc.sample(countyNumbersArb('2021').filter(consistent), { numRuns: 1, seed: 4 })[0]);
    nums.disclosure.licensing = [11];
    nums.disclosure.punishment = [203];
    nums.review = [
      [1, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    const r = report('2021', nums);
    const text = toRunTogetherText(layout(r));
    expect(text).toContain('\n行政许可11\n');
    const parsed = await parseReport(Buffer.from(text));
    const t = parsed.ok && parsed.report.format === '2021' ? parsed.report.tables : null;
    expect(t?.activeDisclosure.licensing).toEqual({ decisions: { value: 11 } });
    expect(t?.activeDisclosure.punishment).toEqual({ decisions: { value: 203 } });
    expect(t?.activeDisclosure.fees).toEqual(r.format === '2021' ? r.tables?.activeDisclosure.fees : null);
    expect(t?.reviewLitigation).toEqual(r.tables?.reviewLitigation);
  });
});
