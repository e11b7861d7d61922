import { describe, expect, it } from 'vitest';
import { checkReport } from '../../shared/check/check-report';
import { applicationRows } from '../../shared/model/keys';
import fc from 'fast-check';
import { reviewTotalsHold, rowTotalHolds, splitRuns, splitSummedRuns } from '../../shared/parse/digit-runs';
import { parseReport } from '../../shared/parse/pipeline';
import { defined } from '../support/defined';

describe('splitRuns', () => {
  it('cuts a run into n numbers without leading zeros, and never across pieces', () => {
    expect(splitRuns(['693'], 3, () => true).found).toEqual([[6, 9, 3]]);
    // 693665 into three: many ways; written as separate pieces 69 | 3665 only the second can be cut.
    expect(splitRuns(['693665'], 3, () => true).count).toBe(10);
    expect(splitRuns(['69', '3665'], 3, () => true).found).toEqual([
      [6, 9, 3665],
      [69, 3, 665],
      [69, 36, 65],
      [69, 366, 5],
    ]);
    expect(splitRuns(['0052'], 2, () => true).count).toBe(0);
  });

  it('keeps only the splits the row total allows', () => {
    // 52|1|0|0|0|0|53 is the one split of this run whose 总计 is the sum of the six.
    expect(splitRuns(['521000053'], 7, rowTotalHolds).found).toEqual([[52, 1, 0, 0, 0, 0, 53]]);
    // 11|0|0|0|0|0|11 and 1|10|0|0|0|0|11: the row alone cannot tell them apart.
    expect(splitRuns(['110000011'], 7, rowTotalHolds).found).toEqual([
      [1, 10, 0, 0, 0, 0, 11],
      [11, 0, 0, 0, 0, 0, 11],
    ]);
    expect(splitRuns(['10200120000000000'], 15, reviewTotalsHold).found).toEqual([[10, 2, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]);
  });

  it("finds a table 三 row's splits by reading its total first: the same splits, and long runs too", () => {
    const sorted = (s: { found: number[][] }) => s.found.map((c) => c.join(',')).sort();
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9]{1,6}$/), { minLength: 1, maxLength: 4 }), (pieces) => {
        const plain = splitRuns(pieces, 7, rowTotalHolds, 100_000);
        fc.pre(!plain.exhausted);
        const summed = splitSummedRuns(pieces, 7, 100_000);
        expect([summed.count, sorted(summed)]).toEqual([plain.count, sorted(plain)]);
      }),
      { numRuns: 300 },
    );
    // 22 digits: the plain search gives up; reading the total first answers, and every split it gives adds up.
    const long = '4475315145893293852795';
    expect(splitRuns([long], 7, rowTotalHolds).exhausted).toBe(true);
    const one = splitSummedRuns([long], 7);
    expect(one.exhausted).toBe(false);
    expect(one.found.every((c) => rowTotalHolds(c) && c.join('') === long)).toBe(true);
  });

  it('is bounded: a 200-digit run is not searched', () => {
    expect(splitRuns(['1'.repeat(200)], 7, () => true)).toEqual({ found: [], count: 0, exhausted: false });
  });
});

/**
 * A 2021-format report as a crawler's text export prints it: every table row's cells ran into
 * its label. The figures (written by hand, consistent): 自然人 52 new, 30 granted, 4 partly,
 * `notHeld` cells, 45/44 handled; one 商业企业 application granted.
 */
function runTogether(rows: { granted: string; notHeld: string; totalHandled: string; carriedForward: string; review: string }): string {
  const zeros = '0000000';
  return [
    '北京市某某区某某局2022年政府信息公开工作年度报告',
    '一、总体情况',
    '2022年，本局认真贯彻落实《条例》。',
    '二、主动公开政府信息情况',
    '第二十条第（一）项',
    '信息内容',
    '本年制发件数',
    '本年废止件数',
    '现行有效件数',
    '规章000',
    '行政规范性文件693665',
    '第二十条第（五）项',
    '行政许可',
    '5',
    '第二十条第（六）项',
    '行政处罚',
    '3',
    '行政强制',
    '0',
    '第二十条第（八）项',
    '行政事业性收费',
    '0',
    '三、收到和处理政府信息公开申请情况',
    '一、本年新收政府信息公开申请数量521000053',
    `二、上年结转政府信息公开申请数量${zeros}`,
    '三、本年度办理结果',
    `（一）予以公开${rows.granted}`,
    '（二）部分公开（区分处理的，只计这一情形，不计其他情形）4000004',
    '（三）不予公开',
    ...[
      '1.属于国家秘密',
      '2.其他法律行政法规禁止公开',
      '3.危及“三安全一稳定”',
      '4.保护第三方合法权益',
      '5.属于三类内部事务信息',
      '6.属于四类过程性信息',
      '7.属于行政执法案卷',
      '8.属于行政查询事项',
    ].map((l) => l + zeros),
    '（四）无法提供',
    `1.本机关不掌握相关政府信息${rows.notHeld}`,
    ...['2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确'].map((l) => l + zeros),
    '（五）不予处理',
    ...['1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请', '5.要求行政机关确认或重新出具已获取信息'].map(
      (l) => l + zeros,
    ),
    '（六）其他处理',
    ...[
      '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      '3.其他',
    ].map((l) => l + zeros),
    `（七）总计${rows.totalHandled}`,
    `四、结转下年度继续办理${rows.carriedForward}`,
    '四、政府信息公开行政复议、行政诉讼情况',
    '行政复议',
    '行政诉讼',
    '结果维持',
    '结果纠正',
    '其他结果',
    '尚未审结',
    '总计',
    rows.review,
    '五、存在的主要问题及改进情况',
    '信息公开的及时性有待提高。',
    '六、其他需要报告的事项',
    '本年度未收取信息处理费。',
  ].join('\n');
}

const applications = (r: Awaited<ReturnType<typeof parseReport>>) => {
  if (!r.ok || r.report.format !== '2021' || !r.report.tables) throw new Error('a 2021 report with tables was expected');
  return r.report.tables;
};
const seven = (...v: number[]) => ({
  naturalPerson: { value: v[0] },
  commercial: { value: v[1] },
  research: { value: v[2] },
  publicInterest: { value: v[3] },
  legalService: { value: v[4] },
  otherOrg: { value: v[5] },
  total: { value: v[6] },
});

describe('a report whose table cells all ran together', () => {
  const consistent = { granted: '301000031', notHeld: '110000011', totalHandled: '451000046', carriedForward: '7000007', review: '10200120000000000' };

  it('splits each row where the arithmetic leaves one split, the ambiguous row by the column totals', async () => {
    const r = await parseReport(Buffer.from(runTogether(consistent)));
    const t = applications(r);
    expect(t.applications.newReceived).toEqual(seven(52, 1, 0, 0, 0, 0, 53));
    expect(t.applications.granted).toEqual(seven(30, 1, 0, 0, 0, 0, 31));
    // 1|10|… fits its own row too; only 11|0|… makes 自然人 30+4+11 = 45 handled.
    expect(t.applications.unavailable.notHeld).toEqual(seven(11, 0, 0, 0, 0, 0, 11));
    expect(t.applications.totalHandled).toEqual(seven(45, 1, 0, 0, 0, 0, 46));
    expect(t.applications.denied.stateSecret).toEqual(seven(0, 0, 0, 0, 0, 0, 0));
    expect(t.reviewLitigation.review).toEqual({
      upheld: { value: 10 },
      corrected: { value: 2 },
      other: { value: 0 },
      pending: { value: 0 },
      total: { value: 12 },
    });
    expect(t.activeDisclosure.regulations).toEqual({ issued: { value: 0 }, repealed: { value: 0 }, inForce: { value: 0 } });
    // One summary per table for the rows split; only the row left unread (表二's 693665) has its own warning.
    const summaries = r.messages.filter((m) => m.code === 'RUN_TOGETHER_SPLIT');
    expect(summaries.map((m) => [m.level, m.message.slice(0, 2), m.cells?.length])).toEqual([
      ['info', '表二', 3],
      ['info', '表三', applicationRows('2021').length * 7],
      ['info', '表四', 15],
    ]);
    expect(defined(summaries[1]).message).toContain(`有 ${applicationRows('2021').length} 行的数字连在了一起`);
    expect(r.messages.filter((m) => m.code === 'RUN_TOGETHER').map((m) => m.cells)).toEqual([
      ['issued', 'repealed', 'inForce'].map((column) => ({ table: 'activeDisclosure', row: 'normativeDocuments', column })),
    ]);
  });

  it('leaves a 表二 run with several splits unknown, keeping the run, and says so', async () => {
    const r = await parseReport(Buffer.from(runTogether(consistent)));
    const docs = applications(r).activeDisclosure.normativeDocuments;
    expect(docs).toEqual({ issued: { value: null, raw: '693665' }, repealed: { value: null, raw: '693665' }, inForce: { value: null, raw: '693665' } });
    expect(defined(r.messages.find((m) => m.code === 'RUN_TOGETHER' && m.message.includes('693665'))).message).toContain('按未读出处理');
  });

  it('is not "passed": the unread 表二 row makes it unchecked, and no error is invented', async () => {
    const c = await checkReport(Buffer.from(runTogether(consistent)));
    expect(c.checked).toBe(false);
    expect(c.unread).toEqual([{ table: 'activeDisclosure', rows: ['normativeDocuments'] }]);
    expect(defined(c.findings).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('still finds a real arithmetic error: the only split left by the column totals breaks its row total', async () => {
    // 予以公开 总计 written 32 where 30 + 1 = 31: no split satisfies the row, the columns fix 30|1|0|0|0|0.
    const c = await checkReport(
      Buffer.from(runTogether({ ...consistent, granted: '301000032', notHeld: '100000010', totalHandled: '441000045', carriedForward: '8000008' })),
    );
    expect(c.ok).toBe(false);
    const t = c.report?.format === '2021' ? c.report.tables : null;
    expect(t?.applications.granted).toEqual(seven(30, 1, 0, 0, 0, 0, 32));
    expect(defined(c.findings).filter((f) => f.rule === 'T3_ROW_TOTAL')).toMatchObject([{ row: 'granted', expected: 31, actual: 32 }]);
  });

  it('a row no split fits and no column fixes is unknown, and the report says it could not be verified', async () => {
    // 表四: 10|2|0|0|13 cannot add up in any split.
    const c = await checkReport(Buffer.from(runTogether({ ...consistent, review: '10200130000000000' })));
    const t = c.report?.format === '2021' ? c.report.tables : null;
    expect(t?.reviewLitigation.review.total).toEqual({ value: null, raw: '10200130000000000' });
    expect(c.checked).toBe(false);
    expect(defined(defined(c.findings).find((f) => f.rule === 'UNCHECKED')).message).toContain('表四');
    expect(defined(c.findings).filter((f) => f.rule === 'T4_GROUP_TOTAL')).toEqual([]);
  });
});
