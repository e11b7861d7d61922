import { compact, nfkc } from './normalize';
import type { Token } from './tokens';

/**
 * Page furniture in text copied from CMS pages, printouts and converted PDFs: page numbers,
 * breadcrumbs, print headers, font-size and share widgets, running headers. None of it is ever
 * the title, the agency, the preamble or the narrative. Only whole lines outside tables are
 * judged here; a table cell "6" is a value, never a page number.
 */

/** A line that is only a page number: "—6—", "- 6 -", "－ 6 －", "第 6 页 共 9 页", "第6页", "6/9", "Page 6 of 9". */
const PAGE_NUMBER =
  /^(?:[-—–－~_─]+\d{1,4}[-—–－~_─]+|第[\d一二三四五六七八九十]{1,4}页(?:[,，/、]?共[\d一二三四五六七八九十]{1,4}页)?|共\d{1,4}页[,，/、]?第\d{1,4}页|\d{1,4}\/\d{1,4}|page\d{1,4}(?:(?:of|\/)\d{1,4})?)$/i;

/** A browser's print header or footer: "2023/3/1 10:21  XX区人民政府门户网站", "http://… 2/9". */
const PRINT_HEADER = /^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:[上下]午\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s|$)/;
const URL_WITH_PAGE = /^(?:https?:\/\/|www\.)\S+\s+\d{1,4}\s*\/\s*\d{1,4}$/i;
/** A PDF viewer's page label: "Page 9 - 某某县人民政府". */
const PAGE_LABEL = /^page\s*\d{1,4}\s*[-—–:：]/i;
const URL_ONLY = /^(?:https?:\/\/|www\.)\S+$/i;

const MAY_BE_FURNITURE = /^[\s\u3000]*[-—–－~_─第共\d０-９PpHhWwＰｐ]/;

/** Sentence punctuation: a line holding it is text, whatever else it looks like. */
const SENTENCE = /[。；;！!？?]/;

/**
 * A page number that starts with a digit is digits, a slash and digits: a line that starts with a
 * digit and holds an ideograph (a numbered table row, "2.其他法律…") is none, and is not compacted to
 * find out.
 */
function mayBePageNumber(t: string): boolean {
  const first = t.charCodeAt(0);
  if (first < 48 || first > 57) return true;
  for (let i = 1; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) return false;
  }
  return true;
}

/** A page number, a print header or a printed URL with its page counter. */
export function isPageFurniture(text: string): boolean {
  // Every shape starts with a dash, 第/共, a digit, "Page" or a URL: most lines fail this at once.
  if (text.length > 160 || !MAY_BE_FURNITURE.test(text)) return false;
  const t = nfkc(text).trim();
  if (t === '') return false;
  if (mayBePageNumber(t) && PAGE_NUMBER.test(compact(t))) return true;
  if (SENTENCE.test(t)) return false;
  // A print header holds a date, a time and a name; a line that goes on with a clause is text.
  return (PRINT_HEADER.test(t) && !/[，,、]/.test(t)) || URL_WITH_PAGE.test(t) || PAGE_LABEL.test(t);
}

// "当前位置：首页 > 政务公开 > …", "您现在的位置：…", "首页 >> 信息公开 >> 年度报告".
const BREADCRUMB =
  /^(?:您|你)?(?:当前|现在|目前|所在)?(?:的|所在的)?位置\s*[:：>]|^(?:您|你)(?:当前|现在|目前|所在)?(?:的|所在的)?位置|首页\s*(?:[>»›＞→]|\/\s*\S)|[>»›＞]\s*(?:政务公开|信息公开|政府信息公开|年度报告|年报)/;
// Widgets around the article: font size, print and close, share, view counts.
const WIDGET =
  /^[【[]?\s*(?:字体|字号)\s*[:：]|大\s*中\s*小\s*[】\]]?$|打印本页|打印此页|打印文章|关闭窗口|关闭本页|【打印】|【关闭】|\[打印\]|\[关闭\]|收藏本页|加入收藏|^分享到|^分享[:：]|^扫一扫|^(?:浏览|阅读|访问|点击)(?:次数|量|数)\s*[:：]|^视力保护色|^[【[]?大[】\]]?\s*[【[]?中[】\]]?\s*[【[]?小[】\]]?$|^(?:微信|微博|新浪微博|腾讯微博|QQ空间|QQ好友|朋友圈|复制链接|收藏|打印|关闭|返回顶部|返回|无障碍|长者模式|关怀版|阅读模式|栏目导航|网站导航|导航)$/i;

/** Breadcrumbs, widgets and print furniture: chrome above (or around) the article. */
export function isChromeLine(text: string): boolean {
  if (text.length > 200) return false;
  const t = nfkc(text).trim();
  if (t === '' || SENTENCE.test(t)) return false;
  return BREADCRUMB.test(t) || WIDGET.test(t) || isPageFurniture(t);
}

/** Outline numbering: a sub-heading ("（一）工作措施") may recur in several sections; it is text. */
const NUMBERED = /^(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．)])/;

const SITE = /网站|门户|网$|政府网|年度报告|年报|https?:|www\./i;

/**
 * Running headers: short lines outside tables that recur page after page and name the site, the
 * report or its agency (`names`, compact). Three times is a header; a bare URL twice. A line that
 * names none of them is text however often it recurs ("本年度无此情况" closing three sections).
 * Returns their compact forms.
 */
export function runningHeaders(tokens: readonly Token[], from: number, to: number, names: readonly string[] = []): Set<string> {
  const counts = new Map<string, number>();
  for (let i = Math.max(0, from); i < Math.min(to, tokens.length); i++) {
    const t = tokens[i];
    if (t === undefined || t.cell || t.value !== undefined || t.text.length > 120) continue;
    const c = t.compact;
    if (c.length < 4 || c.length > 80 || SENTENCE.test(c) || /[，,]/.test(c) || NUMBERED.test(c)) continue;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const out = new Set<string>();
  const named = (c: string) => SITE.test(c) || names.some((name) => name.length >= 2 && c.includes(name));
  for (const [c, n] of counts) if ((n >= 3 && named(c)) || (n >= 2 && URL_ONLY.test(c))) out.add(c);
  return out;
}
