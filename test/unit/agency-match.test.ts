import { describe, expect, it } from 'vitest';
import { checkIdentity } from '../../shared/check/agency-match';
import { agencyNameProblem, namesAgency, normalizeAgencyName } from '../../shared/check/agency-name';

const TIANHE = { name: '广州市天河区教育局', aliases: ['天河教育局'] };
const HAIDIAN = { name: '北京市海淀区人民政府', aliases: [] };

describe('namesAgency: the name printed in a report against the registered agency', () => {
  it.each([
    ['广州市天河区教育局', TIANHE],
    ['广州市天河区教育局 ', TIANHE],
    ['广州市 天河区\u200b教育局', TIANHE],
    ['“广州市天河区教育局”', TIANHE],
    ['廣州市天河區教育局', TIANHE],
    ['天河区教育局', TIANHE],
    ['天河教育局', TIANHE],
    ['北京市海淀区人民政府', HAIDIAN],
    ['海淀区人民政府', HAIDIAN],
    ['北京市海淀区政府', HAIDIAN],
    ['天河区教育局', { name: '广东省广州市天河区教育局' }],
    ['广州市天河区教育局', { name: '广东省广州市天河区教育局' }],
    ['伊金霍洛旗人民政府', { name: '内蒙古自治区鄂尔多斯市伊金霍洛旗人民政府' }],
    ['晋城市城区人民政府', { name: '山西省晋城市城区人民政府' }],
    ['城区人民政府', { name: '山西省晋城市城区人民政府' }],
    ['太和县人民政府', { name: '安徽省阜阳市太和县人民政府' }],
    ['双江拉祜族佤族布朗族傣族自治县人民政府', { name: '云南省临沧市双江拉祜族佤族布朗族傣族自治县人民政府' }],
    ['国家税务总局', { name: '国家税务总局' }],
    // a title that names only the place is its government's report; a zone's, its 管理委员会's
    ['某某县', { name: '某某县人民政府' }],
    ['海淀区', HAIDIAN],
    ['北京市海淀区', HAIDIAN],
    ['平潭综合实验区', { name: '平潭综合实验区管理委员会' }],
  ])('%s is %o', (printed, agency) => expect(namesAgency(printed, agency)).toBe(true));

  it.each([
    ['北京市海淀区人民政府办公室', HAIDIAN],
    ['北京市朝阳区人民政府', HAIDIAN],
    ['海淀区教育委员会', HAIDIAN],
    ['广州市天河区教育局直属机关', TIANHE],
    ['教育局', TIANHE],
    ['广州市越秀区教育局', TIANHE],
    ['人民政府', { name: '北京市人民政府' }],
    ['市场监督管理局', { name: '深圳市市场监督管理局' }],
    // a department's own words are no place: dropping 北京市 leaves no local name
    ['城市管理委员会', { name: '北京市城市管理委员会' }],
    ['住房和城乡建设管理委员会', { name: '北京市住房和城乡建设管理委员会' }],
    ['住房和城乡建设委员会', { name: '北京市住房和城乡建设委员会' }],
    ['住房城乡建设局', { name: '广州市住房城乡建设局' }],
    ['自然资源和城乡建设局', { name: '某某市自然资源和城乡建设局' }],
    ['市政市容管理委员会', { name: '北京市市政市容管理委员会' }],
    ['城乡规划局', { name: '广东省城乡规划局' }],
    // the place is its government, not a department of it or a larger place
    ['某某县', { name: '某某县人民政府办公室' }],
    ['北京市', { name: '北京市教育委员会' }],
    ['北京市', HAIDIAN],
    ['', TIANHE],
  ])('%s is not %o', (printed, agency) => expect(namesAgency(printed, agency)).toBe(false));

  it('normalizes NFKC, spaces, zero-width characters, quotes and traditional characters', () => {
    expect(normalizeAgencyName(' 廣州市\u3000天河區\u200b"教育局" ')).toBe('广州市天河区教育局');
  });
});

describe('agencyNameProblem: names that cannot be registered', () => {
  it.each(['', '   ', '\u200b\u200b', '""', '“”', '局', 'AB', '政府', '人民政府', '办公室', '政府办公室', '办公厅', '人民政府办公室', '街道办事处'])(
    'refuses %o',
    (name) => {
      expect(agencyNameProblem(name)).toMatch(/[\u4e00-\u9fff]/);
    },
  );
  it.each(['广州市天河区教育局', '国家税务总局', '某县', '北京市<script>alert(1)</script>局'])('accepts %s', (name) =>
    expect(agencyNameProblem(name)).toBeUndefined(),
  );
});

describe('checkIdentity: the verdict upload, dry run and CLI share', () => {
  const report = (agency: string, year: number | null, title = `${agency}${year ?? ''}年政府信息公开工作年度报告`) => ({ agency, year, title });

  it('accepts the caller’s own report', () => {
    expect(checkIdentity(report('天河区教育局', 2024), { agency: TIANHE })).toEqual({ ok: true, year: 2024, agencyNamed: true, messages: [] });
  });

  it('refuses another agency’s, naming both', () => {
    const v = checkIdentity(report('北京市海淀区人民政府办公室', 2023), { agency: HAIDIAN });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problem.slug).toBe('agency-mismatch');
    expect(v.problem.detail).toContain('“北京市海淀区人民政府办公室”');
    expect(v.problem.detail).toContain('“北京市海淀区人民政府”');
  });

  it('says where the name came from when the title has none (signature, 发布机构)', () => {
    const v = checkIdentity(report('广州市越秀区教育局', 2023, '2023年政府信息公开工作年度报告'), { agency: TIANHE });
    expect(!v.ok && v.problem.detail).toMatch(/^报告的落款或发布机构写明的机关是“广州市越秀区教育局”，不是本机关“广州市天河区教育局”/);
  });

  it('accepts a title without an agency, with a warning', () => {
    const v = checkIdentity(report('', 2023, '2023年政府信息公开工作年度报告'), { agency: TIANHE });
    expect(v).toMatchObject({ ok: true, year: 2023, agencyNamed: false });
    expect(v.ok && v.messages.map((m) => [m.level, m.code])).toEqual([['warning', 'AGENCY_NOT_NAMED']]);
  });

  it('takes the year from the hint when the report has none; refuses one that contradicts it', () => {
    expect(checkIdentity(report('广州市天河区教育局', null), { agency: TIANHE, year: 2023 })).toMatchObject({ ok: true, year: 2023 });
    expect(checkIdentity(report('广州市天河区教育局', 2023), { agency: TIANHE, year: 2023 })).toMatchObject({ ok: true, year: 2023 });
    const wrong = checkIdentity(report('广州市天河区教育局', 2023), { agency: TIANHE, year: 2022 });
    expect(!wrong.ok && wrong.problem.slug).toBe('year-mismatch');
    const none = checkIdentity(report('广州市天河区教育局', null), { agency: TIANHE });
    expect(!none.ok && none.problem.slug).toBe('year-missing');
    expect(!none.ok && none.problem.detail).toContain('请填写报告年度');
    // Said for the page's 年度 field as much as for the API: no query parameter in the words.
    for (const v of [wrong, none]) expect(!v.ok && v.problem.detail).not.toMatch(/\?year|year=|参数/);
  });

  it('checks no agency when no caller is given (a dry run without agencyName)', () => {
    expect(checkIdentity(report('北京市海淀区人民政府办公室', 2023), {})).toMatchObject({ ok: true, year: 2023 });
  });
});
