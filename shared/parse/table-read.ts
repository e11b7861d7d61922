/** What the readers of tables 二, 三 and 四 share: reading a row's values and saying what went wrong. */
import type { CellAddress, Position } from '../model/findings';
import { TABLE_NAMES, type TableKey } from '../model/keys';
import type { Cell } from '../model/report';
import { canonicalCore } from './label-index';
import { isProse, type Ctx } from './tokens';

export interface ReadResult<T> {
  table: T;
  found: boolean;
  end: number;
  /** written-blank cells, by printed label and by key */
  blank: BlankCell[];
}

/**
 * Stands for the rest of a row that is not in the document (a PDF table cut off at the page's
 * edge): the figures before it were placed by the columns' rules, the cells from it on are unknown.
 */
export const PAST_EDGE_TEXT = '（本行其余各栏在页面边缘之外，未读出）';

export interface BlankCell {
  rowLabel: string;
  columnLabel: string;
  at: CellAddress;
}

/** The addresses of a row's cells, for a message that covers them. */
export const rowCells = (table: TableKey, row: string, columns: readonly string[]): CellAddress[] => columns.map((column) => ({ table, row, column }));

/**
 * Reads up to `n` cell values after a row label. Short fragments of a label split across lines
 * ("…申请" / "数量") are skipped before the first value; any other label ends the row.
 */
export function readValues(ctx: Ctx, labelIndex: number, n: number, to: number, isLabel: (core: string) => boolean, label?: string) {
  const full = label ? canonicalCore(label) : '';
  const cells: Cell[] = [];
  let i = labelIndex + 1;
  let skipped = 0;
  /** where the cells past the page's edge start, if the row runs off it */
  let pastEdge: number | undefined;
  // A label that carried its row's digits is whole: what follows it is the next row.
  const carried = /\d$/.test(ctx.tokens[labelIndex]?.core ?? '');
  while (i < to && cells.length < n) {
    const t = ctx.tokens[i];
    if (!t) break;
    if (t.value !== undefined) {
      cells.push(t.value);
      i++;
      continue;
    }
    if (t.text === PAST_EDGE_TEXT && cells.length > 0) {
      pastEdge = cells.length;
      cells.push(...unknownTo(n - cells.length));
      i++;
      break;
    }
    const continuation = full !== '' && t.core.length > 0 && full.includes(t.core);
    if (!carried && cells.length === 0 && skipped < 3 && (continuation || (t.compact.length <= 12 && !isLabel(withoutRun(t.core))))) {
      skipped++;
      i++;
      continue;
    }
    break;
  }
  return { cells, next: i, ...(pastEdge !== undefined ? { pastEdge } : {}) };
}

export const unknownTo = (k: number): Cell[] => Array.from({ length: Math.max(0, k) }, () => ({ value: null }));

/**
 * Rows of one table that ran off the page's edge: their cells before it are read, those past it
 * are unknown. One message per table names them all.
 */
export class PastEdgeLog {
  private readonly rows: { label: string; cells: CellAddress[]; pos: Position | undefined }[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly table: TableKey,
  ) {}

  /** Row `label`'s cells from index `from` of `addresses` on were past the edge. */
  add(label: string, from: number | undefined, addresses: CellAddress[], pos: Position | undefined) {
    if (from !== undefined && from < addresses.length) this.rows.push({ label: shortLabel(label), cells: addresses.slice(from), pos });
  }

  flush() {
    const [first] = this.rows;
    if (first === undefined) return;
    const names = this.rows
      .slice(0, 3)
      .map((r) => `“${r.label}”`)
      .join('、');
    this.ctx.messages.push({
      level: 'warning',
      code: 'CELLS_PAST_EDGE',
      message: `${TABLE_NAMES[this.table]}超出了页面边缘：${names}${this.rows.length > 3 ? ` 等 ${this.rows.length} 行` : ''}在边缘之外的栏目不在文件中，按未读出处理（边缘以内的数字已按栏线读出），涉及的勾稽关系没有校验；请上传表格完整的版本（如 Word 或网页）`,
      ...(first.pos ? { position: first.pos } : {}),
      cells: this.rows.flatMap((r) => r.cells),
    });
  }
}

/** Marks a table region consumed: from the first non-prose token before `first` to `last`. */
export function consume(ctx: Ctx, sectionFrom: number, first: number, last: number) {
  let from = first;
  for (let prev = ctx.tokens[from - 1]; from - 1 >= sectionFrom && prev && !isProse(prev); prev = ctx.tokens[from - 1]) from--;
  for (let i = from; i <= last; i++) ctx.consumed[i] = 1;
}

export function missing(ctx: Ctx, table: TableKey, label: string, got: number, want: number, pos: Position | undefined, cells: CellAddress[]) {
  ctx.messages.push({
    level: 'warning',
    code: got === 0 ? 'ROW_NOT_FOUND' : 'CELLS_MISSING',
    message:
      got === 0 && !pos
        ? `${TABLE_NAMES[table]} 没有找到“${label}”一行`
        : `${TABLE_NAMES[table]}“${label}”一行应有 ${want} 个数，只读到 ${got} 个，分不清各属哪一栏：这一行按未读出处理，涉及它的勾稽关系没有校验`,
    ...(pos ? { position: pos } : {}),
    cells,
  });
}

/**
 * A row of n cells. A short row lost cells somewhere (flattened text drops blank cells), so which
 * column each figure read belongs to is unknown: the whole row is unknown rather than shifted.
 */
export function fill(cells: Cell[], n: number): Cell[] {
  if (cells.length >= n) return cells.slice(0, n);
  return Array.from({ length: n }, () => ({ value: null }));
}

/** A row label without the digits it may have run together with. */
export const withoutRun = (core: string) => core.replace(/\d+(?:\.\d+)?$/, '');

/** A row's label as a clerk finds it in the table: "（二）部分公开", without the printed explanation. */
export const shortLabel = (label: string) => label.replace(/（[^）]*）$/, '');

/** A value that may be part of a run: digits only, as written. */
const digitsOf = (c: Cell): string | undefined => {
  if (c.value === null || c.value < 0 || !Number.isInteger(c.value)) return undefined;
  const text = c.raw ?? String(c.value);
  return /^\d+$/.test(text) ? text : undefined;
};

/** The pieces of a short row when they are all digits, so they may be cells run together. */
export function runPieces(lead: string | undefined, cells: Cell[], n: number): string[] | undefined {
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

/** Unknown cells that keep the run as written, so nobody mistakes them for blanks. */
export const unknownRun = (pieces: readonly string[], n: number): Cell[] => Array.from({ length: n }, () => ({ value: null, raw: pieces.join('') }));

/**
 * The rows of one table whose digits ran together: those split are summed up in one message
 * (a clerk checks the table once), those left unread are named one by one.
 */
export class RunLog {
  private readonly split: { label: string; cells: CellAddress[]; pos: Position }[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly table: TableKey,
  ) {}

  /** A row read from its run. */
  read(label: string, pos: Position, cells: CellAddress[]) {
    this.split.push({ label: shortLabel(label), cells, pos });
  }

  /** A row left unread: its own warning, saying why. */
  unread(label: string, pieces: readonly string[], pos: Position, what: string, cells: CellAddress[]) {
    this.ctx.messages.push({
      level: 'warning',
      code: 'RUN_TOGETHER',
      message: `${TABLE_NAMES[this.table]}“${shortLabel(label)}”一行的数字连在了一起（${pieces.join(' ')}）：${what}`,
      position: pos,
      cells,
    });
  }

  /** The one summary of the rows read from runs, with how they were split. */
  flush(how: string) {
    const [first] = this.split;
    if (first === undefined) return;
    const names = this.split
      .slice(0, 3)
      .map((s) => `“${s.label}”`)
      .join('、');
    this.ctx.messages.push({
      level: 'info',
      code: 'RUN_TOGETHER_SPLIT',
      message: `${TABLE_NAMES[this.table]}有 ${this.split.length} 行的数字连在了一起（${names}${this.split.length > 3 ? ' 等' : ''}），${how}，请对照原表核对`,
      position: first.pos,
      cells: this.split.flatMap((s) => s.cells),
    });
  }
}
