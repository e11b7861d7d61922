import type { ParseMessage, Position } from '../model/findings';
import { chineseYearDigits, compact, toSimplified } from './normalize';
import { textBeforeCmsLabel } from './cms-block';
import { isChromeLine } from './page-chrome';
import type { Token } from './tokens';

/**
 * The title grammar, in one place. A title is an optional agency and year around the report
 * phrase ("政府信息公开工作年度报告" and its variants), in either order, with the year possibly inside
 * the phrase ("政府信息公开工作2023年度报告"). Everything is matched on a normalized form (compact,
 * simplified, Arabic year digits) that keeps every character's index, so the agency is cut from
 * the title as printed.
 */

const YEAR = String.raw`(\d{4})年度?`;
const KIND_CORE = '(?:政府信息公开|政务公开|信息公开)';
/** The report phrase, anchored at the end of the title. */
const KIND = new RegExp(
  `${KIND_CORE}(?:[和与暨及、]${KIND_CORE})?(?:工作)?(?:情况)?(?:${YEAR})?(?:工作)?(?:情况)?(?:年度)?(?:工作)?(?:情况)?(?:的)?(?:报告|年报)$`,
);
const HEAD_YEAR_FIRST = new RegExp(`^${YEAR}(?:的)?`);
const HEAD_YEAR_LAST = new RegExp(`${YEAR}(?:的)?$`);
const SUFFIX_EXT = /\.(?:pdf|docx?|wps|txt|html?|ofd)$/i;
/** A trailing note in brackets: （超链版）, (图片版), 【全文】; a year in it is kept apart. */
const SUFFIX_NOTE = /[([【]([^()[\]【】]{1,12})[)\]】]$/;
const YEAR_NOTE = /^(\d{4})(?:年度?)?$/;
const YEAR_AFTER = /(?<=报告|年报|報告|年報)[-—–_]?(\d{4})(?:年度?)?$/;
/** A year in brackets or a range of years, anywhere before the phrase: "某局（2023年）…", "某局2023-2024年度…". */
const YEAR_SPAN = /[([【](\d{4})(?:年度?)?(?:[-—–~至到](\d{4})(?:年度?)?)?[)\]】]|(?<!\d)(\d{4})(?:年度?)?[-—–~至到](\d{4})(?!\d)(?:年度?)?/;
/** A year in an agency name: "北京市密云区科委2023" is the head of a range, not a name. */
const HAS_YEAR = /\d{4}年|(?<!\d)(?:19|20)\d{2}(?!\d)/;

// CMS breadcrumbs ("当前位置：首页 > 政务公开 > …") repeat the title; they are not it.
const BREADCRUMB = /(?:当前|现在|您|你|所在|目前)的?位置|首页\s*[>»›＞→]|[>»›＞]\s*(?:政务公开|信息公开|政府信息公开|年度报告|年报)/;
/** Lists of other reports: a title in or right after one of these is a link, not this report's. */
const RELATED = /^(?:相关链接|相关文章|相关信息|相关阅读|相关文件|往年报告|历年报告|历年年报|推荐阅读|热点|上一篇|下一篇|上一条|下一条)/;
/** Words that are page furniture, never an agency. */
const NOT_AGENCY = /报告|年报|信息公开|首页|网站|门户|专栏|栏目|当前位置|^政务公开$|^政府信息公开|^(?:正文|标题|附件|全文|下载|打印|关闭)$/;
// CMS article furniture between the title and the text.
export const ARTICLE_META =
  /^(发布时间|发布日期|来源|字号|浏览次数|点击数|索引号|发文机关|发布机构|成文日期|生成日期|文号|发文字号|主题分类|公开方式|有效性|【字体|\[字体|分享)[:：]?/;
const SENTENCE = /[。，；;！？!?]/;

export interface ParsedTitle {
  /** the agency as printed (compact form), '' when the title names none */
  agency: string;
  year: number | null;
  /** the title as printed, without file extension or bracketed note */
  text: string;
  /** "2023-2024年度": both years; `year` is the first until the document says which (see findTitle) */
  range?: [number, number];
}

/** The normalized form the grammar runs on: same length as `compactText`. */
const normalizeForGrammar = (compactText: string) => {
  const simplified = toSimplified(compactText);
  // Both year rewrites need a 年 after the digits: without one (most text tried) they change nothing.
  if (!simplified.includes('年')) return simplified;
  // "二○二三年": a white circle (or a letter O) typed for 〇.
  return chineseYearDigits(simplified.replace(MIXED_YEAR, (m) => (/[一二三四五六七八九]/.test(m) ? m.replace(/[○◯Oo0]/g, '〇') : m)));
};
/** "二○二三年", "二O二三年", "二0二三年": a circle, a letter O or a digit 0 typed for 〇. */
const MIXED_YEAR = /[〇零一二三四五六七八九○◯Oo0]{4}(?=年)/g;

const TITLE_LABEL =
  /^[\s\u3000]*(?:[【[]?[\s\u3000]*(?:文章标题|信息名称|标[\s\u3000]*题|名[\s\u3000]*称|题[\s\u3000]*目)[\s\u3000]*[】\]]?[\s\u3000]*[:：]|附件[\s\u3000]*\d{0,2}[\s\u3000]*[:：、.]|\d{1,3}[.、_\-．](?!\d))[\s\u3000]*/;

/** "…关于印发《…年度报告》的通知": the report is the part inside. */
const COVER_NOTE = /^(.*?关于(?:印发|公布|发布|公开))(.*)的(?:通知|公告|函)$/;

/**
 * One title string (possibly several lines joined) → agency and year, or undefined when it is
 * not a report title. Pure; used for body lines, HTML <title>/ArticleTitle and file names alike.
 */
export function parseTitle(labelled: string): ParsedTitle | undefined {
  // A title copied with its CMS label ("标　　题：…", "名称：…"): the label is no part of it.
  const raw = labelled.replace(TITLE_LABEL, '');
  let printed = compact(raw).replace(/[《》]/g, '');
  if (printed.length < 6 || printed.length > 120) return undefined;
  let noteYear: number | null = null;
  let noteAgency = '';
  // The grammar's form of `printed`, made once for each value it takes (three tests read it).
  let formOf: string | undefined;
  let form = '';
  const grammarForm = (text: string): string => {
    if (text !== formOf) {
      formOf = text;
      form = normalizeForGrammar(text);
    }
    return form;
  };
  for (let guard = 0; guard < 4; guard++) {
    const ext = SUFFIX_EXT.exec(printed);
    if (ext) {
      printed = printed.slice(0, ext.index);
      continue;
    }
    const note = SUFFIX_NOTE.exec(printed);
    const noted = note?.[1];
    if (note && noted !== undefined && !/报告|年报$/.test(noted)) {
      const y = YEAR_NOTE.exec(normalizeForGrammar(noted));
      if (y) noteYear = Number(y[1]);
      // "…年度报告（某某县人民政府办公室）": the agency signs after the title.
      else if (isAgencyLike(noted) && NAME_END.test(toSimplified(noted))) noteAgency = noted;
      printed = printed.slice(0, note.index);
      continue;
    }
    // "…工作年度报告2022年度": the year after the phrase.
    const tail = YEAR_AFTER.exec(grammarForm(printed));
    if (tail) {
      noteYear = Number(tail[1]);
      printed = printed.slice(0, tail.index);
      continue;
    }
    break;
  }
  const [, coverHead, coverBody] = COVER_NOTE.exec(grammarForm(printed)) ?? [];
  if (coverHead !== undefined && coverBody !== undefined) {
    const inner = parseTitle(printed.slice(coverHead.length, coverHead.length + coverBody.length));
    if (!inner) return undefined;
    const outer = printed.slice(0, coverHead.length - 4);
    return { ...inner, agency: inner.agency || (isAgencyLike(outer) ? outer : ''), text: cleanTitleText(raw) };
  }
  const s = grammarForm(printed);
  const kind = KIND.exec(s);
  if (!kind) return undefined;
  let year: number | null = kind[1] ? Number(kind[1]) : null;
  let from = 0;
  let to = kind.index;
  // "某镇人民政府信息公开…", "北京市政府信息公开…": 政府 belongs to the agency when it ends a unit name.
  if (s.startsWith('政府', to) && /(?:人民|[省市县区旗州盟镇乡])$/.test(s.slice(0, to))) to += 2;
  const head = () => s.slice(from, to);
  if (head().startsWith('关于')) from += 2;
  // A bracketed year or a range anywhere in the head: left out of the agency (cut below).
  let span: [number, number] | undefined;
  let range: [number, number] | undefined;
  const odd = YEAR_SPAN.exec(head());
  if (odd) {
    span = [from + odd.index, from + odd.index + odd[0].length];
    year = Number(odd[1] ?? odd[3]);
    const end = odd[2] ?? odd[4];
    // "2023-2024年度" is ambiguous: the report of 2023 published in 2024, or one for both years.
    // The first year stands until the document's statistics period says otherwise (findTitle).
    if (end) range = [year, Number(end)];
  }
  // Otherwise a plain year first or last: "2023年{机关}…", "{机关}2023年…".
  const first = odd ? null : HEAD_YEAR_FIRST.exec(head());
  const last = odd || first ? null : HEAD_YEAR_LAST.exec(head());
  if (first) {
    year = Number(first[1]);
    from += first[0].length;
  } else if (last) {
    year = Number(last[1]);
    to -= last[0].length;
  }
  if (year === null) year = noteYear;
  // "{机关}关于…的报告", separators left around the agency.
  for (let changed = true; changed; ) {
    changed = false;
    const h = head();
    if (span && from === span[0]) {
      from = span[1];
      changed = true;
    } else if (span && to === span[1]) {
      to = span[0];
      changed = true;
    } else if (/(?:关于|的)$/.test(h)) {
      to -= h.endsWith('的') ? 1 : 2;
      changed = true;
    } else if (/^[-_—–:：|·]/.test(h)) {
      from += 1;
      changed = true;
    } else if (/[-_—–:：|·]$/.test(h)) {
      to -= 1;
      changed = true;
    }
  }
  // A span left inside ("北京市（2023年）密云区科委"): the agency is the text on both sides of it.
  let agency = span && from < span[0] && span[1] < to ? printed.slice(from, span[0]) + printed.slice(span[1], to) : printed.slice(from, Math.max(from, to));
  // "【某某局】2023年…", "[某某局]…"
  const wrapped = /^[【[(]([^【】[\]()]+)[】\])]$/.exec(agency)?.[1];
  if (wrapped !== undefined) agency = wrapped;
  // "某区人民政府关于某区2023年…": the agency is the one that reports.
  const about = agency.indexOf('关于');
  if (about >= 2) agency = agency.slice(0, about);
  if (!isAgencyLike(agency)) agency = noteAgency;
  return range ? { agency, year, text: cleanTitleText(raw), range } : { agency, year, text: cleanTitleText(raw) };
}

function isAgencyLike(s: string): boolean {
  const cjk = s.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  return cjk >= 2 && s.length <= 50 && !NOT_AGENCY.test(toSimplified(s)) && !SENTENCE.test(s) && !HAS_YEAR.test(s);
}

/** The printed title without a file extension or a bracketed version note. */
function cleanTitleText(raw: string): string {
  let t = raw.trim().replace(/^[《]|[》]$/g, '');
  for (let guard = 0; guard < 4; guard++) {
    const before = t;
    t = t
      .replace(/\s*\.(?:pdf|docx?|wps|txt|html?|ofd)\s*$/i, '')
      .replace(/\s*[（(【[]([^（）()【】[\]]{1,12})[）)】\]]\s*$/, (m, inner: string) =>
        /\d|[〇零一二三四五六七八九]{4}/.test(inner) || /报告|年报$/.test(inner) ? m : '',
      );
    if (t === before) break;
  }
  return t.replace(/《|》/g, '').trim();
}

/** Quick test for lines that repeat the title (the preamble skips them). */
export const looksLikeTitle = (compactText: string) =>
  compactText.length <= 120 && TITLE_END.test(compactText) && /(?:信息公开|政务公开|信息公開|政務公開)/.test(compactText) && !SENTENCE.test(compactText);

export interface FoundTitle extends ParsedTitle {
  /** the last token of the title */
  index: number;
  /** the first token of the title (several when it is split over lines) */
  first: number;
  pos: Position;
}

/** Text of a token for the title grammar; values (a bare "2023") count as text here. */
// A value token keeps no compact form (values are most tokens of a table); plain digits need none.
const PLAIN_DIGITS = /^\d{1,15}$/;
const lineOf = (t: Token) => (t.value === undefined ? t.compact : PLAIN_DIGITS.test(t.text) ? t.text : compact(t.text));

/** A line of the document as the title finder sees it: tokens first..last, their text joined. */
interface Line {
  first: number;
  last: number;
  text: string;
  c: string;
}

/**
 * Tokens as lines. A letter-spaced line ("广 州 市 …", as PDF text often comes) was split into a
 * row of one-character cells; it is one line again here.
 */
function linesOf(tokens: Token[], limit: number): Line[] {
  const lines: Line[] = [];
  let prevSpaced = false;
  let prevLine: number | undefined;
  for (let i = 0; i < limit; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    // "某县2023年政府信息公开工作年度报告 发布时间：…": the title is the part before the CMS fields.
    const before = t.value === undefined ? textBeforeCmsLabel(t.text) : undefined;
    const c = before === undefined ? lineOf(t) : compact(before);
    const last = lines[lines.length - 1];
    const spaced = t.cell && t.pos.line !== undefined && c.length <= 2;
    if (last && spaced && prevSpaced && prevLine === t.pos.line && last.c.length < 120) {
      last.last = i;
      last.text += t.text.trim();
      last.c += c;
    } else lines.push({ first: i, last: i, text: before ?? t.text.trim(), c });
    prevSpaced = spaced;
    prevLine = t.pos.line;
  }
  return lines;
}

/** A line that may be part of a title split over lines (agency, year or the first half). */
function titlePart(l: Line, exclude?: ReadonlySet<number>): boolean {
  const c = l.c;
  return (
    c.length > 0 &&
    c.length <= 60 &&
    !exclude?.has(l.first) &&
    !BREADCRUMB.test(c) &&
    !ARTICLE_META.test(c) &&
    !RELATED.test(c) &&
    !SENTENCE.test(c) &&
    !/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/.test(c) &&
    !isChromeLine(l.text)
  );
}

/** Ends of an agency's name, or of a place's: a line above the title must end in one to be its agency. */
const NAME_END =
  /(?:政府|局|署|委|委员会|厅|办|办公室|院|会|部|中心|处|所|站|公署|事处|街道|管委会|集团|公司|队|馆|行|海关|监狱|学校|大学|社|村|团|场|[省市区县旗州盟镇乡]|自治区|实验区|新区|开发区|林区|矿区|园区|示范区)$/;

/**
 * Title candidates in reading order. A title may span up to three lines (agency / year / phrase,
 * or "…政府信息公开工作" / "2023年度报告"). Titles in a list of links ("相关链接") are marked.
 */
function candidates(tokens: Token[], exclude?: ReadonlySet<number>): Candidate[] {
  const out: Candidate[] = [];
  const lines = linesOf(tokens, Math.min(tokens.length, 5000));
  // Inside a list of links after a "相关链接" heading; it ends at the first line that is no link.
  let inRelated = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line?.c) continue;
    const c = line.c;
    if (c.length <= 20 && RELATED.test(c)) {
      inRelated = true;
      continue;
    }
    // Most lines do not end like a title: that test goes first, and every ending has 报 or 報 in it.
    if (!(c.includes('报') || c.includes('報')) || !TITLE_END.test(c) || c.length > 120 || BREADCRUMB.test(c) || RELATED.test(c) || isChromeLine(line.text)) {
      if (inRelated && !DATE_ONLY.test(c)) inRelated = false;
      continue;
    }
    let best: Candidate | undefined;
    for (let j = i; j >= Math.max(0, i - 2); j--) {
      const from = lines[j];
      // A line starts at one of the tokens it was built from.
      const pos = from && tokens[from.first]?.pos;
      if (from === undefined || pos === undefined || (j < i && !titlePart(from, exclude))) break;
      const at = { index: line.last, first: from.first, pos };
      const parsed = parseTitle(
        lines
          .slice(j, i + 1)
          .map((x) => x.text)
          .join(''),
      );
      if (!parsed) continue;
      // A menu item above a title without an agency ("政策解读" / "2017年…报告") is no agency: a
      // line above gives one only when it ends like an agency's or a place's name.
      const p = j < i && parsed.agency && !NAME_END.test(toSimplified(parsed.agency)) ? { ...parsed, agency: '' } : parsed;
      if (!best || titleScore(p) > titleScore(best)) best = candidate(p, at, inRelated, nextLine(lines, i));
      // A line break inside the agency's name ("广州市天河区" / "教育局2023年…"): the joined name wins.
      if (j < i && best.first !== from.first && p.agency && p.year !== null && best.agency && p.agency.endsWith(best.agency)) best = { ...best, ...p, ...at };
      if (p.agency && p.year !== null && !(j === i && brokenAgency(p.agency, lines[i - 1]))) break;
    }
    if (best) out.push(best);
    else if (!DATE_ONLY.test(c)) inRelated = false;
  }
  return out;
}

interface Candidate extends FoundTitle {
  related: boolean;
  /** the next non-empty line after the title */
  next: string;
}

/** A parsed title placed in the document, built field by field: spreading the parse cost more than the grammar. */
function candidate(p: ParsedTitle, at: { index: number; first: number; pos: Position }, related: boolean, next: string): Candidate {
  const { agency, year, text, range } = p;
  const { index, first, pos } = at;
  return range ? { agency, year, text, range, index, first, pos, related, next } : { agency, year, text, index, first, pos, related, next };
}

const TITLE_END =
  /(?:报告|報告|年报|年報)》?(?:[-—–_]?\d{4}(?:年度?)?)?(?:[（(【[][^（）()【】[\]]{0,12}[）)】\]])?(?:\.\w{2,4})?$|报告》?的(?:通知|公告|函)$/i;
const DATE_ONLY = /^[[(（]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[\])）]?$/;

function nextLine(lines: Line[], i: number): string {
  for (const line of lines.slice(i + 1, i + 10)) if (line.c) return line.c;
  return '';
}

const PLACE = /[省市区县旗州盟镇乡]|国家|国务院|中华人民共和国|中国|自治/;
const AGENCY_SUFFIX = /(?:政府|局|署|委|委员会|厅|办|办公室|院|会|部|中心|处|所|站|公署|事处)$/;

/**
 * An agency without a place after a short line that is a place without an agency ("广州市天河区"):
 * the name was broken over two lines (PDF text, narrow columns).
 */
function brokenAgency(agency: string, prev: Line | undefined): boolean {
  if (!prev || PLACE.test(agency) || !titlePart(prev)) return false;
  const c = prev.c;
  return c.length <= 30 && PLACE.test(c) && !AGENCY_SUFFIX.test(c) && !TITLE_END.test(c);
}

/** How far below a title without an agency its repetition with one may stand (a CMS block's length). */
const NEAR_TOKENS = 40;

/** What a title names: the agency counts more than the year. */
export const titleScore = (p: ParsedTitle) => (p.agency ? 2 : 0) + (p.year !== null ? 1 : 0);

/** A candidate next to another full title is one of a list of reports, not necessarily this one's title. */
function inList(found: Candidate[], k: number): boolean {
  const here = found[k];
  const next = found[k + 1];
  const prev = found[k - 1];
  if (here === undefined) return false;
  return (next !== undefined && next.first === here.index + 1) || (prev !== undefined && prev.index === here.first - 1 && prev.year !== here.year);
}

/** The article starts after it: its furniture (发布日期…) or text, not another link. */
const startsArticle = (c: Candidate) => c.next !== '' && !TITLE_END.test(c.next) && !RELATED.test(c.next);

/**
 * The report's title. `exclude`: tokens that cannot be part of it (the CMS block's labels and
 * values), though a title line among them (its 标题) still can be the title.
 */
export function findTitle(tokens: Token[], messages: ParseMessage[], exclude?: ReadonlySet<number>): FoundTitle | undefined {
  const found = candidates(tokens, exclude);
  const plain = found.filter((c, k) => !c.related && !inList(found, k));
  // A title with a year beats a bare "政府信息公开年报" in a menu; the first in reading order wins.
  let pick: Candidate | undefined =
    plain.find((c) => c.year !== null) ?? plain[0] ?? found.find((c) => startsArticle(c) && c.year !== null) ?? found.find((c) => c.year !== null) ?? found[0];
  if (!pick) return undefined;
  // The same title just below with the agency (the CMS block's 标题, then the article's heading
  // with the agency above it): that one names more.
  if (!pick.agency && pick.year !== null) {
    const first = pick;
    const fuller = plain.find((c) => c.agency && c.year === first.year && c.first > first.index && c.first - first.index <= NEAR_TOKENS);
    if (fuller) pick = fuller;
  }
  // "2023-2024年度": the year of the statistics period when it is one of the two, else the first.
  if (pick.range) pick = { ...pick, year: periodYear(tokens, pick.index + 1, pick.range) ?? pick.year };
  if (pick.year !== null && (pick.year < 2000 || pick.year > 2100)) {
    messages.push({ level: 'warning', code: 'YEAR_INVALID', message: `标题中的年度“${pick.year}”不是有效的报告年度`, position: pick.pos });
    pick = { ...pick, year: null };
  }
  const { related: _r, next: _n, range: _y, ...title } = pick;
  return title;
}

// The statistics period, year only: "统计期限自2023年1月1日起至2023年12月31日止".
const PERIOD_YEAR = /统计(?:期限|时限|时段|区间|周期|时间)\D{0,6}(\d{4})年\d{1,2}月\d{1,2}日?起?(?:至|到|—|-|~)(?:(\d{4})年)?\d{1,2}月/;

/**
 * The year a title's range ("2023-2024年度") stands for: the one the statistics period covers, when
 * it covers one year of the range; otherwise undefined (the first year stands). Run only for a range.
 */
function periodYear(tokens: Token[], start: number, [a, b]: [number, number]): number | undefined {
  for (let i = start; i < Math.min(tokens.length, start + 300); i++) {
    const t = tokens[i];
    if (t === undefined || t.value !== undefined || !t.compact.includes('统计')) continue;
    const m = PERIOD_YEAR.exec(t.compact);
    if (!m || (m[2] && m[2] !== m[1])) continue;
    const y = Number(m[1]);
    return y >= a && y <= b ? y : undefined;
  }
  return undefined;
}
