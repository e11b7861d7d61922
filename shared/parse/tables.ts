import type { Position } from '../model/findings';
import {
  APPLICANT_COLUMNS,
  APPLICANT_COLUMN_LABELS,
  GROUP_LABELS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  TABLE_NAMES,
  applicationRows,
  disclosureBlocks,
  type SectionKey,
  type TableKey,
} from '../model/keys';
import type { Cell, Report } from '../model/report';
import { LabelIndex, canonicalCore } from './label-index';
import { isProse, type Ctx } from './tokens';

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
  reportBlankCells(ctx, 'applications', applications.blank);
  reportBlankCells(ctx, 'reviewLitigation', review.blank);
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
  blank: string[];
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
    if (cells.length === 0 && skipped < 3 && (continuation || (t.compact.length <= 12 && !isLabel(t.core)))) {
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
        : `${TABLE_NAMES[table]}“${label}”一行应有 ${want} 个数，只读到 ${got} 个，缺少的按空白处理`,
    ...(pos ? { position: pos } : {}),
  });
}

function fill(cells: Cell[], n: number): Cell[] {
  const out = cells.slice(0, n);
  while (out.length < n) out.push({ value: null });
  return out;
}

function readDisclosure(ctx: Ctx, format: '2021' | '2019', from: number, to: number): ReadResult<Record<string, Record<string, Cell>>> {
  const blocks = disclosureBlocks(format);
  const allRowLabels = blocks.flatMap((b) => b.rows.map((r) => r.match));
  const isLabel = (core: string) => allRowLabels.some((re) => re.test(core));
  const table: Record<string, Record<string, Cell>> = {};
  const blank: string[] = [];
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
        if (cells.length < block.columns.length) missing(ctx, 'activeDisclosure', row.label, cells.length, block.columns.length, ctx.tokens[at]!.pos);
      } else {
        missing(ctx, 'activeDisclosure', row.label, 0, block.columns.length);
      }
      const filled = fill(cells, block.columns.length);
      table[row.key] = Object.fromEntries(block.columns.map((c, k) => [c.key, filled[k]!]));
      block.columns.forEach((c, k) => isBlank(filled[k]!) && blank.push(`${row.label}/${c.label}`));
    }
  }
  if (first !== -1) consume(ctx, from, first, last);
  return { table, found: first !== -1, end: last === -1 ? from : last + 1, blank };
}

const isBlank = (c: Cell) => c.value === null;

function readApplications(ctx: Ctx, format: '2021' | '2019', from: number, to: number): ReadResult<Record<string, unknown>> {
  const rows = applicationRows(format);
  const groupLabels = Object.values(GROUP_LABELS);
  const isLabel = (core: string) => rows.some((r) => r.match.test(core)) || groupLabels.some((re) => re.test(core));
  const table: Record<string, unknown> = {};
  const blank: string[] = [];
  const index = new LabelIndex(ctx.tokens, rows, from, to);
  let cursor = from;
  let first = -1;
  let last = -1;
  let notFound = 0;
  for (const [p, row] of rows.entries()) {
    // "总计" is also a column header: the row is searched only after the results started.
    const at = index.next(p, cursor);
    let cells: Cell[] = [];
    if (at !== -1) {
      const read = readValues(ctx, at, APPLICANT_COLUMNS.length, to, isLabel, row.label);
      cells = read.cells;
      if (first === -1) first = at;
      last = Math.max(last, read.next - 1);
      cursor = read.next;
      if (cells.length < APPLICANT_COLUMNS.length) missing(ctx, 'applications', row.label, cells.length, APPLICANT_COLUMNS.length, ctx.tokens[at]!.pos);
    } else {
      notFound++;
    }
    const filled = fill(cells, APPLICANT_COLUMNS.length);
    const value = Object.fromEntries(APPLICANT_COLUMNS.map((c, k) => [c, filled[k]!]));
    const [head, leaf] = row.key.split('.') as [string, string | undefined];
    if (leaf) ((table[head] ??= {}) as Record<string, unknown>)[leaf] = value;
    else table[head] = value;
    APPLICANT_COLUMNS.forEach((c, k) => isBlank(filled[k]!) && blank.push(`${row.label.replace(/（.*$/, '')}/${APPLICANT_COLUMN_LABELS[c]}`));
  }
  if (first !== -1 && notFound > 0) {
    for (const row of rows) {
      // Report each missing row once, by name.
      const [head, leaf] = row.key.split('.') as [string, string | undefined];
      const v = (leaf ? (table[head] as Record<string, Record<string, Cell>>)[leaf] : table[head]) as Record<string, Cell>;
      if (Object.values(v).every((c) => c.value === null && c.raw === undefined)) missing(ctx, 'applications', row.label, 0, 7);
    }
  }
  if (first !== -1) consume(ctx, from, first, last);
  return { table, found: first !== -1, end: last === -1 ? from : last + 1, blank: first === -1 ? [] : blank };
}

function readReview(ctx: Ctx, from: number, to: number): ReadResult<Record<string, Record<string, Cell>>> {
  const start = new LabelIndex(ctx.tokens, [{ match: /^行政复议$/ }], from, to).next(0, from);
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
    if (cells.length < 15) missing(ctx, 'reviewLitigation', '行政复议、行政诉讼', cells.length, 15, ctx.tokens[start]!.pos);
  } else {
    ctx.messages.push({ level: 'warning', code: 'ROW_NOT_FOUND', message: '表四（行政复议、行政诉讼情况）没有找到' });
  }
  const filled = fill(cells, 15);
  const blank: string[] = [];
  REVIEW_GROUPS.forEach((g, gi) => {
    table[g] = Object.fromEntries(REVIEW_COLUMNS.map((c, ci) => [c, filled[gi * 5 + ci]!]));
  });
  if (start !== -1) {
    filled.forEach((c, k) => isBlank(c) && blank.push(`${REVIEW_GROUPS[Math.floor(k / 5)]}/${REVIEW_COLUMNS[k % 5]}`));
    consume(ctx, from, first, last);
  }
  return { table, found: start !== -1, end: last === -1 ? from : last + 1, blank };
}

function reportBlankCells(ctx: Ctx, table: TableKey, blank: string[]) {
  if (blank.length === 0) return;
  const shown = blank.slice(0, 3).join('、');
  ctx.messages.push({
    level: 'warning',
    code: 'BLANK_CELLS',
    message: `${TABLE_NAMES[table]} 有 ${blank.length} 个单元格为空白或“/”等非数字（如 ${shown}${blank.length > 3 ? ' 等' : ''}），校验时按 0 计算`,
  });
}
