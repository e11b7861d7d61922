/**
 * The national format's arithmetic (勾稽关系, docs/format.md), written once as data: which cells
 * add up to which. The rules check them, the digit splitting uses them to choose among the ways a
 * run of digits can be cut, and the parser uses them to fix a cell the others determine.
 *
 * Values are numbers, or `undefined` for a cell nobody could read: an equation with an unknown
 * term is not checked and proves nothing either way.
 */
import { APPLICANT_COLUMNS, BALANCE_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS, resultRows, type ApplicantColumn, type ReviewColumn } from './keys';

export type Num = number | undefined;

/** sum(lhs) = sum(rhs), each side a list of terms. */
export interface Equation<T extends string = string> {
  lhs: readonly T[];
  rhs: readonly T[];
}

/** The six applicant columns of table 三, without 总计. */
export const SIX_COLUMNS = APPLICANT_COLUMNS.filter((c): c is Exclude<ApplicantColumn, 'total'> => c !== 'total');

/** Table 三, within each row: 总计 = 自然人 + the five kinds of 法人或其他组织. */
export const APPLICANT_ROW_SUM: Equation<ApplicantColumn> = { lhs: SIX_COLUMNS, rhs: ['total'] };

/** Table 四, within each of its three groups: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. */
export const REVIEW_GROUP_SUM: Equation<ReviewColumn> = { lhs: ['upheld', 'corrected', 'other', 'pending'], rhs: ['total'] };

/** Table 三, per column (the corner cell's rule): 本年新收 + 上年结转 = 办理结果总计 + 结转下年度. */
export const BALANCE: Equation = { lhs: BALANCE_ROWS.slice(0, 2), rhs: BALANCE_ROWS.slice(2) };

/**
 * A group of result rows that may be printed as one row: （六）其他处理 in the 2021 format has three
 * numbered sub-rows, but some tables print only the group's row (its total). Where the sub-rows are
 * unknown, an equation over the result rows uses the group total instead.
 */
export interface RowGroup {
  total: string;
  parts: readonly string[];
}

export const OTHER_HANDLING_2021: RowGroup = {
  total: 'otherHandling.total',
  parts: ['otherHandling.noCorrection', 'otherHandling.unpaidFee', 'otherHandling.other'],
};

/** Groups whose total the format lets stand for its rows, by format. */
export const rowGroups = (format: '2021' | '2019'): readonly RowGroup[] => (format === '2021' ? [OTHER_HANDLING_2021] : []);

/** Table 三, per column: 办理结果总计 = every result row from 予以公开 to 其他处理. */
export const resultTotal = (format: '2021' | '2019'): Equation => ({ lhs: resultRows(format).map((r) => r.key), rhs: ['totalHandled'] });

/** The sum of the values, or undefined when one of them is unknown. */
export function sumOf(values: readonly Num[]): Num {
  let s = 0;
  for (const v of values) {
    if (v === undefined) return undefined;
    s += v;
  }
  return s;
}

/**
 * Whether an equation holds: true or false when every term is known, undefined otherwise.
 * `value` reads a term; `groups` lets a group total stand for its unknown rows.
 */
export function holds<T extends string>(eq: Equation<T>, value: (term: T) => Num, groups: readonly RowGroup[] = []): boolean | undefined {
  const left = sumOf(termValues(eq.lhs, value, groups));
  const right = sumOf(termValues(eq.rhs, value, groups));
  return left === undefined || right === undefined ? undefined : left === right;
}

/** Both sides' sums, for a message that states them. */
export function sides<T extends string>(eq: Equation<T>, value: (term: T) => Num, groups: readonly RowGroup[] = []): [Num, Num] {
  return [sumOf(termValues(eq.lhs, value, groups)), sumOf(termValues(eq.rhs, value, groups))];
}

/**
 * The terms' values; a group's rows, where one of them is unknown, are replaced by the group's
 * total (each group counted once).
 */
function termValues<T extends string>(terms: readonly T[], value: (term: T) => Num, groups: readonly RowGroup[]): Num[] {
  if (groups.length === 0) return terms.map(value);
  // Plain loops: the rules evaluate this for every column of every equation of every report.
  const out: Num[] = [];
  const done: RowGroup[] = [];
  for (const t of terms) {
    let g: RowGroup | undefined;
    for (const x of groups)
      if (x.parts.includes(t)) {
        g = x;
        break;
      }
    if (!g) {
      out.push(value(t));
      continue;
    }
    if (done.includes(g)) continue;
    done.push(g);
    const parts: Num[] = [];
    let known = true;
    for (const p of g.parts) {
      const v = value(p as T);
      parts.push(v);
      if (v === undefined) known = false;
    }
    if (known) for (const v of parts) out.push(v);
    else out.push(value(g.total as T));
  }
  return out;
}

/**
 * The one term an equation fixes when every other term is known: `target` on either side.
 * undefined when another term is unknown (or the target is not in the equation). A group total
 * stands for its rows only when the target is not one of them.
 */
export function solveFor<T extends string>(eq: Equation<T>, target: T, value: (term: T) => Num, groups: readonly RowGroup[] = []): Num {
  const onLeft = eq.lhs.includes(target);
  if (!onLeft && !eq.rhs.includes(target)) return undefined;
  const usable = groups.filter((g) => !g.parts.includes(target));
  const same = sumOf(
    termValues(
      (onLeft ? eq.lhs : eq.rhs).filter((t) => t !== target),
      value,
      usable,
    ),
  );
  const other = sumOf(termValues(onLeft ? eq.rhs : eq.lhs, value, usable));
  return same === undefined || other === undefined ? undefined : other - same;
}

// ---- Positional forms, for cells still in printed order (runs of digits being split) ------------

/**
 * An equation over one printed row compiled to cell indices: it runs once per candidate split, so
 * it is a plain loop. `offset` places it in a longer row (table 四's three groups side by side).
 */
function positional(eq: Equation, columns: readonly string[], offset = 0): (cells: readonly number[]) => boolean {
  const lhs = eq.lhs.map((c) => offset + columns.indexOf(c));
  const rhs = eq.rhs.map((c) => offset + columns.indexOf(c));
  return (cells) => {
    let d = 0;
    // A column the row lacks (indexOf -1) leaves the equation unanswered: NaN equals nothing.
    for (const i of lhs) d += cells[i] ?? Number.NaN;
    for (const i of rhs) d -= cells[i] ?? Number.NaN;
    return d === 0;
  };
}

/** A row of table 三 as its seven printed cells: 总计 (the 7th) is the sum of the six. */
export const rowTotalHolds: (cells: readonly number[]) => boolean = positional(APPLICANT_ROW_SUM, APPLICANT_COLUMNS);

const GROUP_HOLDS = REVIEW_GROUPS.map((_, g) => positional(REVIEW_GROUP_SUM, REVIEW_COLUMNS, g * REVIEW_COLUMNS.length));

/** Table 四's one data row of fifteen printed cells: each of the three groups' 总计 is the sum of its four results. */
export const reviewTotalsHold = (cells: readonly number[]): boolean => GROUP_HOLDS.every((h) => h(cells));

/**
 * Table 三's equations across rows, one column at a time, as the digit splitting checks them:
 * every equation with all its terms known must hold. `value(row, column)` gives undefined for an
 * unknown cell.
 */
export function columnsHold(format: '2021' | '2019', value: (row: string, col: number) => Num): boolean {
  const eqs = [resultTotal(format), BALANCE];
  const groups = rowGroups(format);
  for (let col = 0; col < APPLICANT_COLUMNS.length; col++) {
    for (const eq of eqs) if (holds(eq, (row) => value(row, col), groups) === false) return false;
  }
  return true;
}

/**
 * A cell of table 三 fixed by the column equations from the other known cells of its column; when
 * two equations fix it differently (the table has an error somewhere), it is not fixed.
 */
export function determinedCell(format: '2021' | '2019', row: string, col: number, value: (row: string, col: number) => Num): Num {
  const found = new Set<number>();
  for (const eq of [resultTotal(format), BALANCE]) {
    const v = solveFor(eq, row, (r) => value(r, col), rowGroups(format));
    if (v !== undefined) found.add(v);
  }
  return found.size === 1 ? [...found][0] : undefined;
}
