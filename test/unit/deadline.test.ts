import { describe, expect, it } from 'vitest';
import { FindingSchema } from '../../shared/model/findings';
import { agencyKind, inferAgencyKind } from '../../shared/rules/agency-kind';
import { daysLate, deadlineFor, lateFinding, publicationDate } from '../../shared/rules/deadline';
import { defined } from '../support/defined';

const GOV = { name: '广州市天河区人民政府' };
const EDU = { name: '广州市天河区教育局' };

describe('inferAgencyKind', () => {
  it('reads a people’s government from the name, and everything else as a department', () => {
    expect(inferAgencyKind(GOV)).toBe('government');
    expect(inferAgencyKind({ name: '杭州市 人民政府' })).toBe('government');
    expect(inferAgencyKind(EDU)).toBe('department');
    expect(inferAgencyKind({ name: '广东省人民政府办公厅' })).toBe('department');
    expect(inferAgencyKind({ name: '广州市天河区人民政府办公室' })).toBe('department');
    expect(inferAgencyKind({ name: '广州市发展和改革委员会' })).toBe('department');
  });

  it('reads the 管理委员会 of a zone with a county-level or higher region as its government', () => {
    expect(inferAgencyKind({ name: '平潭综合实验区管理委员会', region: '350128' })).toBe('government');
    expect(inferAgencyKind({ name: '北京经济技术开发区管理委员会', region: '110115' })).toBe('government');
    expect(inferAgencyKind({ name: '西咸新区管委会', region: '610100' })).toBe('government');
    // Without a region the zone's level is unknown; committees that govern no area stay departments.
    expect(inferAgencyKind({ name: '平潭综合实验区管理委员会' })).toBe('department');
    expect(inferAgencyKind({ name: '北京市城市管理委员会', region: '110000' })).toBe('department');
    expect(inferAgencyKind({ name: '某市住房公积金管理委员会', region: '440100' })).toBe('department');
  });

  it('recognises 乡镇 and 街道 by name or by level', () => {
    for (const name of ['某县城关镇人民政府', '某县某某乡人民政府', '某区某某街道办事处', '某区某某街道', '某县某某镇'])
      expect(inferAgencyKind({ name })).toBe('township');
    expect(inferAgencyKind({ name: '某单位', level: '乡镇' })).toBe('township');
    expect(inferAgencyKind({ name: '某单位', level: '街道' })).toBe('township');
    expect(inferAgencyKind({ name: '某市住房和城乡建设局', level: '市级部门' })).toBe('department');
    expect(inferAgencyKind({ name: '某县乡村振兴局' })).toBe('department');
  });

  it('lets a stored kind override the name', () => {
    expect(agencyKind({ name: '广州市天河区人民政府', kind: 'department' })).toBe('department');
    expect(agencyKind({ name: '某经济技术开发区管理委员会', kind: 'government' })).toBe('government');
    expect(agencyKind({ name: '某经济技术开发区管理委员会', region: '440100', kind: null })).toBe('government');
  });
});

describe('deadlineFor', () => {
  it('gives a county-level or higher government until 31 March, citing article 49', () => {
    const d = deadlineFor(2022, GOV);
    expect(d.date).toBe('2023-03-31');
    expect(d.basis).toContain('第四十九条');
    expect(d.basis).toContain('3月31日');
  });

  it('gives a department until 31 January', () => {
    const d = deadlineFor(2022, EDU);
    expect(d.date).toBe('2023-01-31');
    expect(d.basis).toContain('县级以上人民政府部门');
    expect(deadlineFor(2022, { name: '广东省人民政府办公厅' }).date).toBe('2023-01-31');
  });

  it('treats 乡镇 governments and 街道办事处 as departments, and says so', () => {
    const d = deadlineFor(2022, { name: '某县某某乡人民政府' });
    expect(d.date).toBe('2023-01-31');
    expect(d.basis).toContain('乡镇');
    expect(d.basis).toContain('1月31日');
    expect(deadlineFor(2022, { name: '某区某某街道办事处' }).date).toBe('2023-01-31');
    expect(deadlineFor(2022, { name: '某镇', level: '乡镇', kind: 'township' }).date).toBe('2023-01-31');
  });

  it('gives a county-level zone’s 管委会 until 31 March: 平潭 publishing on 10 March is on time', () => {
    const pingtan = { name: '平潭综合实验区管理委员会', region: '350128' };
    expect(deadlineFor(2022, pingtan).date).toBe('2023-03-31');
    expect(lateFinding(2022, pingtan, { date: '2023-03-10', source: 'published' })).toBeUndefined();
    // Stored as a department by the admin, the same date is 38 days late.
    expect(lateFinding(2022, { ...pingtan, kind: 'department' }, { date: '2023-03-10', source: 'published' })?.message).toContain('38 天');
  });

  it('lets an explicit kind override the name', () => {
    expect(deadlineFor(2022, { ...GOV, kind: 'department' }).date).toBe('2023-01-31');
    expect(deadlineFor(2022, { name: '某经济技术开发区管理委员会', kind: 'government' }).date).toBe('2023-03-31');
  });

  it('gives everyone until 31 March for report years up to 2018, under the old 条例', () => {
    const d = deadlineFor(2017, EDU);
    expect(d.date).toBe('2018-03-31');
    expect(d.basis).toContain('2007');
    expect(deadlineFor(2018, { name: '某县某某乡人民政府' }).date).toBe('2019-03-31');
    expect(deadlineFor(2019, EDU).date).toBe('2020-01-31');
  });
});

describe('daysLate', () => {
  it('counts calendar days, leap days included', () => {
    expect(daysLate('2023-04-15', '2023-03-31')).toBe(15);
    expect(daysLate('2023-03-31', '2023-03-31')).toBe(0);
    expect(daysLate('2023-03-01', '2023-03-31')).toBe(-30);
    expect(daysLate('2024-03-01', '2024-01-31')).toBe(30); // 2024 is a leap year: 29 days in February
    expect(daysLate('2023-03-01', '2023-01-31')).toBe(29);
    expect(daysLate('2024-02-29', '2024-01-31')).toBe(29);
  });

  it('refuses a date that does not exist', () => {
    expect(() => daysLate('2023-02-29', '2023-01-31')).toThrow(RangeError);
    expect(() => daysLate('2023-04-15', '31/03/2023')).toThrow(RangeError);
  });
});

describe('publicationDate', () => {
  const UPLOAD = '2023-06-01T02:00:00Z';

  it('takes 发布日期 first, then the signature date, then the first upload', () => {
    expect(publicationDate({ published: '2023-01-20', signed: '2023-01-10' }, UPLOAD, 2022)).toEqual({ date: '2023-01-20', source: 'published' });
    expect(publicationDate({ published: null, signed: '2023-01-10' }, UPLOAD, 2022)).toEqual({ date: '2023-01-10', source: 'signed' });
    expect(publicationDate({ published: null, signed: null }, UPLOAD, 2022)).toEqual({ date: '2023-06-01', source: 'first-upload' });
    expect(publicationDate(undefined, UPLOAD, 2022)).toEqual({ date: '2023-06-01', source: 'first-upload' });
  });

  it('uses the day of the first upload in China time (UTC+8)', () => {
    expect(publicationDate(undefined, '2024-01-31T17:00:00Z', 2023)).toEqual({ date: '2024-02-01', source: 'first-upload' });
    expect(publicationDate(undefined, '2024-01-31T15:59:59Z', 2023)).toEqual({ date: '2024-01-31', source: 'first-upload' });
    expect(publicationDate(undefined, '2024-02-01T00:30:00+08:00', 2023)).toEqual({ date: '2024-02-01', source: 'first-upload' });
  });

  it('ignores a document date before 1 December of the report year or after the day after the first upload', () => {
    expect(publicationDate({ published: '2022-11-30', signed: '2022-12-01' }, UPLOAD, 2022)).toEqual({ date: '2022-12-01', source: 'signed' });
    expect(publicationDate({ published: '2023-06-02', signed: null }, UPLOAD, 2022)).toEqual({ date: '2023-06-02', source: 'published' });
    expect(publicationDate({ published: '2023-06-03', signed: '2023-06-03' }, UPLOAD, 2022)).toEqual({ date: '2023-06-01', source: 'first-upload' });
    // with the year unknown only the upload bound applies
    expect(publicationDate({ published: '2020-05-05', signed: null }, UPLOAD, null)).toEqual({ date: '2020-05-05', source: 'published' });
  });

  it('ignores a date that does not exist', () => {
    expect(publicationDate({ published: '2023-02-30', signed: '2023-02-28' }, UPLOAD, 2022)).toEqual({ date: '2023-02-28', source: 'signed' });
  });

  it('refuses a first-upload time that is not a time', () => {
    expect(() => publicationDate(undefined, 'yesterday', 2022)).toThrow(RangeError);
  });
});

describe('lateFinding', () => {
  it('warns that a 2022 government report published on 2023-04-15 is 15 days late', () => {
    const f = lateFinding(2022, GOV, { date: '2023-04-15', source: 'published' });
    expect(f).toBeDefined();
    expect(FindingSchema.parse(f)).toEqual(f);
    expect(f).toMatchObject({ rule: 'LATE', severity: 'warning', expected: '2023-03-31', actual: '2023-04-15' });
    expect(defined(f).message).toContain('报告发布于 2023年4月15日，晚于法定期限 2023年3月31日 15 天（依据：《政府信息公开条例》第四十九条');
  });

  it('says nothing when the report appeared on the last day', () => {
    expect(lateFinding(2022, GOV, { date: '2023-03-31', source: 'published' })).toBeUndefined();
  });

  it('finds a department one day late on 1 February', () => {
    const f = lateFinding(2022, EDU, { date: '2023-02-01', source: 'published' });
    expect(f).toMatchObject({ expected: '2023-01-31', actual: '2023-02-01' });
    expect(defined(f).message).toContain('晚于法定期限 2023年1月31日 1 天');
  });

  it('applies 31 March to a 2017 department report', () => {
    expect(lateFinding(2017, EDU, { date: '2018-03-31', source: 'published' })).toBeUndefined();
    const f = lateFinding(2017, EDU, { date: '2018-04-01', source: 'published' });
    expect(f).toMatchObject({ expected: '2018-03-31', actual: '2018-04-01' });
    expect(defined(f).message).toContain('1 天');
    expect(defined(f).message).toContain('第三十一条');
  });

  it('holds 人民政府办公厅 and 乡人民政府 to 31 January', () => {
    expect(lateFinding(2022, { name: '广东省人民政府办公厅' }, { date: '2023-02-01', source: 'published' })).toMatchObject({ expected: '2023-01-31' });
    expect(lateFinding(2022, { name: '某县某某乡人民政府' }, { date: '2023-02-01', source: 'published' })).toMatchObject({ expected: '2023-01-31' });
  });

  it('lets an explicit kind override the name', () => {
    expect(lateFinding(2022, { name: '某经济技术开发区管理委员会', kind: 'government' }, { date: '2023-02-01', source: 'published' })).toBeUndefined();
    expect(lateFinding(2022, { ...GOV, kind: 'department' }, { date: '2023-02-01', source: 'published' })).toMatchObject({ expected: '2023-01-31' });
  });

  it('says when the date is the first upload to this archive, from a UTC time past China midnight', () => {
    const published = publicationDate({ published: null, signed: null }, '2024-01-31T17:00:00Z', 2023);
    const f = lateFinding(2023, EDU, published);
    expect(f).toMatchObject({ expected: '2024-01-31', actual: '2024-02-01' });
    expect(defined(f).message).toContain('没有可用的发布日期');
    expect(defined(f).message).toContain('首次上传本库的日期 2024年2月1日');
    expect(defined(f).message).toContain('1 天');
    // 15:59 UTC is 23:59 on 31 January in China: on time
    expect(lateFinding(2023, EDU, publicationDate(undefined, '2024-01-31T15:59:00Z', 2023))).toBeUndefined();
  });

  it('names the signature date when that was used', () => {
    expect(defined(lateFinding(2022, EDU, { date: '2023-02-03', source: 'signed' })).message).toContain('按落款（成文）日期 2023年2月3日 计');
  });

  it('counts 29 February in a leap year', () => {
    expect(defined(lateFinding(2023, EDU, { date: '2024-02-29', source: 'published' })).message).toContain('29 天');
    expect(lateFinding(2023, GOV, { date: '2024-02-29', source: 'published' })).toBeUndefined();
    expect(defined(lateFinding(2023, GOV, { date: '2024-04-01', source: 'published' })).message).toContain(' 1 天');
  });

  it('says nothing when the report year is unknown', () => {
    expect(lateFinding(null, EDU, { date: '2030-01-01', source: 'published' })).toBeUndefined();
  });
});
