import type { Position } from '../model/findings';
import {
  APPLICANT_COLUMNS,
  APPLICANT_COLUMN_LABELS,
  BALANCE_ROWS,
  GROUP_LABELS,
  REVIEW_COLUMNS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUPS,
  REVIEW_GROUP_LABELS,
  TABLE_NAMES,
  applicationRows,
  disclosureBlocks,
  resultRows,
  type SectionKey,
  type TableKey,
} from '../model/keys';
import type { Cell, Report } from '../model/report';
import { resolveJointly, reviewTotalsHold, rowTotalHolds, splitRuns } from './digit-runs';
import { LabelIndex, canonicalCore, runAfterLabel } from './label-index';
import { isProse, type Ctx } from './tokens';
import { isBlank, isUnknown } from '../rules/table-access';

/** Reads tables 二, 三 and 四 by their labels, each within its section when the section was found. */
export function readTables(
  ctx: Ctx,
  format: '2021' | '2019',
  sectionRange: (key: SectionKey) => [number, number],
  start: number,
  end: number,
): Report['tables'] {
  const range = (key: SectionKey, fallbackFrom: number): [number, number] => {
    const [from, to] = sectionRange(key);
    return from === -1 ? [fallbackFrom, end] : [from, to];
  };
  const [aFrom, aTo] = range('activeDisclosure', start);
  const disclosure = readDisclosure(ctx, format, aFrom, aTo);
  const [bFrom, bTo] = range('applications', disclosure.end);
  const applications = readApplications(ctx, format, bFrom, bTo);
  const [cFrom, cTo] = range('reviewLitigation', applications.end);
  const review = readReview(ctx, cFrom, cTo);
  if (!disclosure.found && !applications.found && !review.found) return null;
  reportBlankCells(ctx, 'activeDisclosure', disclosure.blank);
  reportBlankCells(ctx, 'applications', applications.blank, { width: APPLICANT_COLUMNS.length, height: applicationRows(format).length });
  reportBlankCells(ctx, 'reviewLitigation', review.blank, { width: REVIEW_COLUMNS.length, height: REVIEW_GROUPS.length });
  return {
    activeDisclosure: disclosure.table,
    applications: applications.table,
    reviewLitigation: review.table,
  } as NonNullable<Report['tables']>;
}

interface ReadResult<T> {
  table: T;
  found: boolean;
  end: number;
  /** written-blank cells as [row, column] labels */
  blank: [string, string][];
}

/**
 * Reads up to `n` cell values after a row label. Short fragments of a label split across lines
 * ("…申请" / "数量") are skipped before the first value; any other label ends the row.
 */
function readValues(ctx: Ctx, labelIndex: number, n: number, to: number, isLabel: (core: string) => boolean, label?: string) {
  const full = label ? canonicalCore(label) : '';
  const cells: Cell[] = [];
  let i = labelIndex + 1;
  let skipped = 0;
  while (i < to && cells.length < n) {
    const t = ctx.tokens[i]!;
    if (t.value !== undefined) {
      cells.push(t.value);
      i++;
      continue;
    }
    const continuation = full !== '' && t.core.length > 0 && full.includes(t.core);
    // A label that carried its row's digits is whole: what follows it is the next row.
    const carried = /\d$/.test(ctx.tokens[labelIndex]!.core);
    if (!carried && cells.length === 0 && skipped < 3 && (continuation || (t.compact.length <= 12 && !isLabel(withoutRun(t.core))))) {
      skipped++;
      i++;
      continue;
    }
    break;
  }
  return { cells, next: i };
}

/** Marks a table region consumed: from the first non-prose token before `first` to `last`. */
function consume(ctx: Ctx, sectionFrom: number, first: number, last: number) {
  let from = first;
  while (from - 1 >= sectionFrom && !isProse(ctx.tokens[from - 1]!)) from--;
  for (let i = from; i <= last; i++) ctx.consumed[i] = 1;
}

function missing(ctx: Ctx, table: TableKey, label: string, got: number, want: number, pos?: Position) {
  ctx.messages.push({
    level: 'warning',
    code: got === 0 ? 'ROW_NOT_FOUND' : 'CELLS_MISSING',
    message:
      got === 0 && !pos
        ? `${TABLE_NAMES[table]} 没有找到“${label}”一行`
        : `${TABLE_NAMES[table]}“${label}”一行应有 ${want} 个数，只读到 ${got} 个，分不清各属哪一栏：这一行按未读出处理，涉及它的勾稽关系没有校验`,
    ...(pos ? { position: pos } : {}),
  });
}

/**
 * A row of n cells. A short row lost cells somewhere (flattened text drops blank cells), so which
 * column each figure read belongs to is unknown: the whole row is unknown rather than shifted.
 */
function fill(cells: Cell[], n: number): Cell[] {
  if (cells.length >= n) return cells.slice(0, n);
  return Array.from({ length: n }, () => ({ value: null }));
}

function readDisclosure(ctx: Ctx, format: '2021' | '2019', from: number, to: number): ReadResult<Record<string, Record<string, Cell>>> {
  const blocks = disclosureBlocks(format);
  const allRowLabels = blocks.flatMap((b) => b.rows.map((r) => r.match));
  const isLabel = (core: string) => allRowLabels.some((re) => re.test(core));
  const table: Record<string, Record<string, Cell>> = {};
  const blank: [string, string][] = [];
  // Patterns: each block's caption, then its rows, in the order they are searched.
  const index = new LabelIndex(
    ctx.tokens,
    blocks.flatMap((b) => [{ match: b.captionMatch, on: 'compact' as const }, ...b.rows.map((r) => ({ match: r.match, label: r.label }))]),
    from,
    to,
  );
  let cursor = from;
  let first = -1;
  let last = -1;
  let p = 0;
  for (const block of blocks) {
    const cap = index.next(p++, cursor);
    if (cap !== -1) {
      cursor = cap + 1;
      if (first === -1) first = cap;
    }
    for (const row of block.rows) {
      const at = index.next(p++, cursor);
      let cells: Cell[] = [];
      if (at !== -1) {
        const read = readValues(ctx, at, block.columns.length, to, isLabel, row.label);
        cells = read.cells;
        if (first === -1) first = at;
        last = Math.max(last, read.next - 1);
        cursor = read.next;
        const pieces = block.columns.length > 1 ? runPieces(runAfterLabel(row, ctx.tokens[at]!), cells, block.columns.length) : undefined;
        if (pieces) cells = splitDisclosureRun(ctx, row.label, pieces, block.columns.length, at);
        else if (cells.length < block.columns.length) missing(ctx, 'activeDisclosure', row.label, cells.length, block.columns.length, ctx.tokens[at]!.pos);
      } else {
        missing(ctx, 'activeDisclosure', row.label, 0, block.columns.length);
      }
      const filled = fill(cells, block.columns.length);
      table[row.key] = Object.fromEntries(block.columns.map((c, k) => [c.key, filled[k]!]));
      for (const [k, c] of block.columns.entries()) if (isBlank(filled[k]!)) blank.push([row.label, c.label]);
    }
  }
  if (first !== -1) consume(ctx, from, first, last);
  return { table, found: first !== -1, end: last === -1 ? from : last + 1, blank };
}

/** Written blank ("", "/", "—"): counted 0 with a warning. Unread cells have no `raw`, or a run of digits. */

/** A row label without the digits it may have run together with. */
const withoutRun = (core: string) => core.replace(/\d+$/, '');

/** A row's label as a clerk finds it in the table: "（二）部分公开", without the printed explanation. */
const shortLabel = (label: string) => label.replace(/（[^）]*）$/, '');

/** A value that may be part of a run: digits only, as written. */
const digitsOf = (c: Cell): string | undefined => {
  if (c.value === null || c.value < 0 || !Number.isInteger(c.value)) return undefined;
  const text = c.raw ?? String(c.value);
  return /^\d+$/.test(text) ? text : undefined;
};

/** The pieces of a short row when they are all digits, so they may be cells run together. */
function runPieces(lead: string | undefined, cells: Cell[], n: number): string[] | undefined {
  if (cells.length >= n && lead === undefined) return undefined;
  const pieces = lead === undefined ? [] : [lead];
  for (const c of cells) {
    const d = digitsOf(c);
    if (d === undefined) return undefined;
    pieces.push(d);
  }
  const length = pieces.reduce((a, p) => a + p.length, 0);
  return pieces.length > 0 && pieces.length < n + (lead === undefined ? 0 : 1) && length >= n ? pieces : undefined;
}

const SIX_PLUS_TOTAL = APPLICANT_COLUMNS.length;
const SIX = [0, 1, 2, 3, 4, 5];

function readApplications(ctx: Ctx, format: '2021' | '2019', from: number, to: number): ReadResult<Record<string, unknown>> {
  const rows = applicationRows(format);
  const groupLabels = Object.values(GROUP_LABELS);
  const isLabel = (core: string) => rows.some((r) => r.match.test(core)) || groupLabels.some((re) => re.test(core));
  const table: Record<string, unknown> = {};
  const blank: [string, string][] = [];
  const index = new LabelIndex(ctx.tokens, rows, from, to);
  let cursor = from;
  let first = -1;
  let last = -1;
  let notFound = 0;
  const read: { cells: Cell[]; at: number; pieces?: string[] }[] = [];
  for (const [p, row] of rows.entries()) {
    // "总计" is also a column header: the row is searched only after the results started.
    const at = index.next(p, cursor);
    if (at === -1) {
      notFound++;
      read.push({ cells: [], at });
      continue;
    }
    const got = readValues(ctx, at, SIX_PLUS_TOTAL, to, isLabel, row.label);
    if (first === -1) first = at;
    last = Math.max(last, got.next - 1);
    cursor = got.next;
    const pieces = runPieces(runAfterLabel(row, ctx.tokens[at]!), got.cells, SIX_PLUS_TOTAL);
    read.push({ cells: got.cells, at, ...(pieces ? { pieces } : {}) });
  }
  if (read.some((r) => r.pieces)) splitApplicationRuns(ctx, format, read);
  for (const [p, row] of rows.entries()) {
    const { cells, at } = read[p]!;
    if (at !== -1 && cells.length < SIX_PLUS_TOTAL && !read[p]!.pieces)
      missing(ctx, 'applications', row.label, cells.length, SIX_PLUS_TOTAL, ctx.tokens[at]!.pos);
    const filled = fill(cells, SIX_PLUS_TOTAL);
    const value = Object.fromEntries(APPLICANT_COLUMNS.map((c, k) => [c, filled[k]!]));
    const [head, leaf] = row.key.split('.') as [string, string | undefined];
    if (leaf) {
      table[head] ??= {};
      (table[head] as Record<string, unknown>)[leaf] = value;
    } else table[head] = value;
    for (const [k, c] of APPLICANT_COLUMNS.entries()) if (isBlank(filled[k]!)) blank.push([shortLabel(row.label), APPLICANT_COLUMN_LABELS[c]]);
  }
  if (first !== -1 && notFound > 0) {
    // Report each missing row once, by name.
    for (const [p, row] of rows.entries()) if (read[p]!.at === -1) missing(ctx, 'applications', row.label, 0, SIX_PLUS_TOTAL);
  }
  if (first !== -1) consume(ctx, from, first, last);
  return { table, found: first !== -1, end: last === -1 ? from : last + 1, blank: first === -1 ? [] : blank };
}

/**
 * Table 二 has no arithmetic within a year (现行有效 = last year's + 制发 − 废止 needs last year's
 * report): a run is split only when its digits allow one split at all ("693" → 6, 9, 3).
 */
function splitDisclosureRun(ctx: Ctx, label: string, pieces: string[], n: number, at: number): Cell[] {
  const search = splitRuns(pieces, n, () => true, 2);
  if (search.count === 1 && !search.exhausted) {
    runMessage(ctx, 'activeDisclosure', label, pieces, at, `只有一种拆分，读作 ${search.found[0]!.join('、')}，请核对`);
    return search.found[0]!.map((v) => ({ value: v }));
  }
  runMessage(
    ctx,
    'activeDisclosure',
    label,
    pieces,
    at,
    search.count === 0 ? '无法拆成各格的数，按未读出处理' : '有多种拆分，本表无法确定各格的数，按未读出处理，请上传表格未连在一起的版本',
  );
  return unknownRun(pieces, n);
}

/** Table 四's one data row, split by its three group totals. */
function splitReviewRun(ctx: Ctx, pieces: string[], at: number): Cell[] {
  const search = splitRuns(pieces, 15, reviewTotalsHold, 2);
  if (search.count === 1 && !search.exhausted) {
    runMessage(ctx, 'reviewLitigation', '行政复议、行政诉讼', pieces, at, `按三组“总计”只有一种拆分，读作 ${search.found[0]!.join('、')}，请核对`);
    return search.found[0]!.map((v) => ({ value: v }));
  }
  runMessage(
    ctx,
    'reviewLitigation',
    '行政复议、行政诉讼',
    pieces,
    at,
    search.count === 0 && !search.exhausted
      ? '没有一种拆分符合三组“总计”（可能有计算错误），无法读出各格的数，未能校验'
      : '有多种拆分都符合三组“总计”，无法确定各格的数，按未读出处理',
  );
  return unknownRun(pieces, 15);
}

const runText = (pieces: readonly string[]) => pieces.join(' ');

function runMessage(ctx: Ctx, table: TableKey, label: string, pieces: readonly string[], at: number, what: string) {
  ctx.messages.push({
    level: 'warning',
    code: 'RUN_TOGETHER',
    message: `${TABLE_NAMES[table]}“${shortLabel(label)}”一行的数字连在了一起（${runText(pieces)}）：${what}`,
    position: ctx.tokens[at]!.pos,
  });
}

/** Unknown cells that keep the run as written, so nobody mistakes them for blanks. */
const unknownRun = (pieces: readonly string[], n: number): Cell[] => Array.from({ length: n }, () => ({ value: null, raw: pieces.join('') }));

/**
 * Splits table 三's run-together rows by the table's arithmetic: first each row by its own 总计,
 * then the rows still open together by the column totals and the balance. A row is split only
 * where exactly one split fits; a row no split fits is left unknown (its error cannot be placed).
 */
function splitApplicationRuns(ctx: Ctx, format: '2021' | '2019', read: { cells: Cell[]; at: number; pieces?: string[] }[]) {
  const rows = applicationRows(format);
  const keyIndex = new Map(rows.map((r, i) => [r.key as string, i]));
  const results = resultRows(format).map((r) => keyIndex.get(r.key)!);
  const [nr, co, th, cf] = BALANCE_ROWS.map((k) => keyIndex.get(k)!) as [number, number, number, number];
  const open = read.map((r, i) => (r.pieces ? i : -1)).filter((i) => i !== -1);
  const searches = open.map((i) => splitRuns(read[i]!.pieces!, SIX_PLUS_TOTAL, rowTotalHolds));
  // Numbers of every row as the equations see them: undefined = unknown.
  const known = read.map((r) => (r.pieces || r.cells.length < SIX_PLUS_TOTAL ? undefined : r.cells.map((c) => (isUnknown(c) ? NaN : (c.value ?? 0)))));
  const value = (choice: ReadonlyMap<number, readonly number[]>, row: number, col: number) => (choice.get(row) ?? known[row])?.[col];
  const columnsHold = (choice: ReadonlyMap<number, readonly number[]>) => {
    for (let col = 0; col < SIX_PLUS_TOTAL; col++) {
      const parts = results.map((r) => value(choice, r, col));
      const total = value(choice, th, col);
      if (
        total !== undefined &&
        !Number.isNaN(total) &&
        parts.every((v) => v !== undefined && !Number.isNaN(v)) &&
        parts.reduce((a, b) => a! + b!, 0) !== total
      )
        return false;
      const bal = [nr, co, th, cf].map((r) => value(choice, r, col));
      if (bal.every((v) => v !== undefined && !Number.isNaN(v)) && bal[0]! + bal[1]! !== bal[2]! + bal[3]!) return false;
    }
    return true;
  };
  const pool = open.map((row, k) => {
    const search = searches[k]!;
    return { row, cands: search.exhausted ? [] : search.found, count: search.exhausted ? Infinity : search.count };
  });
  // A row its own 总计 splits one way only is that split, whatever the columns then say.
  const decided = new Map<number, number[]>();
  for (const p of pool) if (p.count === 1) decided.set(p.row, p.cands[0]!);
  for (const [row, cells] of decided) known[row] = cells;
  // Rows with a handful of splits are decided together by the column totals and the balance.
  const joint = pool.filter((p) => p.count >= 2 && p.count <= 64);
  const { resolved } = resolveJointly(
    joint.map((p) => p.cands),
    (choice) => columnsHold(new Map(choice.map((c, k) => [joint[k]!.row, c]))),
  );
  for (const [k, p] of joint.entries()) if (resolved[k]) decided.set(p.row, resolved[k]!);
  for (const [row, cells] of decided) known[row] = cells;
  // A row whose own 总计 fits no split may hold an arithmetic error: the other rows' totals fix its cells.
  for (const p of pool.filter((x) => x.count === 0 && !searches[open.indexOf(x.row)]!.exhausted)) {
    // The six applicant cells, each fixed by its column; what is left of the run is the row's 总计.
    const fixed = SIX.map((col) => determined(p.row, col));
    const fits = splitRuns(read[p.row]!.pieces!, SIX_PLUS_TOTAL, (cells) => fixed.every((v, col) => v === undefined || v === cells[col]));
    if (fits.count === 1 && !fits.exhausted && fixed.some((v) => v !== undefined)) decided.set(p.row, fits.found[0]!);
  }
  for (const p of pool) {
    const r = read[p.row]!;
    const label = rows[p.row]!.label;
    const cells = decided.get(p.row);
    if (cells) {
      r.cells = cells.map((v) => ({ value: v }));
      runMessage(ctx, 'applications', label, r.pieces!, r.at, `按表内勾稽关系只有一种拆分，读作 ${cells.join('、')}，请核对`);
      continue;
    }
    r.cells = unknownRun(r.pieces!, SIX_PLUS_TOTAL);
    const search = searches[open.indexOf(p.row)]!;
    runMessage(
      ctx,
      'applications',
      label,
      r.pieces!,
      r.at,
      search.exhausted || p.count > 1
        ? `有${search.exhausted ? '很多' : ` ${p.count} `}种拆分都符合表内勾稽关系，无法确定各格的数，按未读出处理，请上传表格未连在一起的版本`
        : '没有一种拆分符合表内勾稽关系（这一行可能有计算错误），无法读出各格的数，未能校验，请核对这一行',
    );
  }

  /** A cell of `row` fixed by one column equation whose other cells are all known. */
  function determined(row: number, col: number): number | undefined {
    const v = (r: number) => known[r]?.[col];
    const ok = (xs: (number | undefined)[]) => xs.every((x) => x !== undefined && !Number.isNaN(x));
    if (results.includes(row)) {
      const others = results.filter((r) => r !== row).map(v);
      const total = v(th);
      if (ok([...others, total])) return total! - others.reduce((a, b) => a! + b!, 0)!;
    }
    const bal = [nr, co, th, cf].map(v);
    const i = [nr, co, th, cf].indexOf(row);
    if (i !== -1 && ok(bal.filter((_, k) => k !== i))) {
      const [a, b, c, d] = bal;
      if (i === 0) return c! + d! - b!;
      if (i === 1) return c! + d! - a!;
      if (i === 2) return a! + b! - d!;
      return a! + b! - c!;
    }
    return undefined;
  }
}

function readReview(ctx: Ctx, from: number, to: number): ReadResult<Record<string, Record<string, Cell>>> {
  // The two group labels run together when PDF text spreads them over one line.
  const start = new LabelIndex(ctx.tokens, [{ match: /^行政复议(?:行政诉讼)?$/ }], from, to).next(0, from);
  const table: Record<string, Record<string, Cell>> = {};
  let cells: Cell[] = [];
  let first = -1;
  let last = -1;
  if (start !== -1) {
    // The data row is the first run of 15 values; runs of blank header cells are shorter.
    let run: Cell[] = [];
    let runStart = -1;
    for (let i = start + 1; i < to; i++) {
      const v = ctx.tokens[i]!.value;
      if (v !== undefined) {
        if (run.length === 0) runStart = i;
        run.push(v);
        if (run.length === 15) break;
      } else {
        if (run.length > 0 && run.some((c) => c.value !== null)) break;
        run = [];
      }
    }
    cells = run;
    first = start;
    last = runStart === -1 ? start : runStart + run.length - 1;
    const pieces = runPieces(undefined, cells, 15);
    if (pieces) cells = splitReviewRun(ctx, pieces, runStart);
    else if (cells.length < 15) missing(ctx, 'reviewLitigation', '行政复议、行政诉讼', cells.length, 15, ctx.tokens[start]!.pos);
  } else {
    ctx.messages.push({ level: 'warning', code: 'ROW_NOT_FOUND', message: '表四（行政复议、行政诉讼情况）没有找到' });
  }
  const filled = fill(cells, 15);
  const blank: [string, string][] = [];
  REVIEW_GROUPS.forEach((g, gi) => {
    table[g] = Object.fromEntries(REVIEW_COLUMNS.map((c, ci) => [c, filled[gi * 5 + ci]!]));
  });
  if (start !== -1) {
    for (const [k, c] of filled.entries()) {
      if (isBlank(c)) blank.push([REVIEW_GROUP_LABELS[REVIEW_GROUPS[Math.floor(k / 5)]!], REVIEW_COLUMN_LABELS[REVIEW_COLUMNS[k % 5]!]]);
    }
    consume(ctx, from, first, last);
  }
  return { table, found: start !== -1, end: last === -1 ? from : last + 1, blank };
}

/**
 * One warning per table. A row or a column blank from end to end is named as such: a 总计 column
 * left empty is one omission, not eleven.
 */
function reportBlankCells(ctx: Ctx, table: TableKey, blank: [string, string][], shape?: { width: number; height: number }) {
  if (blank.length === 0) return;
  const count = (k: 0 | 1) => {
    const m = new Map<string, number>();
    for (const b of blank) m.set(b[k], (m.get(b[k]) ?? 0) + 1);
    return m;
  };
  const perRow = count(0);
  const perColumn = count(1);
  const wholeRows = shape ? [...perRow].filter(([, k]) => k === shape.width).map(([r]) => r) : [];
  // A column blank on most rows (a 总计 nobody filled in) is named once.
  const wholeColumns = shape ? [...perColumn].filter(([, k]) => k >= 3 && k * 2 >= shape.height).map(([c]) => c) : [];
  const lines = [...wholeColumns.map((c) => `“${c}”一列有 ${perColumn.get(c)} 行空白`), ...wholeRows.map((r) => `“${r}”一行全部空白`)];
  const rest = blank.filter(([r, c]) => !wholeRows.includes(r) && !wholeColumns.includes(c)).map(([r, c]) => `${r}/${c}`);
  const parts: string[] = [];
  if (lines.length > 0) parts.push(lines.join('、'));
  if (rest.length > 0)
    parts.push(
      `${lines.length > 0 ? '另有' : '有'} ${rest.length} 个单元格为空白或“/”等非数字（如 ${rest.slice(0, 3).join('、')}${rest.length > 3 ? ' 等' : ''}）`,
    );
  ctx.messages.push({
    level: 'warning',
    code: 'BLANK_CELLS',
    message: `${TABLE_NAMES[table]} ${parts.join('，')}，校验时按 0 计算`,
  });
}
