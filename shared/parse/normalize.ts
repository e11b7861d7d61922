/**
 * Text normalization shared by the extractors and the mapper. Reports mix full-width and ASCII
 * punctuation, spaces inside labels and curly quotes; labels are compared on a "compact" form.
 */

const QUOTES = /[“”‘’"'「」『』〝〞]/g;
const SPACE = /[\s\u00a0\u3000\u200b\ufeff]+/g;

// Characters NFKC changes in Chinese documents: full-width ASCII, ideographic space, Kangxi
// radicals from PDF extraction (⼀ for 一), enclosed and compatibility forms. Skipping NFKC for
// strings without them keeps the hot path cheap.
const NEEDS_NFKC = /[\u00a0\u2000-\u200b\u2150-\u218f\u2460-\u24ff\u2f00-\u2fdf\u3000\u3200-\u33ff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff01-\uffef]/;

/** NFKC where it matters (full-width → ASCII and the like). */
export const nfkc = (text: string): string => (NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text);

/** NFKC, no whitespace, no quotes. */
export function compact(text: string): string {
  return nfkc(text).replace(SPACE, '').replace(QUOTES, '');
}

const NUMBERING = /(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|(?<!\d)\d{1,2}[.、)](?!\d))/g;

/**
 * The label proper: the last segment after any outline numbering. A merged or PDF-joined cell like
 * "三、本年度办理结果（一）予以公开" yields "予以公开"; "1.属于国家秘密" yields "属于国家秘密".
 */
export function labelCore(compactText: string): string {
  const parts = compactText.split(NUMBERING);
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i]) return parts[i]!;
  return '';
}

/** Leading outline numbering removed once: "二、主动公开政府信息情况" → "主动公开政府信息情况". */
export function stripNumbering(compactText: string): string {
  return compactText.replace(/^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、)](?!\d))/, '');
}

const CN_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** "二〇二一" → "2021"; other text unchanged. */
export function chineseYearDigits(text: string): string {
  return text.replace(/[〇零一二三四五六七八九]{4}(?=年)/g, (m) => [...m].map((c) => CN_DIGITS[c]).join(''));
}

// Traditional characters seen in titles and agency names of reports published in traditional script
// (or typed with a traditional input method). One character to one, so positions are kept.
const TRADITIONAL =
  '開報告廣東區縣門務機關國會員廳辦衛發華龍灣鎮鄉處長農業網財稅總體經濟環護醫療藥監導學師範設計劃統數據條與說書號時間來質貿產價勞動險傳電視軍專圖館漢陽鄭蘇遼寧雲貴陝肅內臺義轄屬應對聯團資訊歷權審稱類興辦觀點響營園場礦運輸鐵無線離陸盟區黨組織紀檢議僑聯婦兒齡養屬樓橋莊鄰縣鎮鄉級';
const SIMPLIFIED =
  '开报告广东区县门务机关国会员厅办卫发华龙湾镇乡处长农业网财税总体经济环护医疗药监导学师范设计划统数据条与说书号时间来质贸产价劳动险传电视军专图馆汉阳郑苏辽宁云贵陕肃内台义辖属应对联团资讯历权审称类兴办观点响营园场矿运输铁无线离陆盟区党组织纪检议侨联妇儿龄养属楼桥庄邻县镇乡级';
const T2S = new Map([...TRADITIONAL].map((c, i) => [c, SIMPLIFIED[i]!]));
const HAS_TRADITIONAL = new RegExp(`[${TRADITIONAL}]`);

/** Traditional → simplified for the characters above; one for one, so indices stay valid. */
export function toSimplified(text: string): string {
  return HAS_TRADITIONAL.test(text) ? [...text].map((c) => T2S.get(c) ?? c).join('') : text;
}
