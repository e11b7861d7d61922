import { describe, expect, it } from 'vitest';
import { parseReport } from '../../shared/parse/pipeline';
import { normalizeDate } from '../../shared/parse/metadata';
import { parseTitle } from '../../shared/parse/title';
import { defined } from '../support/defined';

/** Titles as agencies publish them, with the agency and year a person reads off each (by hand). */
const TITLES: [title: string, agency: string, year: number | null][] = [
  // {机关}{YYYY}年政府信息公开工作年度报告
  ['北京市人民政府2023年政府信息公开工作年度报告', '北京市人民政府', 2023],
  ['广东省人民政府2022年政府信息公开工作年度报告', '广东省人民政府', 2022],
  ['广州市天河区教育局2024年政府信息公开工作年度报告', '广州市天河区教育局', 2024],
  ['天河区教育局2024年政府信息公开工作年度报告', '天河区教育局', 2024],
  ['国家税务总局2023年政府信息公开工作年度报告', '国家税务总局', 2023],
  ['国家发展和改革委员会2021年政府信息公开工作年度报告', '国家发展和改革委员会', 2021],
  ['上海市浦东新区人民政府办公室2020年政府信息公开工作年度报告', '上海市浦东新区人民政府办公室', 2020],
  ['北京市朝阳区建外街道办事处2023年政府信息公开工作年度报告', '北京市朝阳区建外街道办事处', 2023],
  ['内蒙古自治区鄂尔多斯市伊金霍洛旗人民政府2022年政府信息公开工作年度报告', '内蒙古自治区鄂尔多斯市伊金霍洛旗人民政府', 2022],
  ['锡林郭勒盟行政公署2021年政府信息公开工作年度报告', '锡林郭勒盟行政公署', 2021],
  ['延边朝鲜族自治州人民政府2023年政府信息公开工作年度报告', '延边朝鲜族自治州人民政府', 2023],
  ['浙江省杭州市余杭区良渚街道办事处2019年政府信息公开工作年度报告', '浙江省杭州市余杭区良渚街道办事处', 2019],
  ['四川省成都市卫生健康委员会2022年政府信息公开工作年度报告', '四川省成都市卫生健康委员会', 2022],
  ['深圳市市场监督管理局2023年政府信息公开工作年度报告', '深圳市市场监督管理局', 2023],
  // {机关}{YYYY}年度政府信息公开工作年度报告
  ['江苏省南京市人民政府2023年度政府信息公开工作年度报告', '江苏省南京市人民政府', 2023],
  ['湖南省长沙县黄兴镇人民政府2022年度政府信息公开工作年度报告', '湖南省长沙县黄兴镇人民政府', 2022],
  ['重庆市人力资源和社会保障局2021年度政府信息公开工作年度报告', '重庆市人力资源和社会保障局', 2021],
  ['宁夏回族自治区财政厅2020年度政府信息公开工作年度报告', '宁夏回族自治区财政厅', 2020],
  // {YYYY}年{机关}政府信息公开工作年度报告
  ['2023年广州市天河区教育局政府信息公开工作年度报告', '广州市天河区教育局', 2023],
  ['2022年海关总署政府信息公开工作年度报告', '海关总署', 2022],
  ['2021年河北省雄安新区管理委员会政府信息公开工作年度报告', '河北省雄安新区管理委员会', 2021],
  ['2023年西藏自治区拉萨市城关区人民政府政府信息公开工作年度报告', '西藏自治区拉萨市城关区人民政府', 2023],
  // {YYYY}年度{机关}…年度报告
  ['2023年度广州市天河区教育局政府信息公开工作年度报告', '广州市天河区教育局', 2023],
  ['2022年度福建省厦门市思明区人民政府政府信息公开工作年度报告', '福建省厦门市思明区人民政府', 2022],
  ['2020年度新疆维吾尔自治区昌吉回族自治州人民政府政府信息公开工作年度报告', '新疆维吾尔自治区昌吉回族自治州人民政府', 2020],
  // {机关}政府信息公开工作{YYYY}年度报告
  ['广州市天河区教育局政府信息公开工作2023年度报告', '广州市天河区教育局', 2023],
  ['中华人民共和国教育部政府信息公开工作2022年度报告', '中华人民共和国教育部', 2022],
  ['山东省青岛市黄岛区人民政府政府信息公开工作2021年度报告', '山东省青岛市黄岛区人民政府', 2021],
  // {机关}政府信息公开{YYYY}年度工作报告
  ['安徽省合肥市发展和改革委员会政府信息公开2023年度工作报告', '安徽省合肥市发展和改革委员会', 2023],
  ['国家统计局政府信息公开2019年度工作报告', '国家统计局', 2019],
  // …{YYYY}年度政府信息公开工作报告 / 工作情况报告
  ['云南省昆明市五华区人民政府2023年度政府信息公开工作报告', '云南省昆明市五华区人民政府', 2023],
  ['陕西省西安市碑林区柏树林街道办事处2022年度政府信息公开工作情况报告', '陕西省西安市碑林区柏树林街道办事处', 2022],
  ['甘肃省兰州市城关区教育局2021年政府信息公开工作情况报告', '甘肃省兰州市城关区教育局', 2021],
  // 信息公开年度报告 without 政府 or 工作; 政务公开; 关于…的报告
  ['中国人民银行2023年信息公开年度报告', '中国人民银行', 2023],
  ['某镇人民政府2023年信息公开工作年度报告', '某镇人民政府', 2023],
  ['黑龙江省哈尔滨市道里区政务服务中心2022年政务公开工作年度报告', '黑龙江省哈尔滨市道里区政务服务中心', 2022],
  ['北京市海淀区人民政府关于2023年度政府信息公开工作情况的报告', '北京市海淀区人民政府', 2023],
  ['关于北京市西城区人民政府2022年政府信息公开工作的报告', '北京市西城区人民政府', 2022],
  ['贵州省贵阳市云岩区人民政府2021年政府信息公开和政务公开工作年度报告', '贵州省贵阳市云岩区人民政府', 2021],
  ['青海省海东市乐都区人民政府2023年政府信息公开年报', '青海省海东市乐都区人民政府', 2023],
  ['江西省南昌市政府信息公开2020年度报告', '江西省南昌市政府', 2020],
  // traditional characters
  ['廣州市天河區教育局2023年政府信息公開工作年度報告', '廣州市天河區教育局', 2023],
  ['廣東省人民政府2022年度政府信息公開工作年度報告', '廣東省人民政府', 2022],
  ['2023年廣州市越秀區人民政府政府信息公開工作年度報告', '廣州市越秀區人民政府', 2023],
  // suffixes
  ['广州市天河区教育局2023年政府信息公开工作年度报告（超链版）', '广州市天河区教育局', 2023],
  ['广州市海珠区人民政府2023年政府信息公开工作年度报告(图片版)', '广州市海珠区人民政府', 2023],
  ['广州市番禺区卫生健康局2022年政府信息公开工作年度报告.pdf', '广州市番禺区卫生健康局', 2022],
  ['东莞市虎门镇人民政府2021年政府信息公开工作年度报告.docx', '东莞市虎门镇人民政府', 2021],
  ['佛山市南海区桂城街道办事处2023年政府信息公开工作年度报告.doc', '佛山市南海区桂城街道办事处', 2023],
  ['《湖北省武汉市江汉区人民政府2022年政府信息公开工作年度报告》', '湖北省武汉市江汉区人民政府', 2022],
  ['河南省郑州市金水区人民政府政府信息公开工作年度报告（2023年度）', '河南省郑州市金水区人民政府', 2023],
  // spaces around the year
  ['广州市天河区教育局 2023 年政府信息公开工作年度报告', '广州市天河区教育局', 2023],
  ['2023 年度 山西省太原市小店区人民政府 政府信息公开工作年度报告', '山西省太原市小店区人民政府', 2023],
  ['吉林省长春市朝阳区人民政府２０２２年政府信息公开工作年度报告', '吉林省长春市朝阳区人民政府', 2022],
  // Chinese-numeral years
  ['广州市天河区教育局二〇二三年政府信息公开工作年度报告', '广州市天河区教育局', 2023],
  ['二〇二二年度海南省三亚市吉阳区人民政府政府信息公开工作年度报告', '海南省三亚市吉阳区人民政府', 2022],
  ['辽宁省沈阳市和平区人民政府二零二一年政府信息公开工作年度报告', '辽宁省沈阳市和平区人民政府', 2021],
  // 乡镇, 县, 自治县, 旗
  ['河北省保定市涞水县三坡镇人民政府2023年政府信息公开工作年度报告', '河北省保定市涞水县三坡镇人民政府', 2023],
  ['广西壮族自治区桂林市龙胜各族自治县人民政府2022年政府信息公开工作年度报告', '广西壮族自治区桂林市龙胜各族自治县人民政府', 2022],
  ['鄂伦春自治旗人民政府2021年度政府信息公开工作年度报告', '鄂伦春自治旗人民政府', 2021],
  ['湖北省恩施土家族苗族自治州民族宗教事务委员会2023年政府信息公开工作年度报告', '湖北省恩施土家族苗族自治州民族宗教事务委员会', 2023],
  ['天津市滨海新区塘沽街道办事处2020年政府信息公开工作年度报告', '天津市滨海新区塘沽街道办事处', 2020],
  ['国务院国有资产监督管理委员会2022年政府信息公开工作年度报告', '国务院国有资产监督管理委员会', 2022],
  ['生态环境部2023年政府信息公开工作年度报告', '生态环境部', 2023],
  ['北京市密云区科学技术委员会2021年政府信息公开工作年度报告', '北京市密云区科学技术委员会', 2021],
  // cover notes, bracketed agencies, ○ typed for 〇, a bare year in brackets
  ['广州市人民政府办公厅关于印发广州市2023年政府信息公开工作年度报告的通知', '广州市', 2023],
  ['【广州市天河区教育局】2023年政府信息公开工作年度报告', '广州市天河区教育局', 2023],
  ['某某县人民政府办公室关于公布2022年度政府信息公开工作年度报告的函', '某某县人民政府办公室', 2022],
  ['广州市天河区教育局二○二三年政府信息公开工作年度报告', '广州市天河区教育局', 2023],
  ['广州市天河区教育局政府信息公开工作年度报告(2023)', '广州市天河区教育局', 2023],
  // a bracketed year or a range of years before the phrase, wherever it stands
  ['北京市密云区科委（2023年）政府信息公开工作年度报告', '北京市密云区科委', 2023],
  ['北京市密云区科委(2023年度)政府信息公开工作年度报告', '北京市密云区科委', 2023],
  ['北京市密云区科委【2023】政府信息公开工作年度报告', '北京市密云区科委', 2023],
  ['（2023年）北京市密云区科委政府信息公开工作年度报告', '北京市密云区科委', 2023],
  ['北京市密云区科委（2023年）关于政府信息公开工作的报告', '北京市密云区科委', 2023],
  ['北京市（2023年）密云区科委政府信息公开工作年度报告', '北京市密云区科委', 2023],
  ['北京市密云区科委2023-2024年度政府信息公开工作年度报告', '北京市密云区科委', 2023],
  ['北京市密云区科委2023—2024年政府信息公开工作年度报告', '北京市密云区科委', 2023],
  ['北京市密云区科委2023年至2024年政府信息公开工作年度报告', '北京市密云区科委', 2023],
  ['2023-2024年度北京市密云区科委政府信息公开工作年度报告', '北京市密云区科委', 2023],
  ['北京市密云区科委（2023-2024年度）政府信息公开工作年度报告', '北京市密云区科委', 2023],
  // a CMS label before the title, the year after the phrase, the agency in a note after it
  ['标题：平潭综合实验区2022年政府信息公开工作年度报告', '平潭综合实验区', 2022],
  ['标　　题: 福州市生态环境局2022年度政府信息公开工作年度报告', '福州市生态环境局', 2022],
  ['名称：关于闽侯县2020年政府信息公开工作年度报告', '闽侯县', 2020],
  ['福州市鼓楼区人民政府政府信息公开工作年度报告2022年度', '福州市鼓楼区人民政府', 2022],
  ['福州市鼓楼区人民政府政府信息公开工作年度报告-2022', '福州市鼓楼区人民政府', 2022],
  ['2022年政府信息公开工作年度报告（闽侯县人民政府办公室）', '闽侯县人民政府办公室', 2022],
  ['福州市生态环境局二0二二年政府信息公开工作年度报告', '福州市生态环境局', 2022],
  ['附件1：闽侯县2022年政府信息公开工作年度报告', '闽侯县', 2022],
  ['01-福州市生态环境局2022年政府信息公开工作年度报告.pdf', '福州市生态环境局', 2022],
  ['【标题】：福州市生态环境局2022年政府信息公开工作年度报告', '福州市生态环境局', 2022],
  ['福州市鼓楼区人民政府关于鼓楼区2022年政府信息公开工作年度报告', '福州市鼓楼区人民政府', 2022],
  // no agency, or no year: the title alone does not say
  ['2023年政府信息公开工作年度报告', '', 2023],
  ['2022年度政府信息公开工作年度报告', '', 2022],
  ['政府信息公开工作年度报告', '', null],
  ['广州市天河区教育局政府信息公开工作年度报告', '广州市天河区教育局', null],
];

describe('parseTitle: every form a report title takes', () => {
  it(`has at least 63 titles (${TITLES.length})`, () => expect(TITLES.length).toBeGreaterThanOrEqual(63));

  it.each(TITLES)('%s', (title, agency, year) => {
    const p = parseTitle(title);
    expect(p).toBeDefined();
    expect({ agency: defined(p).agency, year: defined(p).year }).toEqual({ agency, year });
  });

  it.each([
    '当前位置：首页 > 政务公开 > 政府信息公开年报',
    '本报告是根据《中华人民共和国政府信息公开条例》要求编制的年度报告',
    '一、总体情况',
    '2023年度报告',
    '广州市天河区教育局',
  ])('is not a title: %s', (text) => {
    const p = parseTitle(text);
    // A sentence ending in 报告 may look like one, but it names no agency.
    expect(p === undefined || p.agency === '').toBe(true);
  });

  it('marks a range of years, whose first year stands until the document says which', () => {
    expect(parseTitle('北京市密云区科委2023-2024年度政府信息公开工作年度报告')).toMatchObject({ year: 2023, range: [2023, 2024] });
    expect(parseTitle('北京市密云区科委2023年政府信息公开工作年度报告')).not.toHaveProperty('range');
  });

  it.each(['北京市密云区科委2023政府信息公开工作年度报告', '2023北京市密云区科委政府信息公开工作年度报告', '北京市密云区科委2023-政府信息公开工作年度报告'])(
    'takes no agency name with a year in it: %s',
    (title) => expect(defined(parseTitle(title)).agency).not.toMatch(/2023/),
  );

  it('keeps an agency name with other digits in it', () => {
    expect(parseTitle('某市12345热线服务中心2023年政府信息公开工作年度报告')).toMatchObject({ agency: '某市12345热线服务中心', year: 2023 });
  });

  it('keeps the title without its CMS label', () => {
    expect(defined(parseTitle('标　　题：平潭综合实验区2022年政府信息公开工作年度报告')).text).toBe('平潭综合实验区2022年政府信息公开工作年度报告');
  });

  it('keeps the title as printed without the file extension or version note', () => {
    expect(defined(parseTitle('广州市天河区教育局2023年政府信息公开工作年度报告（超链版）.pdf')).text).toBe('广州市天河区教育局2023年政府信息公开工作年度报告');
    expect(defined(parseTitle('河南省郑州市金水区人民政府政府信息公开工作年度报告（2023年度）')).text).toBe(
      '河南省郑州市金水区人民政府政府信息公开工作年度报告（2023年度）',
    );
  });
});

const BODY = `一、总体情况
2023年，本机关认真贯彻落实《条例》，推进政务公开工作。
二、主动公开政府信息情况
全年主动公开政府信息120条。
三、收到和处理政府信息公开申请情况
本年度未收到政府信息公开申请。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议、行政诉讼。
五、存在的主要问题及改进情况
公开的及时性有待提高。
六、其他需要报告的事项
无。
`;

async function read(text: string, options: { filename?: string; contentType?: string } = {}) {
  const r = await parseReport(Buffer.from(text), { filename: 'report.txt', ...options });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe('titles in documents, through parseReport', () => {
  it.each([
    ['agency on one line, year and phrase on the next', '广州市天河区教育局\n2023年政府信息公开工作年度报告\n'],
    ['agency and phrase, then the year', '广州市天河区教育局政府信息公开工作\n2023年度报告\n'],
    ['three lines', '广州市天河区教育局\n2023年度\n政府信息公开工作年度报告\n'],
    ['three lines, year last', '广州市天河区教育局\n政府信息公开工作\n2023年度报告\n'],
    ['a 发布日期 line and 索引号 above', '索引号：11440106MB2C90/2024-00012\n发布日期：2024-01-20\n广州市天河区教育局2023年政府信息公开工作年度报告\n'],
    ['a line break inside the agency name', '广州市天河区\n教育局2023年政府信息公开工作年度报告\n'],
    ['a line break inside the phrase', '广州市天河区教育局2023年政府信息公\n开工作年度报告\n'],
    ['letter-spaced PDF text', '广 州 市 天 河 区 教 育 局\n2 0 2 3 年 政 府 信 息 公 开 工 作 年 度 报 告\n'],
    ['the agency in its own cell before the title', '广州市天河区教育局\t2023年政府信息公开工作年度报告\n'],
    ['the agency above a title that repeats it', '广州市天河区教育局\n广州市天河区教育局2023年政府信息公开工作年度报告\n'],
    [
      'site chrome and a breadcrumb above',
      '广州市天河区人民政府门户网站\n当前位置：首页 > 政务公开 > 广州市天河区教育局2023年政府信息公开工作年度报告\n广州市天河区教育局2023年政府信息公开工作年度报告\n',
    ],
  ])('%s', async (_name, head) => {
    const r = await read(`${head}${BODY}`);
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '广州市天河区教育局', year: 2023 });
    expect(r.report.sections.overview).toMatch(/^2023年，本机关/);
    expect(r.messages.filter((m) => m.code.includes('AGENCY') || m.code.includes('YEAR') || m.code.includes('TITLE'))).toEqual([]);
  });

  it('a list of other years’ reports before the article is not the title', async () => {
    const head =
      '相关链接\n广州市天河区教育局2022年政府信息公开工作年度报告\n广州市天河区教育局2021年政府信息公开工作年度报告\n广州市天河区教育局2020年政府信息公开工作年度报告\n' +
      '广州市天河区教育局2023年政府信息公开工作年度报告\n发布日期：2024-01-20\n';
    const r = await read(`${head}${BODY}`);
    expect(r.report.year).toBe(2023);
    expect(r.report.meta.published).toBe('2024-01-20');
  });

  it('a site name above a title with a complete agency is not joined to it', async () => {
    const r = await read(`中华人民共和国海关总署\n海关总署2023年政府信息公开工作年度报告\n${BODY}`);
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '海关总署', year: 2023 });
  });

  it('a related list after the text does not displace the title', async () => {
    const r = await read(`广州市天河区教育局2023年政府信息公开工作年度报告\n${BODY}相关链接\n广州市天河区教育局2022年政府信息公开工作年度报告\n`);
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '广州市天河区教育局', year: 2023 });
  });

  it('a title with a bracketed year', async () => {
    const r = await read(`北京市密云区科委（2023年）政府信息公开工作年度报告\n${BODY}`);
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '北京市密云区科委', year: 2023 });
    expect(r.messages.filter((m) => m.code.includes('AGENCY') || m.code.includes('YEAR') || m.code.includes('TITLE'))).toEqual([]);
  });

  it.each([
    ['2023年1月1日起至2023年12月31日止', 2023],
    ['2024年1月1日起至2024年12月31日止', 2024],
    ['2024年1月1日至12月31日', 2024],
    // a period outside the range, or across years, says nothing: the first year stands
    ['2022年1月1日至2022年12月31日', 2023],
    ['2023年7月1日至2024年6月30日', 2023],
  ])('a title with a range of years takes the year of the statistics period %s', async (period, year) => {
    const r = await read(`北京市密云区科委2023-2024年度政府信息公开工作年度报告\n本报告中所列数据的统计期限自${period}。\n${BODY}`);
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '北京市密云区科委', year });
  });

  it('a title with a range of years and no statistics period: the first year', async () => {
    const r = await read(`北京市密云区科委2023-2024年度政府信息公开工作年度报告\n${BODY}`);
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '北京市密云区科委', year: 2023 });
  });

  it('a title without a year takes it from the statistics period, with a warning', async () => {
    const r = await read(`广州市天河区教育局政府信息公开工作年度报告\n本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n${BODY}`);
    expect(r.report.year).toBe(2023);
    expect(r.report.meta.period).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(r.messages.map((m) => m.code)).toContain('YEAR_NOT_IN_TITLE');
  });

  it('a title without an agency takes it from the signature, with a warning', async () => {
    const r = await read(`2023年政府信息公开工作年度报告\n${BODY}广州市天河区教育局\n二〇二四年一月二十日\n`);
    expect(r.report.agency).toBe('广州市天河区教育局');
    expect(r.report.meta).toMatchObject({ signedBy: '广州市天河区教育局', signed: '2024-01-20' });
    expect(r.messages.map((m) => m.code)).toContain('AGENCY_NOT_IN_TITLE');
  });

  it('an HTML page: ArticleTitle stands in for a missing title; <meta> gives source and date', async () => {
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>年度报告_广州市天河区人民政府门户网站</title>
<meta name="ArticleTitle" content="广州市天河区教育局2023年政府信息公开工作年度报告">
<meta name="ContentSource" content="广州市天河区教育局"><meta name="PubDate" content="2024-01-20 09:30">
</head><body>${BODY.split('\n')
      .map((l) => `<p>${l}</p>`)
      .join('')}</body></html>`;
    const r = await read(html, { filename: 'report.html' });
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '广州市天河区教育局', year: 2023 });
    expect(r.report.meta).toMatchObject({ published: '2024-01-20', publisher: '广州市天河区教育局' });
    expect(r.report.title).toBe('广州市天河区教育局2023年政府信息公开工作年度报告');
  });

  it('an HTML page whose <title> holds the title and a site name', async () => {
    const html = `<html><head><meta charset="utf-8"><title>2023年度广州市天河区教育局政府信息公开工作年度报告 - 广州市天河区人民政府门户网站</title></head>
<body>${BODY.split('\n')
      .map((l) => `<p>${l}</p>`)
      .join('')}</body></html>`;
    const r = await read(html, { filename: 'report.html' });
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '广州市天河区教育局', year: 2023 });
  });

  it('a document without a title: the file name stands in', async () => {
    const r = await read(BODY, { filename: '广州市天河区教育局2023年政府信息公开工作年度报告（超链版）.txt' });
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '广州市天河区教育局', year: 2023 });
  });

  it('the CMS block in a table: 发布机构, 成文日期, 发布日期', async () => {
    const html = `<html><head><meta charset="utf-8"></head><body><table>
<tr><td>索引号：</td><td>007482/2024-00012</td><td>发布机构：</td><td>广州市天河区教育局</td></tr>
<tr><td>成文日期：</td><td>2024-01-18</td><td>发布日期：</td><td>2024-01-20</td></tr></table>
<h1>2023年政府信息公开工作年度报告</h1>${BODY.split('\n')
      .map((l) => `<p>${l}</p>`)
      .join('')}</body></html>`;
    const r = await read(html, { filename: 'report.html' });
    expect(r.report.meta).toMatchObject({ published: '2024-01-20', signed: '2024-01-18', publisher: '广州市天河区教育局' });
    expect({ agency: r.report.agency, year: r.report.year }).toEqual({ agency: '广州市天河区教育局', year: 2023 });
  });

  it.each([
    ['2024年1月20日', '2024-01-20'],
    ['2024年1月', '2024-01-01'],
    ['二〇二四年一月二十日', '2024-01-20'],
    ['2024-01-20', '2024-01-20'],
  ])('reads the signature date %s', async (written, iso) => {
    const r = await read(`广州市天河区教育局2023年政府信息公开工作年度报告\n${BODY}广州市天河区教育局\n${written}\n`);
    expect(r.report.meta).toMatchObject({ signed: iso, signedBy: '广州市天河区教育局' });
  });

  it.each([
    ['二O二三年十二月三十一日', '2023-12-31'],
    ['二o二三年十二月三十一日', '2023-12-31'],
    ['二◯二三年十二月三十一日', '2023-12-31'],
    ['二○二三年十二月三十一日', '2023-12-31'],
    ['二Ｏ二四年一月二十日', '2024-01-20'],
  ])('reads the signature date %s (a letter O or a circle typed for 〇)', async (written, iso) => {
    const r = await read(`广州市天河区教育局2023年政府信息公开工作年度报告\n${BODY}广州市天河区教育局\n${written}\n`);
    expect(r.report.meta).toMatchObject({ signed: iso, signedBy: '广州市天河区教育局' });
  });

  it('reads a signature with the agency and a date with a letter O on one line', async () => {
    const r = await read(`广州市天河区教育局2023年政府信息公开工作年度报告\n${BODY}广州市天河区教育局 二O二四年一月二十日\n`);
    expect(r.report.meta).toMatchObject({ signed: '2024-01-20', signedBy: '广州市天河区教育局' });
  });

  it('a note or page number under the signature is not part of it', async () => {
    const r = await read(`广州市天河区教育局2023年政府信息公开工作年度报告\n${BODY}广州市天河区教育局\n2024年1月20日\n（此件主动公开）\n- 5 -\n`);
    expect(r.report.meta).toMatchObject({ signed: '2024-01-20', signedBy: '广州市天河区教育局' });
  });

  it.each([
    '本报告统计期限为2016年1月1日至2016年12月31日。',
    '本报告所列数据的统计时间为2016年1月1日至12月31日。',
    '本报告中所列数据的统计期限从2016年1月1日到2016年12月31日。',
  ])('reads the period worded %s', async (sentence) => {
    const r = await read(`杭州市西湖区人民政府办公室2016年政府信息公开工作年度报告\n${sentence}\n${BODY}`);
    expect(r.report.meta.period).toEqual({ from: '2016-01-01', to: '2016-12-31' });
  });
});

describe('normalizeDate: a date as written, or null when it is none', () => {
  it.each([
    ['2024年1月20日', '2024-01-20'],
    ['2024-02-29', '2024-02-29'],
    ['二O二三年十二月三十一日', '2023-12-31'],
    ['二〇二三年二月二十八日', '2023-02-28'],
  ])('%s → %s', (written, iso) => expect(normalizeDate(written)).toBe(iso));

  it.each(['2023-02-31', '2023-02-29', '2023年4月31日', '2023/06/31', '二〇二三年二月三十日', '二〇二三年九月三十一日', '2023-13-01', '2023-00-10'])(
    'refuses the impossible date %s',
    (written) => expect(normalizeDate(written)).toBeNull(),
  );

  it('reads no statistics period ending on a day that does not exist', async () => {
    const r = await read(`广州市天河区教育局2023年政府信息公开工作年度报告\n本报告统计期限为2023年1月1日至2023年2月31日。\n${BODY}`);
    expect(r.report.meta.period).toBeNull();
  });
});
