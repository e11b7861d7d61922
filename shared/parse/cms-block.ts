import type { DocumentMeta } from './input-kinds';
import { compact, nfkc } from './normalize';
import type { Token } from './tokens';

/**
 * The metadata block a CMS page prints above (or just under) the article: 标题, 发布机构, 发布日期,
 * 索引号, 文号, 主题分类 … Copied as text it comes one field a line, several on a line, label and
 * value on separate lines or in the cells of a table, with full- or half-width colons and spaced
 * labels ("标　　题："). It says what <meta name="ArticleTitle">, ContentSource and PubDate say in
 * HTML; it is never part of the title, the agency's name, the preamble or the narrative.
 */

export interface CmsBlock extends DocumentMeta {
  /** 成文日期: when the document was written (the signature date when there is none) */
  written?: string;
  /** every publisher named, 发布机构 before 来源: the first that is an agency's name is the publisher */
  sources: string[];
  /** the tokens that are labels or values of the block */
  tokens: Set<number>;
  /** the token holding the 标题 value: it may go on over the next line ("…政府信息" / "公开工作年度报告") */
  titleAt?: number;
}

type Field = 'title' | 'source' | 'origin' | 'published' | 'generated' | 'written' | 'other';

const FIELDS: Record<string, Field> = {
  标题: 'title',
  文章标题: 'title',
  信息名称: 'title',
  名称: 'title',
  发布机构: 'source',
  发文机关: 'source',
  发文单位: 'source',
  发布单位: 'source',
  所属机构: 'source',
  信息来源: 'origin',
  来源: 'origin',
  发布日期: 'published',
  发布时间: 'published',
  发表时间: 'published',
  公开日期: 'published',
  // "时间：2023-01-18  来源：…": the bare word is the publication date on many pages.
  日期: 'published',
  时间: 'published',
  更新时间: 'other',
  录入时间: 'other',
  生成日期: 'generated',
  发文日期: 'generated',
  成文日期: 'written',
  印发日期: 'written',
  索引号: 'other',
  文号: 'other',
  发文字号: 'other',
  文件编号: 'other',
  主题分类: 'other',
  体裁分类: 'other',
  组配分类: 'other',
  服务对象分类: 'other',
  内容分类: 'other',
  信息类别: 'other',
  所属主题: 'other',
  分类: 'other',
  主题词: 'other',
  关键词: 'other',
  公开方式: 'other',
  公开形式: 'other',
  公开时限: 'other',
  公开范围: 'other',
  有效性: 'other',
  时效: 'other',
  浏览次数: 'other',
  阅读次数: 'other',
  访问次数: 'other',
  点击数: 'other',
  字号: 'other',
  字体: 'other',
  作者: 'other',
  责任编辑: 'other',
};

// Longest first, so "发文字号" is not read as "文号" and "信息来源" not as "来源".
const NAMES = Object.keys(FIELDS).sort((a, b) => b.length - a.length);
/** A label spaced out to the width of the others ("标　　题", "索 引 号"); NFKC has made 　 a space. */
const spaced = (name: string) => [...name].join('[ \\t]*');
const LABEL_SRC = `(${NAMES.map(spaced).join('|')})[ \\t]*:`;
/** A label and its colon, anywhere on a line that starts with one. */
const LABEL = new RegExp(LABEL_SRC, 'g');
const STARTS_WITH_LABEL = new RegExp(`^[【[]?[ \\t]*${LABEL_SRC}`);
/** A cell or line that is only a label, its value in the next one. */
const LABEL_ONLY = new RegExp(`^[【[]?(${NAMES.join('|')}):?[】\\]]?$`);

const fieldOf = (label: string): Field => FIELDS[label.replace(/[ \t]/g, '')] ?? 'other';

/** A block lies within the first lines; a long page of menus is still shorter than this. */
const MAX_BLOCK_TOKENS = 400;

/** The CMS block among tokens[0, limit): its fields and the tokens it occupies. */
export function readCmsBlock(tokens: readonly Token[], limit: number): CmsBlock {
  const block: CmsBlock = { tokens: new Set(), sources: [] };
  let generated: string | undefined;
  const origins: string[] = [];
  const put = (field: Field, value: string, at: number) => {
    // "【发布时间：2022-01-25】【来源：…】": the brackets belong to the page, not the value.
    const v = value.replace(/^[\s【】[\]]+|[\s【】[\]]+$/g, '');
    if (!v) return;
    // A date field holds a date ("办理时间：工作日" is no publication date, nor hides a later one).
    if ((field === 'published' || field === 'generated' || field === 'written') && !DATE_LIKE.test(v)) return;
    if (field === 'title' && block.title === undefined) {
      block.title = v;
      block.titleAt = at;
    } else if (field === 'source') block.sources.push(v);
    else if (field === 'origin') origins.push(v);
    else if (field === 'published') block.published ??= v;
    else if (field === 'generated') generated ??= v;
    else if (field === 'written') block.written ??= v;
  };
  const end = Math.min(limit, tokens.length, MAX_BLOCK_TOKENS);
  for (let i = 0; i < end; i++) {
    const t = tokens[i];
    if (t === undefined || t.value !== undefined || t.text.length > 400) continue;
    const text = nfkc(t.text).trim();
    const [, onlyLabel] = LABEL_ONLY.exec(compact(text)) ?? [];
    if (onlyLabel !== undefined) {
      block.tokens.add(i);
      // The colon in a cell of its own ("发布时间 | : | 2023-01-18"): the value follows it.
      const colon = tokens[i + 1];
      if (i + 2 < end && colon && /^[:：]$/.test(colon.text.trim())) block.tokens.add(++i);
      const next = tokens[i + 1];
      // The value is the next cell or line, unless that is the next label (an empty field).
      if (next && i + 1 < end && !isLabelLine(next.text) && next.text.length <= 200) {
        put(fieldOf(onlyLabel), next.text, i + 1);
        block.tokens.add(i + 1);
        i++;
      }
      continue;
    }
    const fields = STARTS_WITH_LABEL.test(text) ? text : fieldsInLine(text);
    if (fields === undefined) continue;
    block.tokens.add(i);
    const marks = [...fields.matchAll(LABEL)];
    for (const [k, m] of marks.entries()) {
      const label = m[1];
      if (label === undefined) continue;
      const from = (m.index ?? 0) + m[0].length;
      const to = marks[k + 1]?.index ?? fields.length;
      put(fieldOf(label), fields.slice(from, to), i);
    }
  }
  block.published ??= generated;
  block.sources.push(...origins);
  if (block.sources[0] !== undefined) block.source = block.sources[0];
  return block;
}

/** A label after other text and a space: "某县2023年…报告 发布时间：2024-01-18 来源：…". */
const INNER_LABEL = new RegExp(`[ \\t]+${LABEL_SRC}`);
const SENTENCE = /[。；;！？!?，,]/;

/**
 * Every BMP character whose NFKC holds a space or a tab (and any surrogate, to be safe): a line
 * without one has no space before a label once normalized, and is not normalized to find out.
 */
const MAY_HOLD_SPACE =
  /[\t \u00a0\u00a8\u00af\u00b4\u00b8\u02d8-\u02dd\u037a\u0384\u0385\u1fbd\u1fbf-\u1fc1\u1fcd-\u1fcf\u1fdd-\u1fdf\u1fed\u1fee\u1ffd\u1ffe\u2000-\u200a\u2017\u202f\u203e\u205f\u3000\u309b\u309c\ufc5e-\ufc63\ufdfa\ufdfb\ufe49-\ufe4c\ufe70-\ufe7e\uffe3\ud800-\udfff]/;

/** The text before the CMS fields that follow it on one line, or undefined when there are none. */
export function textBeforeCmsLabel(text: string): string | undefined {
  if ((!text.includes(':') && !text.includes('：')) || text.length > 400 || !MAY_HOLD_SPACE.test(text)) return undefined;
  const t = nfkc(text);
  const m = INNER_LABEL.exec(t);
  if (!m) return undefined;
  const before = t.slice(0, m.index).trim();
  return before === '' || SENTENCE.test(before) ? undefined : before;
}

/** The characters NFKC makes a colon of: a line with none of them has no label, and is not normalized to find out. */
const MAY_HAVE_COLON = /[:\u2a74\ufe13\ufe55\uff1a]/;

/** A line that starts with a block label and its colon ("索引号：… 主题分类：…"): metadata, never a table row. */
export const startsWithCmsLabel = (text: string): boolean => MAY_HAVE_COLON.test(text) && STARTS_WITH_LABEL.test(nfkc(text).trim());

const DATE_LIKE = /\d{4}|[〇零一二三四五六七八九○◯Oo0]{4}年/;
// Where the fields start on a line that starts otherwise ("点击量：12发布时间：…", "某县…报告 发布时间：…"):
// the long labels anywhere, the short ones (时间, 日期, 名称 …) only after a space, a digit or a sign.
const LONG_LABELS = NAMES.filter((n) => n.length >= 3 || /来源|机构|机关/.test(n));
const SHORT_LABELS = NAMES.filter((n) => !LONG_LABELS.includes(n));
const LATER_LABELS = [
  new RegExp(`(?:${LONG_LABELS.map(spaced).join('|')})[ \\t]*:`),
  new RegExp(`(?<![\\u3400-\\u9fff])(?:${SHORT_LABELS.map(spaced).join('|')})[ \\t]*:`),
];

/** The fields on a line that starts with other text, or undefined when it holds none or is a sentence. */
function fieldsInLine(text: string): string | undefined {
  if (text.length > 300 || /[。；！？]/.test(text) || !text.includes(':')) return undefined;
  let at = -1;
  for (const re of LATER_LABELS) {
    const m = re.exec(text);
    if (m && (at === -1 || m.index < at)) at = m.index;
  }
  return at === -1 ? undefined : text.slice(at);
}

function isLabelLine(text: string): boolean {
  const t = nfkc(text).trim();
  return LABEL_ONLY.test(compact(t)) || STARTS_WITH_LABEL.test(t);
}
