import type { CellAddress } from '../model/findings';
import {
  APPLICANT_COLUMNS,
  REVIEW_COLUMNS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUPS,
  REVIEW_GROUP_LABELS,
  applicationRows,
  disclosureBlocks,
  extraRows,
  type RowDef,
  type SectionKey,
} from '../model/keys';
import type { Cell, Report, Tables } from '../model/report';
import { isBlank } from '../model/table-access';
import { cellsByColumn, readApplications } from './applications-table';
import { reportBlankCells } from './blank-cells';
import { LabelIndex, type LabelPattern, runOf } from './label-index';
import { type CutRules, TABLE_TWO_CUT, segmentRows } from './row-segments';
import { splitDisclosureRun, splitReviewRun } from './table-runs';
import {
  type BlankCell,
  PAST_EDGE_TEXT,
  PastEdgeLog,
  type ReadResult,
  RunLog,
  consume,
  fill,
  missing,
  readValues,
  rowCells,
  runPieces,
  unknownTo,
} from './table-read';
import type { Ctx, Token } from './tokens';

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
  const disclosure = readSegmented(
    ctx,
    [disclosureBlocks(format).flatMap((b) => b.rows)],
    aFrom,
    aTo,
    (c, f, t) => readDisclosure(c, format, f, t),
    TABLE_TWO_CUT,
  );
  const [bFrom, bTo] = range('applications', disclosure.end);
  const applications = readSegmented(ctx, tableThreeRowsets(format), bFrom, bTo, (c, f, t) => readApplications(c, format, f, t));
  const [cFrom, cTo] = range('reviewLitigation', applications.end);
  const review = readReview(ctx, cFrom, cTo);
  if (!disclosure.found && !applications.found && !review.found) return null;
  reportBlankCells(ctx, 'activeDisclosure', disclosure.blank);
  reportBlankCells(ctx, 'applications', applications.blank, { width: APPLICANT_COLUMNS.length, height: applicationRows(format).length });
  reportBlankCells(ctx, 'reviewLitigation', review.blank, { width: REVIEW_COLUMNS.length, height: REVIEW_GROUPS.length });
  // The readers built each table key by key from the format's lists; the schema has the same keys.
  return {
    activeDisclosure: disclosure.table,
    applications: applications.table,
    reviewLitigation: review.table,
  } as unknown as Tables;
}

/** Table 三's rows in printed order, and the 2021 variant that prints （六）其他处理 as one row. */
function tableThreeRowsets(format: '2021' | '2019'): RowDef[][] {
  const rows = [...applicationRows(format)];
  const extra = extraRows(format);
  if (extra.length === 0) return [rows];
  const sub = rows.findIndex((r) => r.key.startsWith('otherHandling.'));
  return [rows, [...rows.slice(0, sub), ...extra, ...rows.filter((r, i) => i > sub && !r.key.startsWith('otherHandling.'))]];
}

/**
 * Reads a table from [from, to) with lines of several rows run together cut into one token per
 * row first (row-segments.ts); what the reader consumed is marked on the original tokens.
 */
function readSegmented<T>(
  ctx: Ctx,
  rowsets: readonly (readonly { label: string; match: RegExp }[])[],
  from: number,
  to: number,
  read: (c: Ctx, from: number, to: number) => ReadResult<T>,
  rules?: CutRules,
): ReadResult<T> {
  const seg = segmentRows(ctx, rowsets, from, to, rules);
  if (!seg) return read(ctx, from, to);
  const tokens = [...ctx.tokens.slice(0, from), ...seg.tokens];
  const local: Ctx = { tokens, messages: ctx.messages, consumed: new Uint8Array(tokens.length) };
  const result = read(local, from, tokens.length);
  for (let i = from; i < tokens.length; i++) if (local.consumed[i]) ctx.consumed[seg.origin[i - from] ?? from] = 1;
  const end = result.end <= from ? result.end : (seg.origin[result.end - 1 - from] ?? to - 1) + 1;
  return { ...result, end };
}

/** Table 二's patterns by format: each block's caption, then its rows, in the order they are searched. */
const disclosurePatterns = new Map<'2021' | '2019', LabelPattern[]>();
function disclosurePatternsOf(format: '2021' | '2019'): LabelPattern[] {
  let patterns = disclosurePatterns.get(format);
  if (!patterns) {
    patterns = disclosureBlocks(format).flatMap((b) => [
      { match: b.captionMatch, on: 'compact' as const },
      ...b.rows.map((r) => ({ match: r.match, label: r.label })),
    ]);
    disclosurePatterns.set(format, patterns);
  }
  return patterns;
}

function readDisclosure(ctx: Ctx, format: '2021' | '2019', from: number, to: number): ReadResult<Record<string, Record<string, Cell>>> {
  const blocks = disclosureBlocks(format);
  const allRowLabels = blocks.flatMap((b) => b.rows.map((r) => r.match));
  const isLabel = (core: string) => allRowLabels.some((re) => re.test(core));
  const table: Record<string, Record<string, Cell>> = {};
  const blank: BlankCell[] = [];
  const log = new RunLog(ctx, 'activeDisclosure');
  const edge = new PastEdgeLog(ctx, 'activeDisclosure');
  const index = new LabelIndex(ctx.tokens, disclosurePatternsOf(format), from, to);
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
    const columns = block.columns.map((c) => c.key);
    for (const row of block.rows) {
      const at = index.next(p++, cursor);
      const addresses = rowCells('activeDisclosure', row.key, columns);
      let cells: Cell[] = [];
      const token = ctx.tokens[at];
      if (token) {
        const read = readValues(ctx, at, columns.length, to, isLabel, row.label);
        cells = read.cells;
        edge.add(row.label, read.pastEdge, addresses, token.pos);
        if (first === -1) first = at;
        last = Math.max(last, read.next - 1);
        cursor = read.next;
        const run = runOf(row, token);
        if (columns.length === 1 && run !== undefined && cells.length === 0 && !/^0\d/.test(run)) {
          // One cell run into its label ("行政许可11"): nothing to split, the number is the cell.
          cells = [{ value: Number(run) }];
          log.read(row.label, token.pos, addresses);
        } else {
          const pieces = columns.length > 1 ? runPieces(run, cells, columns.length) : undefined;
          if (pieces) cells = splitDisclosureRun(log, row.label, pieces, columns.length, token.pos, addresses);
          else if (cells.length < columns.length) missing(ctx, 'activeDisclosure', row.label, cells.length, columns.length, token.pos, addresses);
        }
      } else {
        missing(ctx, 'activeDisclosure', row.label, 0, columns.length, undefined, addresses);
      }
      const filled = fill(cells, columns.length);
      table[row.key] = cellsByColumn(columns, filled);
      for (let k = 0; k < block.columns.length; k++) {
        const c = block.columns[k];
        if (c !== undefined && isBlank(filled[k]))
          blank.push({ rowLabel: row.label, columnLabel: c.label, at: { table: 'activeDisclosure', row: row.key, column: c.key } });
      }
    }
  }
  log.flush('只有一种拆分的已按唯一拆分读出');
  edge.flush();
  if (first !== -1) consume(ctx, from, first, last);
  return { table, found: first !== -1, end: last === -1 ? from : last + 1, blank };
}

const REVIEW_HEADER_WORDS = '(?:行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|复议后起诉)';
/** 表四's header cells run into one line, perhaps with the data row's digits after them. */
const REVIEW_HEADER_LINE = new RegExp(`^行政复议${REVIEW_HEADER_WORDS}*(?:\\d{15,})?$`);
const HEADER_RUN = new RegExp(`^${REVIEW_HEADER_WORDS}+(\\d{15,})$`);

/** The digits of 表四's data row run into its header ("…尚未审结总计100010000000000"), or undefined. */
function headerRun(t: Token | undefined): string | undefined {
  if (!t || t.value !== undefined) return undefined;
  return HEADER_RUN.exec(t.compact)?.[1];
}

/** 表四's first header cell, or both group labels run together. */
const REVIEW_START: LabelPattern[] = [{ match: /^行政复议(?:行政诉讼)?$/ }];

function readReview(ctx: Ctx, from: number, to: number): ReadResult<Record<string, Record<string, Cell>>> {
  // The two group labels run together when PDF text spreads them over one line; a CMS export may
  // run the whole header and the data row together.
  let start = new LabelIndex(ctx.tokens, REVIEW_START, from, to).next(0, from);
  if (start === -1) for (let i = from; i < to && start === -1; i++) if (REVIEW_HEADER_LINE.test(ctx.tokens[i]?.compact ?? '')) start = i;
  const table: Record<string, Record<string, Cell>> = {};
  const addresses: CellAddress[] = REVIEW_GROUPS.flatMap((g) => rowCells('reviewLitigation', g, REVIEW_COLUMNS));
  const log = new RunLog(ctx, 'reviewLitigation');
  const edge = new PastEdgeLog(ctx, 'reviewLitigation');
  let cells: Cell[] = [];
  let first = -1;
  let last = -1;
  const startToken = ctx.tokens[start];
  if (startToken) {
    // The data row is the first run of 15 values; runs of blank header cells are shorter.
    let run: Cell[] = [];
    let runStart = -1;
    let lead = headerRun(startToken);
    let edgeAt: number | undefined;
    if (lead !== undefined) runStart = start;
    for (let i = start + 1; i < to && lead === undefined; i++) {
      const v = ctx.tokens[i]?.value;
      if (v === undefined && run.length === 0) {
        lead = headerRun(ctx.tokens[i]);
        if (lead !== undefined) {
          runStart = i;
          break;
        }
      }
      if (v !== undefined) {
        if (run.length === 0) runStart = i;
        run.push(v);
        if (run.length === 15) break;
      } else if (run.length > 0 && ctx.tokens[i]?.text === PAST_EDGE_TEXT) {
        edgeAt = run.length;
        break;
      } else {
        if (run.length > 0 && run.some((c) => c.value !== null)) break;
        run = [];
      }
    }
    // The row ran off the page's edge: what stood before it is read, the rest is unknown.
    cells = edgeAt === undefined ? run : [...run, ...unknownTo(15 - run.length)];
    edge.add('行政复议、行政诉讼', edgeAt, addresses, startToken.pos);
    first = start;
    last = runStart === -1 ? start : runStart + run.length - (edgeAt === undefined ? 1 : 0);
    const pieces = runPieces(lead, cells, 15);
    if (pieces) cells = splitReviewRun(log, pieces, ctx.tokens[runStart]?.pos ?? startToken.pos, addresses);
    else if (cells.length < 15) missing(ctx, 'reviewLitigation', '行政复议、行政诉讼', cells.length, 15, startToken.pos, addresses);
  } else {
    ctx.messages.push({ level: 'warning', code: 'ROW_NOT_FOUND', message: '表四（行政复议、行政诉讼情况）没有找到', cells: addresses });
  }
  log.flush('已按三组“总计”拆开读出');
  edge.flush();
  const filled = fill(cells, 15);
  const blank: BlankCell[] = [];
  REVIEW_GROUPS.forEach((g, gi) => {
    table[g] = cellsByColumn(REVIEW_COLUMNS, filled, gi * 5);
  });
  if (startToken) {
    for (const [k, c] of filled.entries()) {
      const group = REVIEW_GROUPS[Math.floor(k / 5)];
      const column = REVIEW_COLUMNS[k % 5];
      if (isBlank(c) && group && column)
        blank.push({ rowLabel: REVIEW_GROUP_LABELS[group], columnLabel: REVIEW_COLUMN_LABELS[column], at: { table: 'reviewLitigation', row: group, column } });
    }
    // 表四 starts with its own first header cell (行政复议): nothing before it is the table's, and a
    // narrative line without a sentence mark there is the section's text, not a header.
    consume(ctx, first, first, last);
  }
  return { table, found: start !== -1, end: last === -1 ? from : last + 1, blank };
}
