import type { Line, Piece, Run } from './page-model';

/** Lines in a cell keep their breaks, as `<br>` and Word paragraphs do in the other readers. */
export function cellText(runs: Run[]): string {
  if (runs.length === 0) return '';
  const lines = toLines(runs)
    .map((l) => joinRuns(l.runs))
    .filter(Boolean);
  // A number too wide for its column wraps mid-number ("18906" / "0"): it is one number.
  return lines.length > 1 && lines.every((l) => NUMBER_PART.test(l)) ? lines.join('') : lines.join('\n');
}

const NUMBER_PART = /^[\d.,]+$/;

/** Baselines within a third of the font size are one line (superscripts and mixed fonts shift a little). */
export function toLines(runs: Run[]): Line[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const run of sorted) {
    let line: Line | undefined;
    for (let k = lines.length - 1; k >= 0 && k >= lines.length - 3; k--) {
      const l = lines[k];
      if (l && Math.abs(l.y - run.y) <= 0.35 * Math.min(l.size, run.size)) {
        line = l;
        break;
      }
    }
    if (line) {
      line.runs.push(run);
      line.size = Math.max(line.size, run.size);
    } else lines.push({ y: run.y, size: run.size, runs: [run] });
  }
  for (const l of lines) l.runs.sort((a, b) => a.x - b.x);
  return lines;
}

export const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/**
 * Joins runs of one line. Chinese needs no spaces, so a gap between CJK characters (a label set
 * out as "行 政 复 议") closes; a gap between Latin words or numbers is one space.
 */
export function joinRuns(runs: Run[]): string {
  let out = '';
  let prev: Run | undefined;
  for (const run of runs) {
    const str = run.str.replace(/\s+/g, ' ');
    if (prev) {
      const gap = run.x - prev.x1;
      const size = Math.min(prev.size, run.size);
      if (gap > 0.15 * size && !(WIDE.test(out[out.length - 1] ?? '') || WIDE.test(str[0] ?? ''))) out += ' ';
    }
    out += str;
    prev = run;
  }
  return out.replace(/ +/g, ' ').trim();
}

const DIGIT_END = /\d$/;
const DIGIT_START = /^[\d+\-−]/;

/** A gap of two characters or more between runs parts a line into pieces (columns, sidebars). */
const PIECE_GAP = 2;

export function toPieces(line: Line): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  const flush = (end: number) => {
    const runs = line.runs.slice(start, end);
    const text = joinRuns(runs);
    const [first] = runs;
    const last = runs.at(-1);
    if (text && first && last) out.push({ x0: first.x, x1: last.x1, y: line.y, size: line.size, text });
    start = end;
  };
  // Indexed, not entries(): this runs once per glyph run of the document.
  for (let i = 1; i < line.runs.length; i++) {
    const prev = line.runs[i - 1];
    const run = line.runs[i];
    if (!prev || !run) continue;
    const gap = run.x - prev.x1;
    const size = Math.min(prev.size, run.size);
    // Numbers in narrow columns stand closer than two characters: a number after another with
    // more than a space between them is a new cell. (Prose keeps "共 3 件" whole: only number
    // after number parts.)
    const numbers = DIGIT_END.test(prev.str) && DIGIT_START.test(run.str);
    if (gap > PIECE_GAP * size && distributed(line.runs, i)) continue;
    if (gap > PIECE_GAP * size || (gap > 0.8 * size && Math.abs(prev.size - run.size) > 0.25 * size) || (numbers && gap > 0.4 * size)) flush(i);
  }
  flush(line.runs.length);
  return out;
}

/** One Chinese character (or its punctuation) as a run of its own: how 分散对齐 text comes out. */
const SPREAD_CHAR = /^[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff08\uff09]$/;
const spreadChar = (r: Run | undefined) => r !== undefined && SPREAD_CHAR.test(r.str.trim());
const edgeChar = (s: string, end: boolean) => SPREAD_CHAR.test((end ? s.trimEnd().slice(-1) : s.trimStart()[0]) ?? '');

/**
 * A row's label of two characters set 分散对齐 (规……章) has one gap, with nothing to compare it
 * with: where each of a row's label pieces is one character, they are one label.
 */
export function spreadLabel(pieces: Piece[]): Piece[] {
  if (pieces.length < 2 || !pieces.every((p) => SPREAD_CHAR.test(p.text))) return pieces;
  const [first] = pieces;
  const last = pieces.at(-1);
  if (!first || !last) return pieces;
  return [{ ...first, x1: last.x1, text: pieces.map((p) => p.text).join('') }];
}

/**
 * The gap before runs[i] is within 分散对齐 (distributed) text, one cell's characters spread
 * evenly over its width: Chinese characters each side, and on the side of a character standing
 * alone, the next gap the same. Words of neighbouring cells are seldom single characters spaced
 * alike, so a row's cells stay apart.
 */
function distributed(runs: Run[], i: number): boolean {
  const before = runs[i - 2];
  const a = runs[i - 1];
  const b = runs[i];
  const after = runs[i + 1];
  if (!a || !b || !edgeChar(a.str, true) || !edgeChar(b.str, false)) return false;
  const gap = b.x - a.x1;
  const same = (left: Run, right: Run) => Math.abs(right.x - left.x1 - gap) <= Math.max(1, 0.03 * gap);
  return (
    (spreadChar(a) && before !== undefined && edgeChar(before.str, true) && same(before, a)) ||
    (spreadChar(b) && after !== undefined && edgeChar(after.str, false) && same(b, after))
  );
}
