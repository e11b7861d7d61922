/** Table 三 (收到和处理政府信息公开申请情况): its rows by their labels, in the printed order. */
import { APPLICANT_COLUMNS, APPLICANT_COLUMN_LABELS, GROUP_LABELS, TABLE_NAMES, applicationRows, extraRows, type RowDef } from '../model/keys';
import type { Cell } from '../model/report';
import { isBlank } from '../model/table-access';
import { fuzzyLabel, numberingBefore } from './label-fuzzy';
import { LabelIndex, rowCores, runOf } from './label-index';
import { splitApplicationRuns, type ReadRow } from './table-runs';
import {
  type BlankCell,
  PastEdgeLog,
  type ReadResult,
  RunLog,
  consume,
  fill,
  missing,
  readValues,
  rowCells,
  runPieces,
  shortLabel,
  withoutRun,
} from './table-read';
import type { Ctx, Token } from './tokens';

const SEVEN = APPLICANT_COLUMNS.length;

/**
 * A row's cells keyed by column, in the columns' order. A plain loop: Object.fromEntries over mapped
 * pairs made every row of every table a dictionary-mode object, a tenth of the time of reading them.
 */
export function cellsByColumn(columns: readonly string[], filled: readonly (Cell | undefined)[], offset = 0): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (let k = 0; k < columns.length; k++) {
    const column = columns[k];
    if (column !== undefined) row[column] = filled[offset + k] ?? { value: null };
  }
  return row;
}

const paths = new Map<string, string[]>();
/** A dotted row key (`denied.stateSecret`) split once. */
const keyPath = (key: string): string[] => {
  const known = paths.get(key);
  if (known) return known;
  const path = key.split('.');
  paths.set(key, path);
  return path;
};

/** A token's label core as a fuzzy match compares it: no group label run into it, no run of digits. */
const fuzzyCore = (t: Token) => withoutRun(rowCores(t).at(-1) ?? t.core);

/** Table 三's rows and the 2021 variant's single （六） row, one list per format (label-index plans it once). */
const patterns = new Map<'2021' | '2019', RowDef[]>();
function patternsOf(format: '2021' | '2019'): RowDef[] {
  let list = patterns.get(format);
  if (!list) {
    list = [...applicationRows(format), ...extraRows(format)];
    patterns.set(format, list);
  }
  return list;
}

export function readApplications(ctx: Ctx, format: '2021' | '2019', from: number, to: number): ReadResult<Record<string, unknown>> {
  const rows = applicationRows(format);
  const extra = extraRows(format);
  const groupLabels = Object.values(GROUP_LABELS);
  const isLabel = (core: string) => rows.some((r) => r.match.test(core)) || groupLabels.some((re) => re.test(core));
  const index = new LabelIndex(ctx.tokens, patternsOf(format), from, to);
  const log = new RunLog(ctx, 'applications');
  let cursor = from;
  let first = -1;
  let last = -1;
  const read: ReadRow[] = [];
  /** where the search for each row started: a row printed in another form is looked for there */
  const searchedFrom: number[] = [];

  /**
   * Row `row`'s values after its label at `at`. With `requireValues` (a label taken in another
   * form than the format's), undefined unless the row has its seven numbers or a run of them.
   */
  const take = (row: RowDef, at: number, requireValues: boolean, lead?: string): ReadRow | undefined => {
    const token = ctx.tokens[at];
    if (!token) return undefined;
    const got = readValues(ctx, at, SEVEN, to, isLabel, row.label);
    const pieces = runPieces(runOf(row, token) ?? lead, got.cells, SEVEN);
    if (requireValues && got.cells.length < SEVEN && !pieces) return undefined;
    if (first === -1) first = at;
    last = Math.max(last, got.next - 1);
    cursor = got.next;
    return {
      key: row.key,
      label: row.label,
      cells: got.cells,
      at,
      pos: token.pos,
      ...(pieces ? { pieces } : {}),
      ...(got.pastEdge !== undefined ? { pastEdge: got.pastEdge } : {}),
    };
  };

  for (let p = 0; p < rows.length; p++) {
    const row = rows[p];
    if (row === undefined) continue;
    searchedFrom.push(cursor);
    // "总计" is also a column header: the row is searched only after the results started.
    const at = numbered(p, index.next(p, cursor));
    const found = at !== -1 ? take(row, at, false) : fuzzy(p);
    read.push(found ?? { key: row.key, label: row.label, cells: [], at: -1 });
  }

  /**
   * A label printed twice, once under another row's number ("2.危及“三安全一稳定”" above "3.危及…",
   * a copy-paste slip): the one whose number agrees is the row; the other's figures belong to
   * another row and are not read as this one's.
   */
  function numbered(p: number, at: number): number {
    const row = rows[p];
    if (at === -1 || !row || agrees(row, at)) return at;
    let nextRow = -1;
    for (let q = p + 1; q < rows.length && nextRow === -1; q++) nextRow = index.next(q, at + 1);
    const again = index.next(p, at + 1);
    return again !== -1 && agrees(row, again) && (nextRow === -1 || again < nextRow) ? again : at;
  }

  /** Whether the number printed before a label (if any) is the row's own. */
  function agrees(row: RowDef, at: number): boolean {
    const t = ctx.tokens[at];
    const own = ownNumber(row.label);
    if (!t || own === undefined) return true;
    const core = rowCores(t).find((c) => t.compact.includes(c)) ?? t.core;
    const printed = numberingBefore(t.compact, core)?.match(/^\d+/)?.[0];
    return printed === undefined || printed === own;
  }

  /** A misprinted label where row `p` belongs, between the rows found around it. */
  function fuzzy(p: number): ReadRow | undefined {
    let limit = to;
    for (let q = p + 1; q < rows.length; q++) {
      const next = index.next(q, cursor);
      if (next !== -1) {
        limit = next;
        break;
      }
    }
    const row = rows[p];
    const at = fuzzyLabel(ctx.tokens, rows, p, cursor, limit, fuzzyCore, isLabel);
    const token = ctx.tokens[at];
    if (!row || !token) return undefined;
    const got = take(row, at, true, trailingRun(token));
    if (!got) return undefined;
    const printed = token.text.trim().replace(/[\d\s]+$/, '');
    ctx.messages.push({
      level: 'warning',
      code: 'LABEL_FUZZY',
      message: `${TABLE_NAMES.applications}“${shortLabel(row.label)}”一行的标签印作“${printed}”，按位置和相似度读作该行，请核对`,
      position: token.pos,
      cells: rowCells('applications', row.key, APPLICANT_COLUMNS),
    });
    return got;
  }

  const single = readSingleGroupRow();

  /**
   * （六）其他处理 printed as one row in a 2021-format table (the 2019 way): its numbers are the
   * group's total; the three sub-rows the format asks for were not printed and stay unknown.
   */
  function readSingleGroupRow(): ReadRow | undefined {
    const group = extra[0];
    const subRows = read.filter((r) => r.key.startsWith('otherHandling.'));
    const [first] = subRows;
    if (!group || first === undefined || subRows.some((r) => r.at !== -1)) return undefined;
    const start = searchedFrom[read.indexOf(first)] ?? from;
    const handled = read.find((r) => r.key === 'totalHandled');
    const at = index.next(rows.length, start);
    if (at === -1 || (handled && handled.at !== -1 && at > handled.at)) return undefined;
    const keepCursor = cursor;
    const got = take(group, at, true);
    cursor = keepCursor;
    if (!got) return undefined;
    const subLabels = subRows.map((r) => `“${shortLabel(r.label).replace(/、行政机关不再处理其政府信息公开申请$/, '…')}”`).join('');
    ctx.messages.push({
      level: 'warning',
      code: 'OTHER_HANDLING_SINGLE_ROW',
      message: `${TABLE_NAMES.applications}“（六）其他处理”只印了一行，没有按 2021 年版格式分为${subLabels}三行：这一行按该项合计读出，三个分项按未读出处理；“（七）总计”按合计校验。请按 2021 年版格式分项填报`,
      position: got.pos ?? {},
      cells: subRows.flatMap((r) => rowCells('applications', r.key, APPLICANT_COLUMNS)),
    });
    return got;
  }

  const all = single ? [...read, single] : read;
  if (all.some((r) => r.pieces)) splitApplicationRuns(format, all, log);
  log.flush('已按表内勾稽关系（每行“总计”等于六类申请人之和，各列合计与收支平衡）逐行拆开读出');

  const table: Record<string, unknown> = {};
  const blank: BlankCell[] = [];
  const edge = new PastEdgeLog(ctx, 'applications');
  for (const r of all) {
    const addresses = rowCells('applications', r.key, APPLICANT_COLUMNS);
    if (r.at !== -1 && r.cells.length < SEVEN && !r.pieces) missing(ctx, 'applications', r.label, r.cells.length, SEVEN, r.pos, addresses);
    edge.add(r.label, r.pastEdge, addresses, r.pos);
    const filled = fill(r.cells, SEVEN);
    const value = cellsByColumn(APPLICANT_COLUMNS, filled);
    const [head = '', leaf] = keyPath(r.key);
    if (leaf) {
      table[head] ??= {};
      (table[head] as Record<string, unknown>)[leaf] = value;
    } else table[head] = value;
    for (let k = 0; k < SEVEN; k++) {
      const c = APPLICANT_COLUMNS[k];
      if (c !== undefined && isBlank(filled[k]))
        blank.push({ rowLabel: shortLabel(r.label), columnLabel: APPLICANT_COLUMN_LABELS[c], at: { table: 'applications', row: r.key, column: c } });
    }
  }
  edge.flush();
  if (first !== -1) {
    // Report each missing row once, by name; sub-rows printed as their group's one row are said above.
    for (const r of read)
      if (r.at === -1 && !(single && r.key.startsWith('otherHandling.')))
        missing(ctx, 'applications', r.label, 0, SEVEN, undefined, rowCells('applications', r.key, APPLICANT_COLUMNS));
    consume(ctx, from, first, last);
  }
  return { table, found: first !== -1, end: last === -1 ? from : last + 1, blank: first === -1 ? [] : blank };
}

const ownNumbers = new Map<string, string | undefined>();
/** The number a row's label is printed with ("3.危及…" → "3"), read once per label. */
function ownNumber(label: string): string | undefined {
  if (ownNumbers.has(label)) return ownNumbers.get(label);
  const own = /^(\d{1,2})\./.exec(label)?.[1];
  ownNumbers.set(label, own);
  return own;
}

/** The digits a misprinted label ran together with, which no pattern of its row matches. */
function trailingRun(t: Token): string | undefined {
  return /\d+$/.exec(t.core)?.[0];
}
