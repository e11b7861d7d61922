/**
 * Text normalization shared by the extractors and the mapper. Reports mix full-width and ASCII
 * punctuation, spaces inside labels and curly quotes; labels are compared on a "compact" form.
 */

// Characters NFKC changes in Chinese documents: full-width ASCII, ideographic space, Kangxi
// radicals from PDF extraction (⼀ for 一), enclosed and compatibility forms. Skipping NFKC for
// strings without them keeps the hot path cheap.
const NEEDS_NFKC = /[\u00a0\u2000-\u200b\u2150-\u218f\u2460-\u24ff\u2f00-\u2fdf\u3000\u3200-\u33ff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff01-\uffef]/;

/** NFKC where it matters (full-width → ASCII and the like). */
const slowNfkc = (text: string): string => (NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text);

// Every line and cell goes through NFKC, most with a full-width comma or bracket in them, and ICU's
// normalize costs more per call than the text it reads. Most characters of a report are ones NFKC
// leaves alone or maps to one other character that nothing composes with (full-width forms to ASCII,
// Kangxi radicals to ideographs): a string of only those is mapped here, character by character,
// which is what NFKC does to it. Any other character sends the whole string to `slowNfkc`.
const UNKNOWN = 0;
const KEEP = 1;
const FOLD = 2;
const SLOW = 3;
const kinds = new Uint8Array(0x10000);
const folds = new Uint16Array(0x10000);
for (let c = 0; c < 0x80; c++) kinds[c] = KEEP;

/** Blocks where no character combines with its neighbours under NFKC, so each can be judged alone. */
const INDEPENDENT =
  /[\u00a0\u00b7\u00d7\u00f7\u2000-\u2027\u2030-\u205e\u2150-\u218f\u2190-\u23ff\u2460-\u27bf\u2e80-\u2fdf\u3000-\u303f\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff01-\uff5e\uffe0-\uffee]/;

function kindOf(c: number): number {
  let kind = SLOW;
  const ch = String.fromCharCode(c);
  if (INDEPENDENT.test(ch)) {
    const n = ch.normalize('NFKC');
    if (n === ch) kind = KEEP;
    // Mapped only where slowNfkc would normalize at all, to one character that is itself kept.
    else if (n.length === 1 && NEEDS_NFKC.test(ch) && kindAt(n.charCodeAt(0)) === KEEP) {
      kind = FOLD;
      folds[c] = n.charCodeAt(0);
    }
  }
  kinds[c] = kind;
  return kind;
}

const kindAt = (c: number): number => {
  const kind = kinds[c];
  return kind === undefined || kind === UNKNOWN ? kindOf(c) : kind;
};

/** Longer than this, ICU's one call over the whole text beats mapping it piece by piece. */
const SHORT = 64;

export function nfkc(text: string): string {
  if (text.length > SHORT) return slowNfkc(text);
  let n = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let m = c;
    if (c >= 0x80) {
      const kind = kindAt(c);
      if (kind === SLOW) return slowNfkc(text);
      if (kind === FOLD) m = folds[c] ?? c;
    }
    if (n === -1) {
      if (m === c) continue;
      n = copyUpTo(text, i);
    }
    out[n++] = m;
  }
  return n === -1 ? text : String.fromCharCode.apply(null, out.subarray(0, n) as unknown as number[]);
}

/**
 * The changed string is written here and made in one piece: built by concatenation it would be a
 * rope, which every regular expression after it would first have to flatten.
 */
const out = new Uint16Array(SHORT);
function copyUpTo(text: string, end: number): number {
  for (let k = 0; k < end; k++) out[k] = text.charCodeAt(k);
  return end;
}

/** What `compact` drops after NFKC: whitespace (`\s`, U+200B) and quotes (“”‘’"'「」『』〝〞). */
const DROPPED = new Uint8Array(0x10000);
for (const c of [9, 10, 11, 12, 13, 0x20, 0x22, 0x27, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) DROPPED[c] = 1;
for (let c = 0x2000; c <= 0x200b; c++) DROPPED[c] = 1;
for (const q of '“”‘’「」『』〝〞') DROPPED[q.charCodeAt(0)] = 1;

/** NFKC, then the DROPPED characters removed in one pass (two regular-expression replaces did it in two). */
function slowCompact(text: string): string {
  const n = slowNfkc(text);
  let parts: string[] | undefined;
  let from = 0;
  for (let i = 0; i < n.length; i++) {
    if (DROPPED[n.charCodeAt(i)] !== 1) continue;
    parts ??= [];
    if (i > from) parts.push(n.slice(from, i));
    from = i + 1;
  }
  if (parts === undefined) return n;
  if (from < n.length) parts.push(n.slice(from));
  return parts.join('');
}

/** NFKC, no whitespace, no quotes: `nfkc` and the two removals in one pass where `nfkc` can map alone. */
export function compact(text: string): string {
  if (text.length > SHORT) return slowCompact(text);
  let n = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let m = c;
    if (c >= 0x80) {
      const kind = kindAt(c);
      if (kind === SLOW) return slowCompact(text);
      if (kind === FOLD) m = folds[c] ?? c;
    }
    const dropped = DROPPED[m] === 1;
    if (n === -1) {
      if (m === c && !dropped) continue;
      n = copyUpTo(text, i);
    }
    if (!dropped) out[n++] = m;
  }
  return n === -1 ? text : String.fromCharCode.apply(null, out.subarray(0, n) as unknown as number[]);
}

const NUMBERING = /(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|(?<!\d)\d{1,2}[.、)](?!\d))/g;

/**
 * The label proper: the last segment after any outline numbering. A merged or PDF-joined cell like
 * "三、本年度办理结果（一）予以公开" yields "予以公开"; "1.属于国家秘密" yields "属于国家秘密".
 */
export function labelCore(compactText: string): string {
  if (!mayHaveNumbering(compactText)) return compactText;
  const parts = compactText.split(NUMBERING);
  return parts.findLast((part) => part !== '') ?? '';
}

/** 一 … 十 by UTF-16 code unit, and the ASCII digits: what stands right before a numbering's end. */
const NUMERAL = new Uint8Array(0x10000);
for (const c of '一二三四五六七八九十0123456789') NUMERAL[c.charCodeAt(0)] = 1;

/**
 * Every numbering ends in 、 . or ) right after a numeral or digit: text without such a pair (most
 * labels, nearly all prose, where 、 follows a word) is its own core, without the regular expression.
 */
function mayHaveNumbering(text: string): boolean {
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 0x3001 || c === 0x2e || c === 0x29) && NUMERAL[text.charCodeAt(i - 1)] === 1) return true;
  }
  return false;
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
// By UTF-16 code unit (all of them are in the BMP): the title grammar simplifies every line it tries,
// and a lookup per character is cheaper than a character class of 150 members.
const T2S = new Uint16Array(0x10000);
for (let i = 0; i < TRADITIONAL.length; i++) T2S[TRADITIONAL.charCodeAt(i)] = SIMPLIFIED.charCodeAt(i);

/** Traditional → simplified for the characters above; one for one, so indices stay valid. */
export function toSimplified(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const s = T2S[text.charCodeAt(i)] ?? 0;
    if (s === 0) continue;
    out += text.slice(from, i) + String.fromCharCode(s);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
