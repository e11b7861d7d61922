import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layout } from '../support/document';
import { fixturePath } from '../support/fixtures';
import { toText } from '../support/layouts';
import { ADMIN, client, freshArchive } from '../support/local';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { defined } from '../support/defined';

/**
 * What the public sees of a report's state, against real local storage: the status words, the page
 * of a withdrawn version, and the downloads' publication dates, unread tables and Chinese header.
 */

const AGENCIES = [
  { id: 'tianhe-edu', name: '广州市天河区教育局', region: '440106' },
  { id: 'yuexiu-edu', name: '广州市越秀区教育局', region: '440104' },
  { id: 'liwan-edu', name: '广州市荔湾区教育局', region: '440103' },
  { id: 'moumou-county', name: '某某县人民政府办公室', region: '440111' },
];

/** Narratives of their own: two reports written alike would each get a BOILERPLATE reminder. */
const NARRATIVE: Record<string, { overview: string; problems: string }> = {
  广州市天河区教育局: {
    overview:
      '本局围绕招生入学、学位供给和校园安全，及时公开义务教育阶段招生政策、民办学校审批结果、教育经费预决算等信息，全年在门户网站发布各类信息三百余条。',
    problems: '部分学校信息更新滞后。下一步将建立季度检查制度，督促各校按时更新公开目录。',
  },
  广州市越秀区教育局: {
    overview: '区教育局依托政务新媒体矩阵，开设课后服务、体育中考和教师招聘专栏，以图解和短视频形式解读政策，并组织开放日活动，邀请家长代表走进校园座谈交流。',
    problems: '政策解读的互动性仍显不足。今后将增加在线访谈场次，完善留言办理反馈机制。',
  },
};

/** A 2022 report with its tables, dated by a 发布日期 line. */
const dated = (agency: string, published: string, k = 1) => {
  const nums = distinctNumbers('2021');
  // No 规章: a department that reports some gets a PLAUSIBILITY reminder.
  const disclosure = { ...nums.disclosure, regulations: (nums.disclosure.regulations ?? []).map(() => 0) };
  const report = buildReport('2021', 2022, agency, { ...nums, disclosure, carriedOver: nums.carriedOver.map((x) => x * k) }, NARRATIVE[agency]);
  return Buffer.from(`发布日期：${published}\n${toText(layout(report, { titleOnOneLine: true }), 'tabRows')}`);
};

/** A report whose tables are pictures: none of them is read; it is dated only by its signature. */
const NO_TABLES = `广州市荔湾区教育局2022年政府信息公开工作年度报告

一、总体情况
本年度，本局认真贯彻落实《中华人民共和国政府信息公开条例》，不断加强政府信息公开工作，主动公开各类政府信息。
二、主动公开政府信息情况
详见附件表格（图片）。
三、收到和处理政府信息公开申请情况
详见附件表格（图片）。
四、政府信息公开行政复议、行政诉讼情况
详见附件表格（图片）。
五、存在的主要问题及改进情况
信息更新不够及时。
六、其他需要报告的事项
无。

广州市荔湾区教育局
2023年1月15日
`;

/** A small RFC 4180 reader for our own files (CRLF lines, quoted fields). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = defined(text[i]);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  return rows;
}

describe('what the public sees', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  const tokens: Record<string, string> = {};
  const upload = async (agency: string, body: Buffer, query = '') => {
    const r = await call('POST', `/v1/reports${query}`, { token: tokens[agency], body, type: 'text/plain' });
    expect([200, 201], r.text.slice(0, 300)).toContain(r.status);
    return r.json;
  };
  /** The status words of the report page's info panel. */
  const panelStatus = async (path: string) => {
    const r = await call('GET', path);
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    return /<dt>校验结果<\/dt><dd><span class="status [^"]+">([^<]+)<\/span>/.exec(r.text)?.[1];
  };

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    for (const a of AGENCIES) {
      const r = await call('POST', '/v1/agencies', { token: ADMIN, json: a });
      expect(r.status, r.text).toBe(201);
      tokens[a.id] = r.json.token;
    }
    await upload('tianhe-edu', dated('广州市天河区教育局', '2023-01-20'));
    // A department publishing on 10 February: read in full, no error, one reminder (LATE).
    await upload('yuexiu-edu', dated('广州市越秀区教育局', '2023-02-10'));
    await upload('liwan-edu', Buffer.from(NO_TABLES));
    await upload('moumou-county', readFileSync(fixturePath('pre2019-county-2017.txt')));
  }, 120_000);
  afterAll(() => archive.close());

  it('says 通过校验 only for a report read in full without errors, with its reminders counted', async () => {
    expect(await panelStatus('/reports/tianhe-edu/2022')).toBe('通过校验');
    expect(await panelStatus('/reports/yuexiu-edu/2022')).toBe('通过校验（1 条提醒）');
    expect(await panelStatus('/reports/liwan-edu/2022')).toBe('未能校验（1 条提醒）');
  });

  it('says an old-format report’s tables were never checked, and never 通过', async () => {
    const status = await panelStatus('/reports/moumou-county/2017');
    expect(status).toMatch(/^旧格式，表格未校验/);
    const page = await call('GET', '/reports/moumou-county/2017');
    expect(page.text).not.toContain('通过校验');
    expect(page.text).not.toContain('校验结果：通过');
    const agency = await call('GET', '/agencies/moumou-county');
    expect(agency.text).toContain('旧格式，表格未校验');
  });

  it('heads a withdrawn version’s page 已撤回, with its reason (410)', async () => {
    const v2 = await upload('tianhe-edu', dated('广州市天河区教育局', '2023-01-20', 2));
    expect(v2.version).toBe(2);
    const w = await call('POST', '/v1/reports/tianhe-edu/2022/versions/1/withdraw', { token: ADMIN, json: { reason: '第 1 版误附了申请人姓名' } });
    expect(w.status, w.text).toBe(200);
    const r = await call('GET', '/reports/tianhe-edu/2022?version=1');
    expect(r.status).toBe(410);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.text).toMatch(/<h1>已撤回<\/h1>/);
    expect(r.text).toContain('第 1 版误附了申请人姓名');
    expect(r.text).toContain('广州市天河区教育局');
    expect(r.text).not.toContain('请求有误');
    // The current version is still there.
    expect((await call('GET', '/reports/tianhe-edu/2022')).status).toBe(200);
  });

  it('the CSV gives each report’s publication date with its source, and names the tables not read at all', async () => {
    const csv = await call('GET', '/data/2022.csv');
    expect(csv.status).toBe(200);
    const [header, ...rows] = readCsv(csv.bytes.subarray(3).toString('utf8'));
    const col = (name: string) => defined(header).indexOf(name);
    const by = Object.fromEntries(rows.map((r) => [r[col('agency')], r]));
    expect(Object.keys(by).sort()).toEqual(['liwan-edu', 'tianhe-edu', 'yuexiu-edu']);
    expect([defined(by['tianhe-edu'])[col('published')], defined(by['tianhe-edu'])[col('publishedSource')]]).toEqual(['2023-01-20', 'published']);
    expect([defined(by['yuexiu-edu'])[col('published')], defined(by['yuexiu-edu'])[col('publishedSource')]]).toEqual(['2023-02-10', 'published']);
    // Dated only by its signature.
    expect([defined(by['liwan-edu'])[col('published')], defined(by['liwan-edu'])[col('publishedSource')]]).toEqual(['2023-01-15', 'signed']);
    expect(defined(by['liwan-edu'])[col('checked')]).toBe('false');
    expect(defined(by['liwan-edu'])[col('unread')]).toBe('activeDisclosure applications reviewLitigation');
    expect(defined(by['tianhe-edu'])[col('unread')]).toBe('');

    const json = (await call('GET', '/data/2022.json')).json as { reports: { agency: string; published: string; publishedSource: string; unread: string[] }[] };
    const liwan = json.reports.find((r) => r.agency === 'liwan-edu');
    expect(liwan).toMatchObject({ published: '2023-01-15', publishedSource: 'signed', unread: ['activeDisclosure', 'applications', 'reviewLitigation'] });

    const old = readCsv((await call('GET', '/data/2017.csv')).bytes.subarray(3).toString('utf8'));
    expect(defined(old[1])[defined(old[0]).indexOf('published')]).toBe('2018-03-20');
    expect(defined(old[1])[defined(old[0]).indexOf('publishedSource')]).toBe('signed');
  });

  it('?labels=zh heads the same CSV in Chinese; without it the header stays the keys', async () => {
    const keys = await call('GET', '/data/2022.csv');
    const zh = await call('GET', '/data/2022.csv?labels=zh');
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-disposition')).toBe('attachment; filename="gongkai-2022.zh.csv"');
    const [zhHeader, ...zhRows] = readCsv(zh.bytes.subarray(3).toString('utf8'));
    const [keyHeader, ...keyRows] = readCsv(keys.bytes.subarray(3).toString('utf8'));
    expect(defined(keyHeader).slice(0, 2)).toEqual(['agency', 'agencyName']);
    expect(defined(zhHeader).slice(0, 2)).toEqual(['机关标识', '机关名称']);
    expect(defined(zhHeader)[defined(keyHeader).indexOf('published')]).toBe('发布日期');
    expect(defined(zhHeader)[defined(keyHeader).indexOf('applications.newReceived.total')]).toBe('表三 一、本年新收政府信息公开申请数量 · 总计');
    expect(zhHeader).toHaveLength(defined(keyHeader).length);
    expect(zhRows).toEqual(keyRows);
    const bad = await call('GET', '/data/2022.json?labels=zh');
    expect(bad.status).toBe(400);
  });
});
