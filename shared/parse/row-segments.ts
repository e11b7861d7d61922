/**
 * Several table rows run into one line of text: a CMS export that dropped the row breaks as well
 * as the cell borders ("一、本年新收政府信息公开申请数量801000081二、上年结转政府信息公开申请数量
 * 0000000三、本年度办理结果（一）予以公开…"). Such a line is cut back into one label-and-run per
 * row, by the rows' labels in their printed order, and only where everything between two labels
 * is the first row's digits and the second row's numbering: otherwise the line is left whole.
 */
import { labelCore } from './normalize';
import type { Ctx, Token } from './tokens';

/** Labels of a row as a search inside a longer text: the anchored pattern without its anchors. */
const searchers = new Map<RegExp, RegExp>();
function searcher(match: RegExp): RegExp {
  let re = searchers.get(match);
  if (!re) {
    // A wildcard in a label ("申请人无正当理由逾期不补正.{0,30}") must not swallow the run after it.
    const source = match.source
      .replace(/^\^/, '')
      .replace(/\$$/, '')
      .replace(/(?<!\\)\./g, '\\D');
    re = new RegExp(source, 'g');
    searchers.set(match, re);
  }
  return re;
}

/** How one table's rows run together: what may stand between a run and the next label, and what a run is. */
export interface CutRules {
  between: RegExp;
  run: RegExp;
  /** digits a row's run has at least: one per cell */
  minRun: number;
}

/** Table 三: outline numbering and group labels between rows; counts only. */
export const TABLE_THREE_CUT: CutRules = {
  between:
    /^(?:[一二三四五六七八九十]{1,3}、)?(?:本年度办理结果)?(?:\([一二三四五六七八九十]{1,3}\))?(?:不予公开|无法提供|不予处理|其他处理)?(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))?$/,
  run: /^\d*/,
  minRun: 7,
};

/** Table 二: a block's caption and column headers between rows; the fee is a decimal. */
export const TABLE_TWO_CUT: CutRules = {
  between:
    /^(?:第二十条第\([一二三四五六七八九十]\)项)?(?:信息内容)?(?:本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额\(单位:万元\)|本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增\/减|处理决定数量|采购项目数量|采购总金额)*$/,
  run: /^\d+(?:\.\d+)?/,
  minRun: 1,
};

type Row = { label: string; match: RegExp };

/** The number a row's printed label starts with ("2.其他…" → "2"), if any. */
const rowNumber = (label: string) => /^(\d{1,2})\./.exec(label)?.[1];

interface Piece {
  /** a row's label as found in the text with its run of digits, or text around the rows */
  text: string;
}

/** One line cut into rows, or undefined when it is not several rows run together. */
export function cutRows(compact: string, rows: readonly Row[], rules: CutRules = TABLE_THREE_CUT): Piece[] | undefined {
  const found: { start: number; end: number; row: Row }[] = [];
  let pos = 0;
  for (const row of rows) {
    const re = searcher(row.match);
    re.lastIndex = pos;
    const m = re.exec(compact);
    if (!m || m[0].length === 0) continue;
    found.push({ start: m.index, end: m.index + m[0].length, row });
    pos = m.index + m[0].length;
  }
  const [first] = found;
  if (first === undefined || found.length < 2) return undefined;
  const pieces: Piece[] = [];
  const head = compact.slice(0, first.start);
  if (head) pieces.push({ text: head });
  for (const [k, f] of found.entries()) {
    const next = found[k + 1];
    let gap = compact.slice(f.end, next ? next.start : compact.length);
    if (next) {
      // The next row's own number ends the gap: "…0000000" + "2." of "2.其他…".
      const n = rowNumber(next.row.label);
      if (n !== undefined && new RegExp(`${n}[.、)]$`).test(gap)) gap = gap.slice(0, -(n.length + 1));
    }
    const digits = rules.run.exec(gap)?.[0] ?? '';
    const rest = gap.slice(digits.length);
    // Every row of such a line has its run; a gap of anything but numbering is not a row break.
    if (digits.replace('.', '').length < Math.max(rules.minRun, 1) || (next && (/\d/.test(rest) || !rules.between.test(rest)))) return undefined;
    pieces.push({ text: compact.slice(f.start, f.end) + digits });
    if (!next && rest) pieces.push({ text: rest });
  }
  return pieces;
}

/** The first of the row lists (the format's, then a variant such as a group printed as one row) that cuts the line. */
function cutByAny(compact: string, rowsets: readonly (readonly Row[])[], rules: CutRules): Piece[] | undefined {
  for (const rows of rowsets) {
    const pieces = cutRows(compact, rows, rules);
    if (pieces) return pieces;
  }
  return undefined;
}

/**
 * The tokens of [from, to) with every line of several rows cut into one token per row, and where
 * each came from. Unchanged (and `origin` undefined) when no line needed cutting.
 */
export function segmentRows(
  ctx: Ctx,
  rowsets: readonly (readonly Row[])[],
  from: number,
  to: number,
  rules: CutRules = TABLE_THREE_CUT,
): { tokens: Token[]; origin: number[] } | undefined {
  let changed = false;
  const tokens: Token[] = [];
  const origin: number[] = [];
  for (let i = from; i < to; i++) {
    const t = ctx.tokens[i];
    if (!t) continue;
    const pieces = t.value === undefined && t.compact.length >= 20 && /\d\D+\d/.test(t.compact) ? cutByAny(t.compact, rowsets, rules) : undefined;
    if (!pieces) {
      tokens.push(t);
      origin.push(i);
      continue;
    }
    changed = true;
    for (const p of pieces) {
      tokens.push({ text: p.text, compact: p.text, core: labelCore(p.text), value: undefined, cell: t.cell, pos: t.pos });
      origin.push(i);
    }
  }
  return changed ? { tokens, origin } : undefined;
}
