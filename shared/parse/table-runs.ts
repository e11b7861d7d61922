/**
 * Rows whose cells ran together, split by the tables' own arithmetic (shared/model/equations.ts)
 * where exactly one split fits; any other row stays unknown and keeps its run as written.
 */
import { columnsHold, determinedCell, reviewTotalsHold, type Num } from '../model/equations';
import type { CellAddress, Position } from '../model/findings';
import { APPLICANT_COLUMNS } from '../model/keys';
import type { Cell } from '../model/report';
import { isUnknown } from '../model/table-access';
import { resolveJointly, splitRuns, splitSummedRuns } from './digit-runs';
import { type Domains, pruneByColumns } from './run-domains';
import { type RunLog, unknownRun } from './table-read';

const SEVEN = APPLICANT_COLUMNS.length;
/** Splits kept per row for the joint decision; a row with more stays unknown. */
const MAX_CANDIDATES = 4096;
/** Combinations tried together after pruning; past it the rows stay unknown. */
const MAX_COMBINATIONS = 20_000;

/**
 * Table 二 has no arithmetic within a year (现行有效 = last year's + 制发 − 废止 needs last year's
 * report): a run is split only when its digits allow one split at all ("693" → 6, 9, 3).
 */
export function splitDisclosureRun(log: RunLog, label: string, pieces: string[], n: number, pos: Position, cells: CellAddress[]): Cell[] {
  const search = splitRuns(pieces, n, () => true, 2);
  if (search.count === 1 && !search.exhausted) {
    log.read(label, pos, cells);
    return (search.found[0] ?? []).map((v) => ({ value: v }));
  }
  log.unread(
    label,
    pieces,
    pos,
    search.count === 0 ? '无法拆成各格的数，按未读出处理' : '有多种拆分，本表无法确定各格的数，按未读出处理，请上传表格未连在一起的版本',
    cells,
  );
  return unknownRun(pieces, n);
}

/** Table 四's one data row, split by its three group totals. */
export function splitReviewRun(log: RunLog, pieces: string[], pos: Position, cells: CellAddress[]): Cell[] {
  const search = splitRuns(pieces, 15, reviewTotalsHold, 2);
  if (search.count === 1 && !search.exhausted) {
    log.read('行政复议、行政诉讼', pos, cells);
    return (search.found[0] ?? []).map((v) => ({ value: v }));
  }
  log.unread(
    '行政复议、行政诉讼',
    pieces,
    pos,
    search.count === 0 && !search.exhausted
      ? '没有一种拆分符合三组“总计”（可能有计算错误），无法读出各格的数，未能校验'
      : '有多种拆分都符合三组“总计”，无法确定各格的数，按未读出处理',
    cells,
  );
  return unknownRun(pieces, 15);
}

/** A row of table 三 as read: its cells, or the pieces of a run still to split. */
export interface ReadRow {
  key: string;
  label: string;
  cells: Cell[];
  /** token of the label, -1 when the row was not found */
  at: number;
  pos?: Position;
  pieces?: string[];
  /** the cells from this one on were past the page's edge */
  pastEdge?: number;
}

/**
 * Splits table 三's run-together rows by the table's arithmetic: first each row by its own 总计,
 * then the rows still open together by the column totals and the balance. A row is split only
 * where exactly one split fits; a row no split fits is left unknown (its error cannot be placed).
 */
export function splitApplicationRuns(format: '2021' | '2019', read: ReadRow[], log: RunLog) {
  const open = read.filter((r) => r.pieces);
  const searches = new Map(open.map((r) => [r, splitSummedRuns(r.pieces ?? [], SEVEN, MAX_CANDIDATES)]));
  // Every row's numbers as the equations see them: undefined = unknown.
  const known = new Map<string, Num[]>();
  for (const r of read) {
    if (r.pieces || r.cells.length < SEVEN) continue;
    known.set(
      r.key,
      r.cells.map((c) => (isUnknown(c) ? undefined : (c.value ?? 0))),
    );
  }
  const valueIn = (choice: ReadonlyMap<string, readonly number[]>) => (row: string, col: number) => (choice.get(row) ?? known.get(row))?.[col];
  const pool = open.map((r) => {
    const s = searches.get(r);
    const exhausted = s?.exhausted ?? true;
    const all = !exhausted && (s?.count ?? 0) <= MAX_CANDIDATES;
    return { r, cands: all ? (s?.found ?? []) : [], count: exhausted ? Infinity : (s?.count ?? 0), exhausted };
  });
  // A row its own 总计 splits one way only is that split, whatever the columns then say.
  const decided = new Map<ReadRow, number[]>();
  for (const p of pool) if (p.count === 1 && p.cands[0]) decided.set(p.r, p.cands[0]);
  for (const [r, cells] of decided) known.set(r.key, cells);
  // The rest are decided together by the column totals and the balance: the splits no solution
  // can use are dropped first, then every remaining combination is tried.
  const domains: Domains = new Map([...known].map(([row, cells]) => [row, [cells]]));
  const ambiguous = pool.filter((p) => p.count >= 2 && p.cands.length === p.count);
  for (const p of ambiguous) domains.set(p.r.key, p.cands);
  if (ambiguous.length > 0 && pruneByColumns(format, domains)) {
    const joint = ambiguous.map((p) => ({ p, cands: (domains.get(p.r.key) ?? []).filter((c): c is number[] => c.every((v) => v !== undefined)) }));
    const { resolved } = resolveJointly(
      joint.map((j) => j.cands),
      (choice) => columnsHold(format, valueIn(new Map(choice.map((c, k) => [joint[k]?.p.r.key ?? '', c])))),
      MAX_COMBINATIONS,
    );
    for (const [k, j] of joint.entries()) {
      const cells = resolved[k];
      if (cells) decided.set(j.p.r, cells);
    }
  }
  for (const [r, cells] of decided) known.set(r.key, cells);
  // A row whose own 总计 fits no split may hold an arithmetic error: the other rows' totals fix its cells.
  const value = valueIn(new Map());
  for (const p of pool.filter((x) => x.count === 0 && !x.exhausted)) {
    // The six applicant cells, each fixed by its column; what is left of the run is the row's 总计.
    const fixed = [0, 1, 2, 3, 4, 5].map((col) => determinedCell(format, p.r.key, col, value));
    const fits = splitRuns(p.r.pieces ?? [], SEVEN, (cells) => fixed.every((v, col) => v === undefined || v === cells[col]));
    if (fits.count === 1 && !fits.exhausted && fixed.some((v) => v !== undefined) && fits.found[0]) decided.set(p.r, fits.found[0]);
  }
  for (const p of pool) {
    const r = p.r;
    const pieces = r.pieces ?? [];
    const cells = decided.get(r);
    const addresses = APPLICANT_COLUMNS.map((column): CellAddress => ({ table: 'applications', row: r.key, column }));
    const pos = r.pos ?? {};
    if (cells) {
      r.cells = cells.map((v) => ({ value: v }));
      log.read(r.label, pos, addresses);
      continue;
    }
    r.cells = unknownRun(pieces, SEVEN);
    log.unread(
      r.label,
      pieces,
      pos,
      p.exhausted || p.count > 1
        ? `有${p.exhausted ? '很多' : ` ${p.count} `}种拆分都符合表内勾稽关系，无法确定各格的数，按未读出处理，请上传表格未连在一起的版本`
        : '没有一种拆分符合表内勾稽关系（这一行可能有计算错误），无法读出各格的数，未能校验，请核对这一行',
      addresses,
    );
  }
}
