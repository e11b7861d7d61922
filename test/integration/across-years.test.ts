import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/findings';
import { ADMIN, client, freshArchive } from '../support/local';
import { layout } from '../support/document';
import { toText } from '../support/layouts';
import { buildReport, distinctNumbers, type Numbers } from '../support/sample-reports';
import { defined } from '../support/defined';

/**
 * The archive re-derives what depends on other reports (the year before and after, the same year's
 * other reports) and on dates, whenever one of them changes, against real local DynamoDB and S3.
 */

const OVERVIEW_A =
  '本年度，本局坚持以人民为中心的发展思想，把政务公开作为建设法治政府的重要抓手。围绕教育改革发展的重点任务，' +
  '及时公开招生入学政策、学校布局调整、教育经费使用和校园安全管理等信息，主动回应社会关切。建立健全信息发布审核机制，' +
  '对拟公开的信息逐条进行保密审查和合法性审查，确保发布内容准确规范。完善依申请公开办理流程，明确受理、登记、' +
  '审核、答复各环节的时限和责任人，提高答复质量。加强政府网站和政务新媒体建设，开设政策解读专栏，' +
  '通过图解、问答等形式解读重要政策文件，方便群众理解和办事。';
const PROBLEMS_A =
  '一是部分科室对政务公开工作重视程度不够，信息更新不够及时；二是政策解读形式还比较单一，' +
  '解读的针对性和通俗性有待加强；三是工作人员业务能力参差不齐。下一步，本局将加强业务培训，' +
  '健全考核评价机制，丰富政策解读形式，推动政务公开工作提质增效。';
const OVERVIEW_B =
  '本年度，区市场监督管理局围绕优化营商环境，重点公开市场主体登记注册、食品药品安全抽检、' +
  '特种设备检验和价格监督检查结果。依托企业信用信息公示系统，归集公示行政许可和行政处罚信息，' +
  '推动信用监管。对消费投诉举报的处理情况按季度进行统计分析并向社会通报。组织开展计量、标准化' +
  '和知识产权保护宣传周活动，在官方网站发布消费警示和典型案例，引导经营者依法诚信经营。';
const PROBLEMS_B =
  '存在的问题主要是基层所信息报送不够规范，部分公开事项的目录需要进一步细化。今后将统一信息报送模板，' + '定期检查更新公开目录，并把政务公开纳入年度绩效考核。';

function numbers(carriedOver: number[], carriedForward: number[]): Numbers {
  return { ...distinctNumbers('2021'), carriedOver, carriedForward };
}

/** A report as an agency publishes it: title, a 发布日期 line when given, the six sections and the tables. */
function reportText(opts: { agency: string; year: number; nums?: Numbers; overview?: string; problems?: string; published?: string }): Buffer {
  const format = opts.year >= 2021 ? '2021' : '2019';
  const nums = opts.nums ?? { ...distinctNumbers(format) };
  const report = buildReport(format, opts.year, opts.agency, nums, { overview: opts.overview, problems: opts.problems });
  const text = toText(layout(report, { titleOnOneLine: true }), 'tabRows');
  return Buffer.from(opts.published ? `发布日期：${opts.published}\n${text}` : text);
}

describe('across years and across agencies, derived after every commit', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  const tokens: Record<string, string> = {};
  const AGENCIES = [
    { id: 'tianhe-edu', name: '广州市天河区教育局', region: '440106', level: '区县' },
    { id: 'tianhe-scjg', name: '广州市天河区市场监督管理局', region: '440106', level: '区县' },
    { id: 'yuexiu-edu', name: '广州市越秀区教育局', region: '440104', level: '区县' },
    { id: 'gz-gov', name: '广州市人民政府', region: '440100', level: '地市' },
    { id: 'liwan-edu', name: '广州市荔湾区教育局', region: '440103', level: '区县' },
  ];

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    for (const a of AGENCIES) {
      const r = await call('POST', '/v1/agencies', { token: ADMIN, json: a });
      expect(r.status, r.text).toBe(201);
      tokens[a.id] = r.json.token;
    }
  });
  afterAll(() => archive.close());

  const upload = async (agency: string, body: Buffer) => {
    const r = await call('POST', '/v1/reports?strict=false', { token: tokens[agency], body, type: 'text/plain' });
    expect([200, 201], r.text).toContain(r.status);
    return r.json as { version: number; findings: Finding[] };
  };
  const current = async (agency: string, year: number) => {
    const r = await call('GET', `/v1/reports/${agency}/${year}`);
    expect(r.status, r.text).toBe(200);
    return r.json as { version: number; findings: Finding[]; derived: { previous: { year: number; version: number } | null; daysLate: number } | null };
  };
  const rules = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);

  it('a year arriving late puts CARRY_OVER on the later report, without a new version of it', async () => {
    // 2021 says 5 natural-person applications were carried over from 2020; 2020, uploaded later, carried forward 3.
    await upload(
      'tianhe-edu',
      reportText({ agency: '广州市天河区教育局', year: 2021, nums: numbers([5, 0, 1, 0, 0, 1], [1, 1, 0, 0, 0, 0]), published: '2022-01-20' }),
    );
    expect(rules((await current('tianhe-edu', 2021)).findings, 'CARRY_OVER')).toEqual([]);

    const stored2020 = await upload(
      'tianhe-edu',
      reportText({
        agency: '广州市天河区教育局',
        year: 2020,
        nums: { ...distinctNumbers('2019'), carriedOver: [0, 0, 0, 0, 0, 0], carriedForward: [3, 0, 1, 0, 0, 1] },
        published: '2021-01-25',
      }),
    );
    expect(stored2020.version).toBe(1);

    const later = await current('tianhe-edu', 2021);
    expect(later.version).toBe(1);
    const carry = rules(later.findings, 'CARRY_OVER');
    // Per applicant column: 自然人 and 总计 disagree (5 against 3, 7 against 5), the other columns agree.
    expect(carry.map((f) => f.column)).toEqual(['naturalPerson', 'total']);
    expect(carry[0]).toMatchObject({
      table: 'applications',
      row: 'carriedOver',
      column: 'naturalPerson',
      expected: 3,
      actual: 5,
      against: { agency: 'tianhe-edu', year: 2020, version: 1, table: 'applications', row: 'carriedForward', column: 'naturalPerson' },
    });
    expect(later.derived?.previous).toEqual({ year: 2020, version: 1 });
    const versions = await call('GET', '/v1/reports/tianhe-edu/2021/versions');
    expect(versions.json.versions).toHaveLength(1);

    // The site's page of 2021 shows the finding and links the report it compared with.
    const page = await call('GET', '/reports/tianhe-edu/2021');
    expect(page.text).toContain('上年结转');
    expect(page.text).toContain('href="/reports/tianhe-edu/2020?version=1"');
  });

  it('a correction of the year before that mends the carry-over clears the finding on the year after', async () => {
    await upload(
      'tianhe-edu',
      reportText({
        agency: '广州市天河区教育局',
        year: 2020,
        nums: { ...distinctNumbers('2019'), carriedOver: [0, 0, 0, 0, 0, 0], carriedForward: [5, 0, 1, 0, 0, 1] },
        published: '2021-01-25',
      }),
    );
    const after = await current('tianhe-edu', 2021);
    expect(rules(after.findings, 'CARRY_OVER')).toEqual([]);
    expect(after.derived?.previous).toEqual({ year: 2020, version: 2 });
  });

  it('withdrawing the year before takes its comparison away', async () => {
    const r = await call('POST', '/v1/reports/tianhe-edu/2020/versions/2/withdraw', { token: ADMIN, json: { reason: '误传了他人材料' } });
    expect(r.status, r.text).toBe(200);
    // Version 1 of 2020 is public again, and its carry-over disagrees once more.
    const after = await current('tianhe-edu', 2021);
    expect(after.derived?.previous).toEqual({ year: 2020, version: 1 });
    expect(rules(after.findings, 'CARRY_OVER')).toHaveLength(2);
  });

  it('narrative copied from another agency gives BOILERPLATE naming it, on both reports', async () => {
    await upload(
      'tianhe-scjg',
      reportText({ agency: '广州市天河区市场监督管理局', year: 2022, overview: OVERVIEW_B, problems: PROBLEMS_B, published: '2023-01-10' }),
    );
    await upload('yuexiu-edu', reportText({ agency: '广州市越秀区教育局', year: 2022, overview: OVERVIEW_A, problems: PROBLEMS_A, published: '2023-01-10' }));
    // Liwan copies Yuexiu's text, with its own name and other figures.
    const copied = OVERVIEW_A.replace('本局', '荔湾区教育局');
    const stored = await upload(
      'liwan-edu',
      reportText({ agency: '广州市荔湾区教育局', year: 2022, overview: copied, problems: PROBLEMS_A, published: '2023-01-12' }),
    );
    const mine = rules(stored.findings, 'BOILERPLATE');
    expect(mine).toHaveLength(1);
    expect(defined(mine[0]).against).toMatchObject({ agency: 'yuexiu-edu', agencyName: '广州市越秀区教育局', year: 2022, version: 1 });
    expect(defined(mine[0]).message).toContain('广州市越秀区教育局');
    expect(defined(mine[0]).actual).toMatch(/\d+% 相同/);
    // The report copied from now names the copy too; the unrelated one names nobody.
    const theirs = rules((await current('yuexiu-edu', 2022)).findings, 'BOILERPLATE');
    expect(theirs.map((f) => f.against?.agency)).toEqual(['liwan-edu']);
    expect(rules((await current('tianhe-scjg', 2022)).findings, 'BOILERPLATE')).toEqual([]);

    // The public list of the most copied reports has both, with the share.
    const list = await call('GET', '/copied?year=2022');
    expect(list.status).toBe(200);
    expect(list.text).toContain('广州市荔湾区教育局');
    expect(list.text).toContain('广州市越秀区教育局');
    expect(list.text).not.toContain('广州市天河区市场监督管理局');
  });

  it('a correction that rewrites the copied text clears BOILERPLATE on both sides', async () => {
    await upload(
      'liwan-edu',
      reportText({
        agency: '广州市荔湾区教育局',
        year: 2022,
        overview: OVERVIEW_B.replace('区市场监督管理局', '荔湾区教育局'),
        problems: PROBLEMS_B,
        published: '2023-01-12',
      }),
    );
    expect(rules((await current('yuexiu-edu', 2022)).findings, 'BOILERPLATE')).toEqual([]);
    const liwan = rules((await current('liwan-edu', 2022)).findings, 'BOILERPLATE');
    // It now resembles the market regulator's text instead.
    expect(liwan.map((f) => f.against?.agency)).toEqual(['tianhe-scjg']);
  });

  it('a government report for 2022 published on 2023-04-15 is LATE by 15 days; a department’s on 2023-01-31 is not', async () => {
    const stored = await upload('gz-gov', reportText({ agency: '广州市人民政府', year: 2022, published: '2023-04-15' }));
    const late = rules(stored.findings, 'LATE');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ expected: '2023-03-31', actual: '2023-04-15' });
    expect(defined(late[0]).message).toContain('15 天');
    expect((await current('gz-gov', 2022)).derived?.daysLate).toBe(15);
    expect(rules((await current('tianhe-scjg', 2022)).findings, 'LATE')).toEqual([]);
  });

  it('coverage lists every registered agency under a region with its status, the one without a report as missing', async () => {
    const r = await call('GET', '/v1/coverage?year=2022&region=440100');
    expect(r.status, r.text).toBe(200);
    const by = Object.fromEntries((r.json.items as { agency: string; status: string; daysLate: number | null }[]).map((i) => [i.agency, i]));
    expect(Object.keys(by).sort()).toEqual(['gz-gov', 'liwan-edu', 'tianhe-edu', 'tianhe-scjg', 'yuexiu-edu']);
    expect(by['gz-gov']).toMatchObject({ status: 'late', daysLate: 15 });
    expect(by['tianhe-scjg']).toMatchObject({ status: 'on-time', daysLate: 0 });
    expect(by['tianhe-edu']).toMatchObject({ status: 'missing', daysLate: null, overdue: true, deadline: { date: '2023-01-31' } });
    expect(r.json.counts).toEqual({ 'on-time': 3, late: 1, 'date-unknown': 0, unchecked: 0, missing: 1 });
    // A district: only the agencies under it.
    const district = await call('GET', '/v1/coverage?year=2022&region=440106');
    expect(district.json.items.map((i: { agency: string }) => i.agency).sort()).toEqual(['tianhe-edu', 'tianhe-scjg']);
    // A bad year is a 400 in Chinese.
    const bad = await call('GET', '/v1/coverage?year=22');
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/年份/);

    // The site's table per region.
    const page = await call('GET', '/coverage?year=2022&region=440100');
    expect(page.status).toBe(200);
    expect(page.text).toContain('广州市天河区教育局');
    expect(page.text).toContain('未公开');
    expect(page.text).toContain('逾期 15 天');
  });

  it('an undated report first uploaded years after its deadline is not called late: its date is unknown, and coverage says so (not unchecked)', async () => {
    const reg = await call('POST', '/v1/agencies', {
      token: ADMIN,
      json: { id: 'huangpu-gov', name: '广州市黄埔区人民政府', region: '440112', level: '区县' },
    });
    tokens['huangpu-gov'] = reg.json.token;
    const stored = await upload('huangpu-gov', reportText({ agency: '广州市黄埔区人民政府', year: 2021 }));
    expect(rules(stored.findings, 'LATE')).toEqual([]);
    const report = await call('GET', '/v1/reports/huangpu-gov/2021');
    expect(report.json.derived).toMatchObject({ published: { source: 'first-upload' }, dateKnown: false, daysLate: 0, deadline: { date: '2022-03-31' } });
    const cov = await call('GET', '/v1/coverage?year=2021&region=440112');
    // Its tables were read in full: only its date is unknown, which is not "unchecked".
    expect(cov.json.items).toEqual([expect.objectContaining({ agency: 'huangpu-gov', status: 'date-unknown', dateKnown: false, checked: true })]);
    expect(cov.json.counts).toMatchObject({ 'date-unknown': 1, unchecked: 0 });
    const page = await call('GET', '/coverage?year=2021&region=440112');
    expect(page.text).toContain('已公开（发布日期不详）');
    expect(page.text).toContain('已公开但发布日期不详 1 个，已公开但表格未能读出 0 个');
    expect(page.text).not.toContain('未能校验');
  });
});
