import { describe, expect, it } from 'vitest';
import type { ApplicationRowKey } from '../../shared/model/keys';
import type { Report, Tables2019, Tables2021 } from '../../shared/model/report';
import { applicationRow, tablesOf } from '../../shared/model/table-access';
import { currentFindings } from '../../shared/archive/stored-documents';
import type { Finding } from '../../shared/model/findings';
import { DERIVED_RULE_IDS, validate } from '../../shared/rules/validate';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { defined } from '../support/defined';

const clone = <T>(x: T): T => structuredClone(x);
const base = () => buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
function t(r: Report): Tables2021 {
  if (r.format !== '2021' || !r.tables) throw new Error('a 2021-format report with tables was expected');
  return r.tables;
}
function t19(r: Report): Tables2019 {
  if (r.format !== '2019' || !r.tables) throw new Error('a 2019-format report with tables was expected');
  return r.tables;
}
const app = (r: Report, key: ApplicationRowKey) => applicationRow(defined(tablesOf(r)).tables, key);
const rules = (r: Report, previous?: Report) => validate(r, previous ? { previous } : {});

describe('table arithmetic (errors)', () => {
  it('T3_BALANCE names the column and both sums, as a clerk reads them', () => {
    const r = base();
    // Set 自然人 to the docs/format.md example: 第一项+第二项=5, 第三项+第四项=4.
    app(r, 'newReceived').naturalPerson = { value: 3 };
    app(r, 'carriedOver').naturalPerson = { value: 2 };
    app(r, 'carriedForward').naturalPerson = { value: 4 - defined(defined(app(r, 'totalHandled').naturalPerson).value) };
    const f = rules(r).find((x) => x.rule === 'T3_BALANCE');
    expect(f).toMatchObject({ severity: 'error', table: 'applications', column: 'naturalPerson', expected: 5, actual: 4 });
    expect(defined(f).message).toContain('表三 自然人 列：第一项+第二项=5，第三项+第四项=4');
  });

  it('T3_ROW_TOTAL flags the row whose 总计 is not the sum of the six applicant columns', () => {
    const r = base();
    app(r, 'denied.stateSecret').total = { value: defined(defined(app(r, 'denied.stateSecret').total).value) + 1 };
    const found = rules(r).filter((f) => f.rule === 'T3_ROW_TOTAL');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ row: 'denied.stateSecret', column: 'total' });
    expect(defined(found[0]).message).toContain('（三）不予公开 1.属于国家秘密');
  });

  it('T3_RESULT_TOTAL flags a column whose （七）总计 differs from the result rows', () => {
    const r = base();
    const row = app(r, 'otherHandling.other');
    row.research = { value: defined(defined(row.research).value) + 2 };
    row.total = { value: defined(defined(row.total).value) + 2 };
    const found = rules(r).filter((f) => f.rule === 'T3_RESULT_TOTAL');
    expect(found.map((f) => [f.column, (defined(f.expected) as number) - (f.actual as number)])).toEqual([
      ['research', 2],
      ['total', 2],
    ]);
  });

  it('T4_GROUP_TOTAL checks each of the three groups', () => {
    const r = base();
    defined(t(r).reviewLitigation.suitAfterReview).pending = { value: 9 };
    const found = rules(r).filter((f) => f.rule === 'T4_GROUP_TOTAL');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ row: 'suitAfterReview', column: 'total' });
  });

  it('NON_NEGATIVE rejects negative and fractional counts but allows 2019 本年增/减 and 收费金额', () => {
    const r = base();
    defined(t(r).activeDisclosure.licensing).decisions = { value: -1 };
    defined(t(r).activeDisclosure.punishment).decisions = { value: 1.5 };
    defined(t(r).activeDisclosure.fees).amountWan = { value: 12.75 };
    const found = rules(r).filter((f) => f.rule === 'NON_NEGATIVE');
    expect(found.map((f) => f.row)).toEqual(['licensing', 'punishment']);
    const r2019 = buildReport('2019', 2020, '上海市人民政府', distinctNumbers('2019'));
    expect(t19(r2019).activeDisclosure.licensing.change.value).toBeLessThan(0);
    expect(rules(r2019)).toEqual([]);
  });

  it('counts "/" and blank cells as 0', () => {
    const r = base();
    for (const row of ['newReceived', 'carriedOver', 'totalHandled', 'carriedForward', 'granted', 'partiallyGranted'] as const) {
      app(r, row).legalService = { value: null, raw: '/' };
    }
    // Whatever the rules say about the "/" version, they say about the same table with zeros.
    const zero = clone(r);
    for (const row of ['newReceived', 'carriedOver', 'totalHandled', 'carriedForward', 'granted', 'partiallyGranted'] as const)
      app(zero, row).legalService = { value: 0 };
    expect(rules(zero).length).toBeGreaterThan(0);
    expect(rules(r)).toEqual(rules(zero));
  });
});

describe('text and year (warnings)', () => {
  it('TEXT_TABLE compares figures stated in the text with the tables', () => {
    const r = base();
    const received = defined(defined(app(r, 'newReceived').total).value);
    r.sections.applications = `本年度共收到政府信息公开申请${received + 3}件，办结${defined(defined(app(r, 'totalHandled').total).value)}件。`;
    const found = rules(r).filter((f) => f.rule === 'TEXT_TABLE');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', row: 'newReceived', expected: received, actual: received + 3 });
  });

  it('YEAR_MISMATCH compares the title year with the statistics period', () => {
    const r = base();
    r.preamble = '本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。';
    expect(rules(r).filter((f) => f.rule === 'YEAR_MISMATCH')).toMatchObject([{ expected: 2022, actual: 2021 }]);
    r.preamble = '本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。';
    expect(rules(r).filter((f) => f.rule === 'YEAR_MISMATCH')).toEqual([]);
  });

  it('FORMAT_YEAR warns when the detected format does not fit the year', () => {
    const r = buildReport('2019', 2022, '上海市人民政府', distinctNumbers('2019'));
    expect(rules(r).map((f) => f.rule)).toEqual(['FORMAT_YEAR']);
  });

  it('PLAUSIBILITY: a district body reporting 规章', () => {
    const r = base();
    r.agency = '北京市密云区科学技术委员会';
    const found = rules(r).filter((f) => f.rule === 'PLAUSIBILITY');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ table: 'activeDisclosure', row: 'regulations' });
  });
});

describe('cross-year rules run only with the previous report', () => {
  it('CARRY_OVER: last year carried forward = this year carried over', () => {
    const prev = base();
    prev.year = 2021;
    const now = base();
    expect(rules(now).some((f) => f.rule === 'CARRY_OVER')).toBe(false);
    // distinctNumbers carries forward [1,1,0,0,0,0] and over [2,0,1,0,0,1]: they differ.
    const found = rules(now, prev).filter((f) => f.rule === 'CARRY_OVER');
    expect(found.map((f) => f.column)).toEqual(['naturalPerson', 'commercial', 'research', 'otherOrg', 'total']);
  });

  it('STOCK_FLOW: inForce(N) = inForce(N−1) + issued − repealed', () => {
    const prev = base();
    const now = base();
    const docs = defined(t(now).activeDisclosure.normativeDocuments);
    docs.inForce = {
      value:
        defined(defined(defined(t(prev).activeDisclosure.normativeDocuments).inForce).value) +
        defined(defined(docs.issued).value) -
        defined(defined(docs.repealed).value),
    };
    const regs = defined(t(now).activeDisclosure.regulations);
    regs.inForce = {
      value:
        defined(defined(defined(t(prev).activeDisclosure.regulations).inForce).value) +
        defined(defined(regs.issued).value) -
        defined(defined(regs.repealed).value) +
        1,
    };
    expect(
      rules(now, prev)
        .filter((f) => f.rule === 'STOCK_FLOW')
        .map((f) => f.row),
    ).toEqual(['regulations']);
  });

  it('BOILERPLATE: the same narrative as last year, figures changed; a rewritten one is not', () => {
    const prev = base();
    prev.sections.overview =
      '2021年，本机关坚持以公开为常态、不公开为例外，全年主动公开政府信息1234条。围绕优化营商环境，集中公开涉企政策86项，' +
      '对32件重要政策文件开展图文解读。完善依申请公开工作机制，规范受理、审查、答复流程，全年办理申请57件，均在法定期限内答复。' +
      '加强政府网站集约化建设，更新栏目设置，提升检索功能，方便群众查找信息。';
    prev.sections.problems = '信息公开的及时性、解读的针对性仍有不足。下一步将加强业务培训，完善考核机制，推动政务公开提质增效。';
    prev.sections.other = '本年度未收取信息处理费。本机关建议提案办理结果均已按规定公开，人大代表建议和政协提案的答复全文在门户网站发布。';
    const now = clone(prev);
    now.sections.overview = prev.sections.overview.replace(/\d+/g, '99');
    const found = rules(now, prev).filter((f) => f.rule === 'BOILERPLATE');
    expect(found).toHaveLength(1);
    expect(defined(found[0]).actual).toMatch(/^约 (9\d|100)% 相同$/);
    now.sections.overview = '今年我们新建了依申请公开办理系统，全流程网上留痕，答复时限平均缩短到九个工作日。政策解读改为图解和短视频。';
    now.sections.problems = '一是基层单位的公开目录更新慢，二是复议纠错的案件暴露出答复说理不充分。明年将逐月通报，并请法律顾问审核答复书。';
    now.sections.other = '没有收取信息处理费。';
    expect(rules(now, prev).filter((f) => f.rule === 'BOILERPLATE')).toHaveLength(0);
  });
});

describe('honest verdicts: unread cells are unknown, never 0', () => {
  it('an equation with an unread cell is skipped, and the report is UNCHECKED rather than passed', () => {
    const r = base();
    // 自然人 本年新收 not read (a short row): counting it 0 would break T3_BALANCE and T3_ROW_TOTAL.
    app(r, 'newReceived').naturalPerson = { value: null };
    const found = rules(r);
    expect(found.filter((f) => f.severity === 'error')).toEqual([]);
    expect(found.map((f) => f.rule)).toEqual(['UNCHECKED']);
    expect(found[0]).toMatchObject({ severity: 'warning', table: 'applications' });
    expect(defined(found[0]).message).toContain('“一、本年新收政府信息公开申请数量”');
  });

  it('a written "/" is still counted 0: the report stays checked', () => {
    const r = base();
    app(r, 'granted').legalService = { value: null, raw: '/' };
    expect(rules(r).map((f) => f.rule)).not.toContain('UNCHECKED');
  });

  it('a 2021 report without tables is UNCHECKED; a scanned PDF is told what to upload', () => {
    const r = { ...base(), tables: null };
    const [f] = rules(r);
    expect(f).toMatchObject({ rule: 'UNCHECKED', severity: 'warning' });
    expect(defined(f).message).toContain('表二');
    const scanned = validate(r, { messages: [{ level: 'warning', code: 'IMAGE_ONLY', message: '图片' }] });
    expect(scanned.map((x) => x.rule)).toEqual(['UNCHECKED']);
    expect(defined(scanned[0]).message).toContain('请上传 Word 或网页（HTML）版本，或由 Word 直接导出的 PDF');
  });

  it('a 总计 column left blank on every row is one finding, not one per row', () => {
    const r = base();
    const rows = ['granted', 'partiallyGranted', 'denied.stateSecret', 'denied.prohibitedByLaw', 'unavailable.notHeld', 'notProcessed.complaint'] as const;
    for (const key of rows) app(r, key).total = { value: null, raw: '' };
    const found = rules(r).filter((f) => f.rule === 'T3_ROW_TOTAL');
    expect(found).toHaveLength(1);
    expect(defined(found[0]).message).toContain(`“总计”一列有 ${rows.length} 行空白`);
  });

  it('a （七）总计 row left blank is one finding, not one per column', () => {
    const r = base();
    for (const c of ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'] as const)
      app(r, 'totalHandled')[c] = { value: null, raw: '' };
    const byRule = (id: string) => rules(r).filter((f) => f.rule === id);
    expect(byRule('T3_RESULT_TOTAL')).toHaveLength(1);
    expect(byRule('T3_BALANCE')).toHaveLength(1);
    expect(defined(byRule('T3_BALANCE')[0]).message).toContain('“（七）总计”一行全部空白');
  });
});

describe('TEXT_TABLE reads the phrasings agencies use', () => {
  const textFindings = (sentence: string) => {
    const r = base();
    r.sections.applications = sentence;
    return rules(r).filter((f) => f.rule === 'TEXT_TABLE');
  };
  const total = (r: Report, key: ApplicationRowKey) => defined(defined(app(r, key).total).value);
  const r0 = base();
  const received = total(r0, 'newReceived');
  const handled = total(r0, 'totalHandled');
  const granted = total(r0, 'granted') + total(r0, 'partiallyGranted');
  const unavailable = total(r0, 'unavailable.notHeld') + total(r0, 'unavailable.needsCreation') + total(r0, 'unavailable.unclear');

  it('accepts sentences that agree with the table', () => {
    expect(textFindings(`本年度共受理 ${received} 件，全部办结，办结${handled}件。其中予以公开及部分公开${granted}件，无法提供${unavailable}件。`)).toEqual([]);
  });

  it.each([
    ['受理', `本年度受理政府信息公开申请${received + 1}件。`, 'newReceived', received],
    ['办结', `办结${handled + 2}件。`, 'totalHandled', handled],
    ['予以公开及部分公开', `予以公开及部分公开${granted - 1}件。`, 'granted', granted],
    ['无法提供', `无法提供${unavailable + 3}件。`, 'unavailable.notHeld', unavailable],
  ])('finds a %s figure that contradicts the table', (_what, sentence, row, inTable) => {
    expect(textFindings(sentence)).toMatchObject([{ severity: 'warning', table: 'applications', row, expected: inTable }]);
  });

  it('“行政复议…件、行政诉讼…件，均获维持” is checked against 结果维持', () => {
    // distinctNumbers: 复议 1+2+0+1 = 4 (维持 1); 诉讼 0+1+1+0 and 2+0+0+1 = 5 (维持 0 + 2).
    const r = base();
    r.sections.reviewLitigation = '本年度发生政府信息公开行政复议4件、行政诉讼5件，均获维持。';
    const found = rules(r).filter((f) => f.rule === 'TEXT_TABLE');
    expect(found).toMatchObject([{ table: 'reviewLitigation', column: 'upheld', expected: 3, actual: 9 }]);
    r.sections.reviewLitigation = '本年度发生政府信息公开行政复议5件、行政诉讼5件。';
    expect(rules(r).filter((f) => f.rule === 'TEXT_TABLE')).toMatchObject([{ row: 'review', expected: 4, actual: 5 }]);
  });
});

describe('the derived rules come from the rule modules', () => {
  it('are the cross-year rules, BOILERPLATE across agencies and LATE', () => {
    expect([...DERIVED_RULE_IDS].sort()).toEqual(['BOILERPLATE', 'CARRY_OVER', 'LATE', 'PLAUSIBILITY', 'STOCK_FLOW']);
  });

  it('a stored derived finding gives way to the derived record; the upload’s own checks stay', () => {
    const own: Finding[] = [
      { rule: 'T3_BALANCE', severity: 'error', message: '表三不平衡' },
      { rule: 'CARRY_OVER', severity: 'error', message: '旧的结转比较', expected: 1, actual: 2 },
      { rule: 'LATE', severity: 'warning', message: '旧的逾期判断' },
    ];
    const late: Finding = { rule: 'LATE', severity: 'warning', message: '晚于法定期限' };
    const derived = { version: 2, findings: [late] } as Parameters<typeof currentFindings>[2];
    expect(currentFindings(own, 2, derived).map((f) => f.message)).toEqual(['表三不平衡', '晚于法定期限']);
    expect(currentFindings(own, 1, derived)).toEqual(own);
  });
});
