import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDF_LIMITS } from './limits';
import type { Pdfjs } from './load-pdfjs';
import type { PageFrame } from './page-frame';
import type { Segment } from './page-model';

/**
 * Thin filled or stroked rectangles and stroked straight lines: the ruling lines that draw table
 * borders. Each subpath of a path is one shape: a writer may draw all of a table's rules as one
 * path (`re re re … f`, or `m l m l … S`). Undefined when the page has more rules than
 * `PDF_LIMITS.maxRulesPerPage`: its rules are then ignored. Also the page's content clip, the
 * first clipping path that covers a quarter of the page at least: Chromium clips the printed page
 * to its margins, and what it draws past them (a table too wide) is cut off there.
 */
export async function readRules(pdfjs: Pdfjs, page: PDFPageProxy, frame: PageFrame): Promise<PageRules> {
  // Annotations (form fields, links) draw no table.
  const list = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  const OPS = pdfjs.OPS;
  const h: Segment[] = [];
  const v: Segment[] = [];
  let ctm = IDENTITY;
  const stack: Matrix[] = [];
  const { fnArray, argsArray } = list;
  const filledOnly = new Set<number>([OPS.fill, OPS.eoFill]);
  let clip: PageRules['clip'];
  let clipping = false;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    if (fn === OPS.clip || fn === OPS.eoClip) clipping = true;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) {
      const t = argsArray[i];
      if (isMatrix(t)) ctm = multiply(ctm, t);
    } else if (fn === OPS.constructPath) {
      const args = argsArray[i] as [number, [ArrayLike<number> | null] | unknown, unknown];
      // Clipping paths shape nothing on the page.
      if (args[0] === OPS.endPath) {
        if (clipping && !clip) clip = contentClip(args[2], ctm, frame);
        clipping = false;
        continue;
      }
      if (!Array.isArray(args[1])) continue;
      const path = args[1][0] as ArrayLike<number> | null;
      if (!path || typeof path.length !== 'number') continue;
      pathRules(path, ctm, frame, !filledOnly.has(args[0]), h, v);
      if (h.length + v.length > PDF_LIMITS.maxRulesPerPage) return { h: [], v: [], ...(clip ? { clip } : {}) };
    }
  }
  return { h, v, ...(clip ? { clip } : {}) };
}

export interface Box {
  width: number;
  height: number;
}

/** A page's ruling lines and its content clip, in page units. */
export interface PageRules {
  h: Segment[];
  v: Segment[];
  clip?: { left: number; right: number; bottom: number; top: number };
}

/** The clip's box in page units, if it covers a quarter of the page at least. */
export function contentClip(minMax: unknown, ctm: Matrix, frame: PageFrame): PageRules['clip'] {
  if (!minMax || typeof minMax !== 'object' || !('length' in minMax) || (minMax as ArrayLike<number>).length !== 4) return undefined;
  const [ax, ay, bx, by] = Array.from(minMax as ArrayLike<number>) as [number, number, number, number];
  const corners = [apply(ctm, ax, ay), apply(ctm, bx, by), apply(ctm, ax, by), apply(ctm, bx, ay)].map(([x, y]) => frame.at(x, y));
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const left = Math.min(...xs);
  const right = Math.max(...xs);
  const bottom = Math.min(...ys);
  const top = Math.max(...ys);
  const width = right - left;
  const height = top - bottom;
  if (!Number.isFinite(width) || !Number.isFinite(height) || width * height < 0.25 * frame.width * frame.height) return undefined;
  return { left, right, bottom, top };
}

// pdfjs 5 path data (`constructPath`'s second argument): an op code, then its points.
export const MOVE_TO = 0;
export const LINE_TO = 1;
export const CURVE_TO = 2;
const QUADRATIC_CURVE_TO = 3;
export const CLOSE_PATH = 4;

/** Adds the rules one path draws, one subpath at a time, on the page as shown. */
export function pathRules(path: ArrayLike<number>, ctm: Matrix, frame: PageFrame, stroked: boolean, h: Segment[], v: Segment[]): void {
  // No closure per call: a page calls this for each rectangle it fills, hundreds of times.
  const sub: Subpath = { xs: [], ys: [], straight: true };
  for (let k = 0; k < path.length; ) {
    const op = path[k++];
    if (op === CLOSE_PATH) {
      // The subpath ends where it began: a stroke draws that last side.
      const [sx, sy] = [sub.xs[0], sub.ys[0]];
      if (sx === undefined || sy === undefined) continue;
      if (sub.xs.length >= 2) {
        sub.xs.push(sx);
        sub.ys.push(sy);
      }
      endSubpath(sub, stroked, h, v);
      // Drawing goes on from the subpath's start.
      sub.xs.push(sx);
      sub.ys.push(sy);
      continue;
    }
    // The numbers the op takes; its last point ends the segment.
    const size = op === MOVE_TO || op === LINE_TO ? 2 : op === CURVE_TO ? 6 : op === QUADRATIC_CURVE_TO ? 4 : 0;
    if (size === 0) break; // not a path this reader knows
    const x = path[k + size - 2];
    const y = path[k + size - 1];
    k += size;
    if (x === undefined || y === undefined) break; // cut short
    if (op === MOVE_TO) endSubpath(sub, stroked, h, v);
    else if (op !== LINE_TO) sub.straight = false;
    const [px, py] = apply(ctm, x, y);
    const [fx, fy] = frame.at(px, py);
    sub.xs.push(fx);
    sub.ys.push(fy);
  }
  endSubpath(sub, stroked, h, v);
}

/** The subpath being read: its points in page units, whether it is all straight lines. */
interface Subpath {
  xs: number[];
  ys: number[];
  straight: boolean;
}

function endSubpath(sub: Subpath, stroked: boolean, h: Segment[], v: Segment[]): void {
  if (sub.xs.length >= 2) subpathRules(sub.xs, sub.ys, sub.straight, stroked, h, v);
  if (sub.xs.length > 0) {
    sub.xs = [];
    sub.ys = [];
  }
  sub.straight = true;
}

function subpathRules(xs: number[], ys: number[], straight: boolean, stroked: boolean, h: Segment[], v: Segment[]): void {
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const x of xs) {
    left = Math.min(left, x);
    right = Math.max(right, x);
  }
  for (const y of ys) {
    low = Math.min(low, y);
    high = Math.max(high, y);
  }
  const w = right - left;
  const ht = high - low;
  if (ht <= 2.5 && w > 4) h.push({ at: (low + high) / 2, from: left, to: right });
  else if (w <= 2.5 && ht > 4) v.push({ at: (left + right) / 2, from: low, to: high });
  else if (stroked && straight) {
    // A stroked box or polyline: a cell or table drawn as a box, each straight side a rule.
    for (let k = 1; k < xs.length; k++) {
      const [ax, ay, bx, by] = [xs[k - 1], ys[k - 1], xs[k], ys[k]];
      if (ax === undefined || ay === undefined || bx === undefined || by === undefined) continue;
      const dx = Math.abs(bx - ax);
      const dy = Math.abs(by - ay);
      if (dy <= 2.5 && dx > 4) h.push({ at: (ay + by) / 2, from: Math.min(ax, bx), to: Math.max(ax, bx) });
      else if (dx <= 2.5 && dy > 4) v.push({ at: (ax + bx) / 2, from: Math.min(ay, by), to: Math.max(ay, by) });
    }
  }
}

/** An affine transform as PDF writes it: [a b c d e f]. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** Six numbers, as a `cm` or a form's /Matrix gives them. */
export const isMatrix = (t: unknown): t is Matrix =>
  typeof t === 'object' && t !== null && (t as ArrayLike<unknown>).length === 6 && Array.from(t as ArrayLike<unknown>).every((n) => typeof n === 'number');

export const multiply = (m: Matrix, n: Matrix): Matrix => [
  n[0] * m[0] + n[1] * m[2],
  n[0] * m[1] + n[1] * m[3],
  n[2] * m[0] + n[3] * m[2],
  n[2] * m[1] + n[3] * m[3],
  n[4] * m[0] + n[5] * m[2] + m[4],
  n[4] * m[1] + n[5] * m[3] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
