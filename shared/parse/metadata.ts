import type { ReportMeta } from '../model/report';
import type { CmsBlock } from './cms-block';
import type { DocumentMeta } from './input-kinds';
import { compact, nfkc } from './normalize';
import { isChromeLine } from './page-chrome';
import { parseTitle, type ParsedTitle } from './title';
import type { Token } from './tokens';

/**
 * What a report says about itself besides the title: the CMS block (发布机构, 发布日期, 成文日期),
 * the container's metadata (HTML <meta>), the statistics period sentence and the signature block.
 * Pure: the tokens and the container metadata in, the model's `meta` out.
 */

const CN_NUM: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 三十一 (also 廿, 卅) → number; undefined when it is not one. */
function cnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二三四五六七八九]?)(十|廿|卅)?([一二三四五六七八九]?)$/.exec(s);
  if (!m || s === '') return undefined;
  if (!m[2]) return m[1] && !m[3] ? CN_NUM[m[1]] : undefined;
  const tens = m[2] === '廿' ? 2 : m[2] === '卅' ? 3 : m[1] ? CN_NUM[m[1]] : 1;
  const ones = m[3] ? CN_NUM[m[3]] : 0;
  return tens === undefined || ones === undefined ? undefined : tens * 10 + ones;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as written → YYYY-MM-DD. A month without a day is dated the 1st: the earliest it can be. */
export function normalizeDate(written: string): string | null {
  const s = nfkc(written)
    .replace(/\s+/g, '')
    // "二○二四年", "二O二四年", "二0二四年": a circle, a letter O or a digit 0 typed for 〇.
    .replace(/[〇零一二三四五六七八九○◯Oo0]{4}(?=年)/g, (m) => (/[一二三四五六七八九]/.test(m) ? m.replace(/[○◯Oo0]/g, '〇') : m));
  let y: number | undefined;
  let mo: number | undefined;
  let d: number | undefined;
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(s) ?? /^(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?/.exec(s);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1];
  else {
    const [, cnYear, cnMonth, cnDay] =
      /^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十廿卅]{1,3})[日号])?/.exec(s) ?? [];
    if (cnYear !== undefined && cnMonth !== undefined) {
      y = Number([...cnYear].map((c) => CN_NUM[c]).join(''));
      mo = cnNumber(cnMonth);
      d = cnDay ? cnNumber(cnDay) : 1;
    }
  }
  if (y === undefined || mo === undefined || d === undefined) return null;
  if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  // 2023-02-31, 二〇二三年四月三十一日: no such day.
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

const DATE_WRITTEN = String.raw`\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*(?:\d{1,2}\s*[日号]?)?|[〇零○◯Oo0一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十廿卅]{1,3}[日号])?`;
/** A line that is only a date (the signature's). */
const DATE_LINE = new RegExp(`^(?:${DATE_WRITTEN})$`);
const SIGNED_LINE = new RegExp(`^(.+?)(${DATE_WRITTEN})$`);

/** Ends of agency names: a signature or 发布机构 must look like one. */
const AGENCY_END = /(?:政府|办公室|办公厅|委员会|局|委|办|厅|署|院|会|处|中心|街道|管委会|公司|集团|所|站|队|馆|部|行|社|盟|旗|镇|乡|总局|监狱|学校|大学)$/;
const NOT_AN_AGENCY = /^(?:本网|本站|本机关|本单位|本部门|网站|原创|转载|未知|无)$|网站$|门户|网$/;

export function agencyLike(s: string): boolean {
  const c = compact(s);
  return c.length >= 3 && c.length <= 50 && AGENCY_END.test(c) && !NOT_AN_AGENCY.test(c) && !/[。，；;：:！？]|^[（(一二三四五六七八九十\d]/.test(c);
}

/** A place's name ("闽侯县", "平潭综合实验区"): what a 发布机构 field may hold besides an agency's. */
const PLACE_END = /(?:省|自治区|市|自治州|州|地区|盟|县|区|旗|镇|乡|街道)$/;

/** A 发布机构 value: an agency's name, or a place's, which the field states outright. */
export function publisherLike(s: string): boolean {
  const c = compact(s);
  return agencyLike(s) || (c.length >= 3 && c.length <= 30 && PLACE_END.test(c) && !NOT_AN_AGENCY.test(c) && !/[。，；;：:！？\d>＞/|]/.test(c));
}

const TRAILER = /^(?:[(（][^()（）]{1,30}[)）]|[-—]?\d{1,3}[-—]?|第\d{1,3}页(?:共\d{1,3}页)?)$/;

const PERIOD = new RegExp(
  String.raw`统计(?:期限|时限|时段|区间|周期|时间)[^\d〇零一二三四五六七八九]{0,6}(${DATE_WRITTEN})[起]?\s*(?:至|到|—|－|-|~|～)\s*(${DATE_WRITTEN}|\d{1,2}月\d{1,2}日)`,
);

export interface MetaInput {
  tokens: Token[];
  /** where the text ends and page chrome begins */
  end: number;
  /** the CMS block above the article (see cms-block.ts) */
  block?: Omit<CmsBlock, 'tokens'>;
  document?: DocumentMeta;
  /** running headers and the like: never the signature */
  furniture?: (t: Token) => boolean;
}

export function readMeta({ tokens, end, block, document, furniture }: MetaInput): ReportMeta {
  const meta: ReportMeta = { published: null, signed: null, signedBy: null, publisher: null, period: null };
  // The page's own block first ("发布日期：2024-01-20"), then the container's <meta>.
  meta.published = dateOf(block?.published) ?? dateOf(document?.published);
  const written = dateOf(block?.written);
  const publisher = block?.sources.find(publisherLike) ?? (document?.source !== undefined && agencyLike(document.source) ? document.source : undefined);
  if (publisher) meta.publisher = compact(publisher);

  // The statistics period: one sentence, usually in the preamble.
  for (let i = 0; i < Math.min(end, tokens.length); i++) {
    const t = tokens[i];
    if (t === undefined || t.value !== undefined || t.text.length > 2000 || !t.text.includes('统计')) continue;
    const [, fromText, toText] = PERIOD.exec(nfkc(t.text)) ?? [];
    if (fromText === undefined || toText === undefined) continue;
    const from = normalizeDate(fromText);
    // "2023年1月1日至12月31日": the end in the same year.
    const to = normalizeDate(/^\d{1,2}月/.test(toText) && from ? `${from.slice(0, 4)}年${toText}` : toText);
    if (from && to && from <= to) {
      meta.period = { from, to };
      break;
    }
  }

  // The signature: the agency on its own line and a date, the last lines before the end.
  const tail: string[] = [];
  for (let i = Math.min(end, tokens.length) - 1; i >= 0 && tail.length < 3; i--) {
    const t = tokens[i];
    if (t === undefined) continue;
    const text = t.text.trim();
    // Notes under the signature ("（此件主动公开）", "- 5 -" page numbers, a printout's URL and
    // page counter, the site's name heading every page) are not part of it.
    if (text && !TRAILER.test(compact(text)) && !isChromeLine(text) && !furniture?.(t)) tail.unshift(text);
  }
  for (const line of tail.slice().reverse()) {
    const c = compact(line);
    if (!meta.signed && DATE_LINE.test(c)) {
      meta.signed = normalizeDate(c);
      continue;
    }
    // "机关名称 2024年1月20日" on one line.
    const [, signer, date] = (c.length <= 80 ? SIGNED_LINE.exec(c) : null) ?? [];
    if (!meta.signed && !meta.signedBy && signer !== undefined && date !== undefined && agencyLike(signer)) {
      meta.signedBy = signer;
      meta.signed = normalizeDate(date);
      break;
    }
    if (!meta.signedBy && agencyLike(line)) meta.signedBy = c;
    break;
  }
  meta.signed ??= written;
  return meta;
}

/** A date as written, when there is one and it is a real date. */
const dateOf = (written: string | undefined): string | null => (written ? normalizeDate(written) : null);

/** A title from the container: "<title>标题_网站名</title>" and ArticleTitle, split at the site name. */
export function titleFromDocument(document?: DocumentMeta): ParsedTitle | undefined {
  if (!document?.title) return undefined;
  const whole = parseTitle(document.title);
  if (whole?.agency && whole.year !== null) return whole;
  const parts = document.title.split(/\s*[_|｜]\s*|\s+[-—–]+\s+|-{2,}|——/).filter(Boolean);
  let best = whole;
  for (const part of parts) {
    const p = parseTitle(part);
    if (p && (!best || (p.agency ? 2 : 0) + (p.year !== null ? 1 : 0) > (best.agency ? 2 : 0) + (best.year !== null ? 1 : 0))) best = p;
  }
  return best;
}

/** The report year from the statistics period: the year it covers. */
export const yearOfPeriod = (period: ReportMeta['period']): number | null =>
  period && period.from.slice(0, 4) === period.to.slice(0, 4) ? Number(period.from.slice(0, 4)) : null;
