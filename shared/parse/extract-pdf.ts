import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Block } from './blocks';
import { InputError } from './detect';
import type { DocumentMeta, Extracted } from './input-kinds';
import { parseCellValue } from './cell-value';
import { PARSE_LIMITS, tooComplex } from './limits';

/** Work limits for one PDF; a national-format report is 3 to 30 pages. */
export const PDF_LIMITS = {
  maxPages: 500,
  maxTextItems: 1_000_000,
  /** fewer readable characters per page than this is a scan (page numbers, a stamp's text) */
  minCharsPerPage: 20,
  /**
   * Ruling-line segments read from one page. A page of the national tables has a few hundred; past
   * this the page's rules are ignored and its text is laid out as on a page without rules.
   */
  maxRulesPerPage: 5_000,
  /** Ruled grids on one page; past this, as for too many rules, the page is read as text. */
  maxGridsPerPage: 100,
};

export const IMAGE_ONLY_MESSAGE = '这是扫描版（图片）PDF，没有文字层，系统无法校验其中的表格：请同时上传 Word、网页或由 Word 直接导出的 PDF 版本以便校验';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Pdfjs;
let documentOptions: Record<string, unknown>;

/**
 * pdfjs, and the options every document is opened with (the benchmark's floor uses the same), is
 * imported on first use, not with this module: the Lambda bundles leave it out and
 * ship it as a node module, so a function that never reads a PDF never parses its 3 MB. It runs
 * in this thread (its "fake worker"), and reads CMaps (CJK CID fonts), the standard 14 fonts'
 * metrics and its image decoders from the files shipped in its package.
 */
export async function loadPdfjs(): Promise<{ lib: Pdfjs; options: Record<string, unknown> }> {
  if (pdfjs) return { lib: pdfjs, options: documentOptions };
  const dir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  documentOptions = {
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    cMapUrl: `${join(dir, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(dir, 'standard_fonts')}/`,
    wasmUrl: `${join(dir, 'wasm')}/`,
    iccUrl: `${join(dir, 'iccs')}/`,
    stopAtErrors: false,
    // The operator list is read for its ruling lines only: images are left out undecoded.
    maxImageSize: 0,
  };
  // pdfjs builds a DOMMatrix when it loads; in Node it borrows one from @napi-rs/canvas, a native
  // per-platform package that the Lambda functions do not ship. Text reading needs only the 2D
  // arithmetic, which a plain-JS implementation of the DOM class gives.
  (globalThis as { DOMMatrix?: unknown }).DOMMatrix ??= (await import('@thednp/dommatrix')).default;
  const natives = snapshotNatives();
  // The worker runs in this thread; loaded here rather than on the first document, so that
  // its own core-js is undone with the library's.
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  restoreNatives(natives);
  return { lib: pdfjs, options: documentOptions };
}

/**
 * The legacy build carries core-js, which replaces built-ins it finds wanting on this Node
 * (Array.prototype.push, JSON.parse and JSON.stringify among them) with slower spec-exact
 * versions, for the whole process. pdfjs needs none of those corners, so the built-ins that
 * existed are put back; what was missing (Promise.withResolvers on Node 20) stays added.
 */
function nativeTargets(): object[] {
  const g = globalThis as { Iterator?: { prototype: object } };
  return [
    Array.prototype,
    JSON,
    Promise,
    Map,
    Set.prototype,
    WeakMap.prototype,
    Math,
    ArrayBuffer.prototype,
    URL,
    ...(g.Iterator ? [g.Iterator.prototype] : []),
  ];
}

function snapshotNatives(): [object, Map<PropertyKey, PropertyDescriptor>][] {
  return nativeTargets().map((t) => [t, new Map(Reflect.ownKeys(t).map((k) => [k, Object.getOwnPropertyDescriptor(t, k)!]))]);
}

function restoreNatives(saved: [object, Map<PropertyKey, PropertyDescriptor>][]): void {
  saved.forEach(([target, descriptors]) => {
    for (const [key, before] of descriptors) {
      const now = Object.getOwnPropertyDescriptor(target, key);
      if (now && (now.value !== before.value || now.get !== before.get) && now.configurable) Object.defineProperty(target, key, before);
    }
  });
}

/** A run of text as pdfjs places it: x and the baseline y in page units (y grows upwards). */
interface Run {
  x: number;
  x1: number;
  y: number;
  size: number;
  str: string;
}

/** Runs on one baseline; `pieces` splits it where a wide gap says the text is not one phrase. */
interface Line {
  y: number;
  size: number;
  runs: Run[];
}

interface Piece {
  x0: number;
  x1: number;
  y: number;
  size: number;
  text: string;
}

interface Segment {
  /** position across (x for horizontal, y for vertical) */
  at: number;
  from: number;
  to: number;
}

interface Grid {
  xs: number[];
  ys: number[]; // descending: top first
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** A cell of a rebuilt grid, with its left and right edges to match it across a page break. */
interface OutCell {
  text: string;
  x0: number;
  x1: number;
}

interface PageTable {
  grid: Grid;
  rows: OutCell[][];
}

type PageItem = { top: number; kind: 'piece'; piece: Piece } | { top: number; kind: 'table'; table: PageTable };

/**
 * Reads the text layer of a PDF into blocks: table grids rebuilt from the ruling lines (merged
 * cells once, where they start, as the HTML and Word readers give them) or, for tables without
 * rules, from text positions; running headers, footers and page numbers dropped; prose lines
 * joined into paragraphs. A PDF without text (a scan) is archived unchecked: `imageOnly`.
 */
export async function extractPdf(bytes: Uint8Array): Promise<Extracted> {
  const { lib, options } = await loadPdfjs();
  let doc: PDFDocumentProxy;
  try {
    // pdfjs takes ownership of the buffer it is given; the caller's bytes are stored afterwards.
    doc = await lib.getDocument({ ...options, data: new Uint8Array(bytes) }).promise;
  } catch (err) {
    throw loadError(err);
  }
  try {
    if (doc.numPages > PDF_LIMITS.maxPages) {
      throw new InputError('TOO_COMPLEX', `PDF 有 ${doc.numPages} 页，超过 ${PDF_LIMITS.maxPages} 页的上限，不像是一份年度报告，已拒绝`);
    }
    const meta = await readMeta(doc);
    const pages: { height: number; items: PageItem[] }[] = [];
    const budget: Budget = { cells: PARSE_LIMITS.maxCells, crossings: PARSE_LIMITS.maxCells * 4 };
    let items = 0;
    let chars = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const [x0, y0, , y1] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      items += content.items.length;
      if (items > PDF_LIMITS.maxTextItems) throw tooComplex('文字片段');
      const runs = toRuns(content.items, x0, y0);
      for (const r of runs) chars += r.str.length;
      // The operator list costs half as much again as the text: only pages with figures on them
      // can hold a statistics table.
      const rules = (mayHoldTable(runs) && (await readRules(page, x0, y0))) || { h: [], v: [] };
      pages.push({ height: y1 - y0, items: layoutPage(runs, rules, budget) });
      page.cleanup();
    }
    if (chars < PDF_LIMITS.minCharsPerPage * doc.numPages) {
      return {
        blocks: [],
        encoding: 'pdf',
        imageOnly: true,
        messages: [{ level: 'warning', code: 'IMAGE_ONLY', message: IMAGE_ONLY_MESSAGE }],
        ...(meta ? { meta } : {}),
      };
    }
    dropRunningLines(pages);
    return { blocks: toBlocks(pages), encoding: 'pdf', messages: [], ...(meta ? { meta } : {}) };
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw loadError(err);
  } finally {
    await doc.destroy();
  }
}

function loadError(err: unknown): InputError {
  const name = (err as Error)?.name;
  if (name === 'PasswordException') return new InputError('ENCRYPTED', 'PDF 文件已加密（设有密码），无法读取：请上传未加密的版本');
  return new InputError('CORRUPT_PDF', '无法打开 PDF 文件：文件已损坏或不完整，请重新导出后上传');
}

async function readMeta(doc: PDFDocumentProxy): Promise<DocumentMeta | undefined> {
  const { info } = await doc.getMetadata().catch(() => ({ info: undefined }));
  const title = (info as { Title?: unknown } | undefined)?.Title;
  return typeof title === 'string' && title.trim() ? { title: cjk(title.trim()) } : undefined;
}

// Fonts map one glyph to several code points; PDF writers (Chromium, some Word exports) pick the
// radical (⼈ U+2F08, ⺠ U+2EA0) instead of the ideograph. Kangxi radicals fold under NFKC; the
// supplement has no decomposition, so its pairs are listed here (from the Noto CJK SC cmap:
// code points that share a glyph with an ideograph).
const RADICAL_PAIRS =
  '⺂乛⺃乚⺅亻⺉刂⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺭礻⺯糹⺰纟⺱罓⺹耂⺺肀⺾艹⻂衤⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟';
const RADICALS = new Map<string, string>();
for (let i = 0; i < RADICAL_PAIRS.length; i += 2) RADICALS.set(RADICAL_PAIRS[i]!, RADICAL_PAIRS[i + 1]!);
const RADICAL = /[\u2e80-\u2fdf]/;
const RADICAL_G = /[\u2e80-\u2fdf]/g;

function cjk(s: string): string {
  if (!RADICAL.test(s)) return s;
  return s.replace(RADICAL_G, (c) => RADICALS.get(c) ?? c.normalize('NFKC'));
}

type TextItem = { str: string; transform: number[]; width: number; height: number };

function toRuns(items: unknown[], x0: number, y0: number): Run[] {
  const runs: Run[] = [];
  for (const raw of items) {
    const it = raw as TextItem;
    if (typeof it.str !== 'string' || it.str.trim() === '') continue;
    const t = it.transform;
    const size = Math.hypot(t[2]!, t[3]!) || it.height || 1;
    const x = t[4]! - x0;
    runs.push({ x, x1: x + (it.width || size * it.str.length * 0.5), y: t[5]! - y0, size, str: cjk(it.str) });
  }
  return runs;
}

const FIGURE = /^[\s\d.,/+\-−—–]+$/;
function mayHoldTable(runs: Run[]): boolean {
  let figures = 0;
  for (const run of runs) if (FIGURE.test(run.str) && ++figures >= 3) return true;
  return false;
}

/**
 * Thin filled or stroked rectangles and stroked straight lines: the ruling lines that draw table
 * borders. Each subpath of a path is one shape: a writer may draw all of a table's rules as one
 * path (`re re re … f`, or `m l m l … S`). Undefined when the page has more rules than
 * `PDF_LIMITS.maxRulesPerPage`: its rules are then ignored.
 */
async function readRules(page: PDFPageProxy, x0: number, y0: number): Promise<{ h: Segment[]; v: Segment[] } | undefined> {
  // Annotations (form fields, links) draw no table.
  const list = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  const OPS = pdfjs.OPS;
  const h: Segment[] = [];
  const v: Segment[] = [];
  let ctm = [1, 0, 0, 1, 0, 0];
  const stack: number[][] = [];
  const { fnArray, argsArray } = list;
  const filledOnly = new Set<number>([OPS.fill, OPS.eoFill]);
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, argsArray[i] as number[]);
    else if (fn === OPS.constructPath) {
      const args = argsArray[i] as [number, [ArrayLike<number> | null] | unknown, unknown];
      // Clipping paths shape nothing on the page.
      if (args[0] === OPS.endPath || !Array.isArray(args[1])) continue;
      const path = args[1][0] as ArrayLike<number> | null;
      if (!path || typeof path.length !== 'number') continue;
      pathRules(path, ctm, x0, y0, !filledOnly.has(args[0]), h, v);
      if (h.length + v.length > PDF_LIMITS.maxRulesPerPage) return undefined;
    }
  }
  return { h, v };
}

// pdfjs 5 path data (`constructPath`'s second argument): an op code, then its points.
const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const QUADRATIC_CURVE_TO = 3;
const CLOSE_PATH = 4;

/** Adds the rules one path draws, one subpath at a time, in page units from (x0, y0). */
function pathRules(path: ArrayLike<number>, ctm: number[], x0: number, y0: number, stroked: boolean, h: Segment[], v: Segment[]): void {
  // The current subpath: its points in page units, whether it is all straight lines.
  let xs: number[] = [];
  let ys: number[] = [];
  let straight = true;
  const end = () => {
    if (xs.length >= 2) subpathRules(xs, ys, straight, stroked, h, v);
    xs = [];
    ys = [];
    straight = true;
  };
  const point = (x: number, y: number) => {
    const [px, py] = apply(ctm, x, y);
    xs.push(px - x0);
    ys.push(py - y0);
  };
  for (let k = 0; k < path.length; ) {
    const op = path[k++];
    if (op === MOVE_TO) {
      end();
      point(path[k]!, path[k + 1]!);
      k += 2;
    } else if (op === LINE_TO) {
      point(path[k]!, path[k + 1]!);
      k += 2;
    } else if (op === CURVE_TO) {
      straight = false;
      point(path[k + 4]!, path[k + 5]!);
      k += 6;
    } else if (op === QUADRATIC_CURVE_TO) {
      straight = false;
      point(path[k + 2]!, path[k + 3]!);
      k += 4;
    } else if (op === CLOSE_PATH) {
      // The subpath ends where it began: a stroke draws that last side.
      if (xs.length >= 2) {
        xs.push(xs[0]!);
        ys.push(ys[0]!);
      }
      const [sx, sy] = [xs[0], ys[0]];
      end();
      // Drawing goes on from the subpath's start.
      if (sx !== undefined && sy !== undefined) {
        xs.push(sx);
        ys.push(sy);
      }
    } else break; // not a path this reader knows
  }
  end();
}

function subpathRules(xs: number[], ys: number[], straight: boolean, stroked: boolean, h: Segment[], v: Segment[]): void {
  let left = Infinity;
  let right = -Infinity;
  let low = Infinity;
  let high = -Infinity;
  for (let k = 0; k < xs.length; k++) {
    left = Math.min(left, xs[k]!);
    right = Math.max(right, xs[k]!);
    low = Math.min(low, ys[k]!);
    high = Math.max(high, ys[k]!);
  }
  const w = right - left;
  const ht = high - low;
  if (ht <= 2.5 && w > 4) h.push({ at: (low + high) / 2, from: left, to: right });
  else if (w <= 2.5 && ht > 4) v.push({ at: (left + right) / 2, from: low, to: high });
  else if (stroked && straight) {
    // A stroked box or polyline: a cell or table drawn as a box, each straight side a rule.
    for (let k = 1; k < xs.length; k++) {
      const [ax, ay, bx, by] = [xs[k - 1]!, ys[k - 1]!, xs[k]!, ys[k]!];
      const dx = Math.abs(bx - ax);
      const dy = Math.abs(by - ay);
      if (dy <= 2.5 && dx > 4) h.push({ at: (ay + by) / 2, from: Math.min(ax, bx), to: Math.max(ax, bx) });
      else if (dx <= 2.5 && dy > 4) v.push({ at: (ax + bx) / 2, from: Math.min(ay, by), to: Math.max(ay, by) });
    }
  }
}

const multiply = (m: number[], n: number[]) => [
  n[0]! * m[0]! + n[1]! * m[2]!,
  n[0]! * m[1]! + n[1]! * m[3]!,
  n[2]! * m[0]! + n[3]! * m[2]!,
  n[2]! * m[1]! + n[3]! * m[3]!,
  n[4]! * m[0]! + n[5]! * m[2]! + m[4]!,
  n[4]! * m[1]! + n[5]! * m[3]! + m[5]!,
];
const apply = (m: number[], x: number, y: number): [number, number] => [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];

/** Snap tolerance for rules: a table border drawn twice (cell and table) is one line. */
const RULE_SNAP = 3;

function cluster(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let sum = 0;
  let n = 0;
  let last = -Infinity;
  for (const v of sorted) {
    if (v - last > RULE_SNAP && n > 0) {
      out.push(sum / n);
      sum = 0;
      n = 0;
    }
    sum += v;
    n++;
    last = v;
  }
  if (n > 0) out.push(sum / n);
  return out;
}

/**
 * What is left of the document's allowance for ruled tables: grid positions (columns × rows of
 * every grid read) and rule crossings found while grouping rules into tables.
 */
interface Budget {
  cells: number;
  crossings: number;
}

/**
 * Groups rules into tables: rules that touch belong to one table. A sweep from the bottom of the
 * page up keeps the vertical rules that reach the current height ordered by x, so each horizontal
 * rule meets only the vertical rules it crosses.
 */
function findGrids(h: Segment[], v: Segment[], budget: Budget): { grid: Grid; h: Segment[]; v: Segment[] }[] {
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const t = RULE_SNAP;
  // Events by height: a vertical rule enters (0) before and leaves (2) after the horizontal rules (1) at its ends.
  const events: [number, number, number][] = [];
  for (let j = 0; j < v.length; j++) events.push([v[j]!.from - t, 0, j], [v[j]!.to + t, 2, j]);
  for (let i = 0; i < h.length; i++) events.push([h[i]!.at, 1, i]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const active: number[] = []; // indices into v, by x
  const lowerBound = (x: number) => {
    let lo = 0;
    let hi = active.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v[active[mid]!]!.at < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const [, kind, k] of events) {
    if (kind === 0) active.splice(lowerBound(v[k]!.at), 0, k);
    else if (kind === 2) {
      let at = lowerBound(v[k]!.at);
      while (active[at] !== k) at++;
      active.splice(at, 1);
    } else {
      const a = h[k]!;
      for (let at = lowerBound(a.from - t); at < active.length && v[active[at]!]!.at <= a.to + t; at++) {
        if (--budget.crossings < 0) throw tooComplex('表格线');
        parent[find(k)] = find(h.length + active[at]!);
      }
    }
  }
  const groups = new Map<number, { h: Segment[]; v: Segment[] }>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    groups.set(find(i), g);
    if (i < h.length) g.h.push(h[i]!);
    else g.v.push(v[i - h.length]!);
  }
  const out: { grid: Grid; h: Segment[]; v: Segment[] }[] = [];
  for (const g of groups.values()) {
    const xs = cluster(g.v.map((s) => s.at));
    const ys = cluster(g.h.map((s) => s.at)).reverse();
    // A box or an underline is not a table: a grid has at least two rows or two columns of cells.
    if (xs.length < 2 || ys.length < 2 || xs.length + ys.length < 5) continue;
    out.push({ grid: { xs, ys, top: ys[0]!, bottom: ys[ys.length - 1]!, left: xs[0]!, right: xs[xs.length - 1]! }, h: g.h, v: g.v });
  }
  return out;
}

/**
 * Where the rules of one grid line reach: for each line at `lines[i]`, the spans (widened by the
 * snap) of the rules within the snap of it, merged and in order, to ask of a point in log time.
 */
function ruleIndex(segs: Segment[], lines: number[]): (point: number, line: number) => boolean {
  const sorted = [...segs].sort((a, b) => a.at - b.at);
  const spans = lines.map((at) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.at < at - RULE_SNAP) lo = mid + 1;
      else hi = mid;
    }
    const near: [number, number][] = [];
    for (let k = lo; k < sorted.length && sorted[k]!.at <= at + RULE_SNAP; k++) near.push([sorted[k]!.from - RULE_SNAP, sorted[k]!.to + RULE_SNAP]);
    near.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const span of near) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push(span);
    }
    return merged;
  });
  return (point, line) => {
    const merged = spans[line]!;
    let lo = 0;
    let hi = merged.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (merged[mid]![0] <= point) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && merged[lo - 1]![1] >= point;
  };
}

interface GridCell {
  runs: Run[];
  continued: boolean;
}

/** Reads a ruled table: cells are the grid's boxes, a missing rule inside a box merges cells. */
function readGrid(grid: Grid, h: Segment[], v: Segment[], runs: Run[]): OutCell[][] {
  const { xs, ys } = grid;
  const nRows = ys.length - 1;
  const nCols = xs.length - 1;
  const owner: (GridCell | undefined)[] = new Array(nRows * nCols);
  const rowRule = ruleIndex(h, ys);
  const colRule = ruleIndex(v, xs);
  const starts: { row: number; col: number; cell: GridCell; x1: number }[] = [];
  for (let r = 0; r < nRows; r++) {
    const midY = (ys[r]! + ys[r + 1]!) / 2;
    for (let c = 0; c < nCols; c++) {
      if (owner[r * nCols + c]) continue;
      const midX = (xs[c]! + xs[c + 1]!) / 2;
      const topRule = rowRule(midX, r);
      const leftRule = c === 0 || colRule(midY, c);
      if (!leftRule && c > 0 && owner[r * nCols + c - 1]) {
        owner[r * nCols + c] = owner[r * nCols + c - 1];
        continue;
      }
      if (!topRule && r > 0 && owner[(r - 1) * nCols + c]) {
        owner[r * nCols + c] = owner[(r - 1) * nCols + c];
        continue;
      }
      const cell: GridCell = { runs: [], continued: !topRule };
      owner[r * nCols + c] = cell;
      starts.push({ row: r, col: c, cell, x1: xs[c + 1]! });
    }
  }
  // A merged cell's right edge is the last column it covers.
  for (const s of starts) {
    let c = s.col + 1;
    while (c < nCols && owner[s.row * nCols + c] === s.cell) c++;
    s.x1 = xs[c]!;
  }
  for (const run of runs) {
    const cx = (run.x + run.x1) / 2;
    const cy = run.y + run.size * 0.3;
    const c = upperIndex(xs, cx);
    // ys descends: the row is the number of lines below the top that lie above cy.
    let lo = 1;
    let hi = ys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cy < ys[mid]!) lo = mid + 1;
      else hi = mid;
    }
    const r = lo - 1;
    if (c >= 0 && c < nCols && r < nRows) owner[r * nCols + c]!.runs.push(run);
  }
  const rows: OutCell[][] = [];
  for (const { row, col, cell, x1 } of starts) {
    const text = cellText(cell.runs);
    if (cell.continued && text === '') continue;
    const line = rows[row] ?? [];
    rows[row] = line;
    line.push({ text, x0: xs[col]!, x1 });
  }
  return rows.filter((r) => r !== undefined && r.length > 0);
}

/** Index of the interval [xs[i], xs[i+1]) holding x. */
function upperIndex(xs: number[], x: number): number {
  if (x < xs[0]!) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (x >= xs[mid]!) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Lines in a cell keep their breaks, as `<br>` and Word paragraphs do in the other readers. */
function cellText(runs: Run[]): string {
  if (runs.length === 0) return '';
  const lines = toLines(runs)
    .map((l) => joinRuns(l.runs))
    .filter(Boolean);
  // A number too wide for its column wraps mid-number ("18906" / "0"): it is one number.
  return lines.length > 1 && lines.every((l) => NUMBER_PART.test(l)) ? lines.join('') : lines.join('\n');
}

const NUMBER_PART = /^[\d.,]+$/;

/** Baselines within a third of the font size are one line (superscripts and mixed fonts shift a little). */
function toLines(runs: Run[]): Line[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const run of sorted) {
    let line: Line | undefined;
    for (let k = lines.length - 1; k >= 0 && k >= lines.length - 3; k--) {
      const l = lines[k]!;
      if (Math.abs(l.y - run.y) <= 0.35 * Math.min(l.size, run.size)) {
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

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/**
 * Joins runs of one line. Chinese needs no spaces, so a gap between CJK characters (a label set
 * out as "行 政 复 议") closes; a gap between Latin words or numbers is one space.
 */
function joinRuns(runs: Run[]): string {
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

function toPieces(line: Line): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  const flush = (end: number) => {
    const runs = line.runs.slice(start, end);
    const text = joinRuns(runs);
    if (text) out.push({ x0: runs[0]!.x, x1: runs[runs.length - 1]!.x1, y: line.y, size: line.size, text });
    start = end;
  };
  for (let i = 1; i < line.runs.length; i++) {
    const prev = line.runs[i - 1]!;
    const run = line.runs[i]!;
    const gap = run.x - prev.x1;
    const size = Math.min(prev.size, run.size);
    // Numbers in narrow columns stand closer than two characters: a number after another with
    // more than a space between them is a new cell. (Prose keeps "共 3 件" whole: only number
    // after number parts.)
    const numbers = DIGIT_END.test(prev.str) && DIGIT_START.test(run.str);
    if (gap > PIECE_GAP * size || (gap > 0.8 * size && Math.abs(prev.size - run.size) > 0.25 * size) || (numbers && gap > 0.4 * size)) flush(i);
  }
  flush(line.runs.length);
  return out;
}

/** One page: ruled tables as grids, everything else as pieces of lines, top to bottom. */
function layoutPage(runs: Run[], rules: { h: Segment[]; v: Segment[] }, budget: Budget): PageItem[] {
  let grids = rules.h.length > 0 && rules.v.length > 0 ? findGrids(rules.h, rules.v, budget) : [];
  if (grids.length > PDF_LIMITS.maxGridsPerPage) grids = [];
  for (const { grid } of grids) {
    budget.cells -= grid.xs.length * grid.ys.length;
    if (budget.cells < 0) throw tooComplex('表格单元格');
  }
  const inTable: Run[][] = grids.map(() => []);
  const free: Run[] = [];
  for (const run of runs) {
    const cx = (run.x + run.x1) / 2;
    const cy = run.y + run.size * 0.3;
    const g = grids.findIndex(({ grid }) => cx > grid.left && cx < grid.right && cy < grid.top && cy > grid.bottom);
    if (g === -1) free.push(run);
    else inTable[g]!.push(run);
  }
  const items: PageItem[] = grids.map(
    ({ grid, h, v }, g): PageItem => ({ top: grid.top, kind: 'table', table: { grid, rows: readGrid(grid, h, v, inTable[g]!) } }),
  );
  items.push(
    ...unruledTables(
      toLines(free)
        .map(toPieces)
        .filter((l) => l.length > 0),
    ),
  );
  items.sort((a, b) => b.top - a.top || (a.kind === 'piece' && b.kind === 'piece' ? a.piece.x0 - b.piece.x0 : 0));
  return items;
}

/**
 * Text without rules: a line parted into several pieces with a number among them is a table
 * row, its pieces the cells; a one-piece line between two such rows (a wrapped label) belongs
 * to the table. Everything else is running text.
 */
function unruledTables(lines: Piece[][]): PageItem[] {
  const items: PageItem[] = [];
  const isRow = (l: Piece[] | undefined) => !!l && l.length >= 2 && l.some((p) => parseCellValue(p.text) !== undefined);
  let rows: Piece[][] = [];
  const close = () => {
    if (rows.length >= 2) {
      let left = Infinity;
      let right = -Infinity;
      for (const row of rows)
        for (const p of row) {
          left = Math.min(left, p.x0);
          right = Math.max(right, p.x1);
        }
      const top = rows[0]![0]!.y + rows[0]![0]!.size;
      const bottom = rows[rows.length - 1]![0]!.y;
      const grid: Grid = { xs: [left, right], ys: [top, bottom], top, bottom, left, right };
      items.push({ top, kind: 'table', table: { grid, rows: rows.map((r) => r.map((p) => ({ text: p.text, x0: p.x0, x1: p.x1 }))) } });
    } else for (const p of rows.flat()) items.push({ top: p.y + p.size, kind: 'piece', piece: p });
    rows = [];
  };
  lines.forEach((line, i) => {
    const near = (other: Piece[] | undefined) => !!other && Math.abs(other[0]!.y - line[0]!.y) <= 2.5 * line[0]!.size;
    if (isRow(line) || (rows.length > 0 && line.length === 1 && near(rows[rows.length - 1]) && isRow(lines[i + 1]) && near(lines[i + 1]))) {
      rows.push(line);
      return;
    }
    close();
    for (const p of line) items.push({ top: p.y + p.size, kind: 'piece', piece: p });
  });
  close();
  return items;
}

const PAGE_NUMBER =
  /^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4}\s*\/\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?)$/i;

/**
 * Running headers and footers: text repeated at the same height on most pages (digits may
 * differ: dates, page numbers), and page numbers at the top or bottom edge.
 */
function dropRunningLines(pages: { height: number; items: PageItem[] }[]): void {
  const key = (p: Piece) => `${Math.round(p.y / 4)}|${p.text.replace(/\d+/g, '#').replace(/\s+/g, '')}`;
  const seen = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set<string>();
    for (const item of page.items) if (item.kind === 'piece' && isEdge(item.piece, page.height)) keys.add(key(item.piece));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const need = Math.max(2, Math.ceil(pages.length / 2));
  for (const page of pages) {
    page.items = page.items.filter((item) => {
      if (item.kind !== 'piece' || !isEdge(item.piece, page.height)) return true;
      if (pages.length >= 2 && (seen.get(key(item.piece)) ?? 0) >= need) return false;
      return !PAGE_NUMBER.test(item.piece.text);
    });
  }
}

/** The top and bottom eighth of the page, where running lines live. */
const isEdge = (p: Piece, height: number) => p.y > height * 0.875 || p.y < height * 0.125;

function toBlocks(pages: { items: PageItem[] }[]): Block[] {
  const blocks: Block[] = [];
  let cells = 0;
  const push = (block: Block) => {
    if (blocks.length >= PARSE_LIMITS.maxBlocks) throw tooComplex('段落');
    blocks.push(block);
  };
  // The right edge of running text: a line reaching it continues in the next line.
  let right = 0;
  for (const page of pages) for (const item of page.items) right = Math.max(right, item.kind === 'piece' ? item.piece.x1 : item.table.grid.right);
  let lastTable: { rows: OutCell[][]; grid: Grid } | undefined;
  const tables: { at: number; rows: OutCell[][] }[] = [];
  let para: { text: string; last: Piece } | undefined;
  const flush = () => {
    if (para) push({ type: 'paragraph', text: para.text, pos: { block: blocks.length } });
    para = undefined;
  };
  for (const page of pages) {
    let first = true;
    for (const item of page.items) {
      if (item.kind === 'table') {
        flush();
        const rows = item.table.rows;
        cells += rows.reduce((n, r) => n + r.length, 0);
        if (cells > PARSE_LIMITS.maxCells) throw tooComplex('表格单元格');
        // A table that goes on over a page break: the same columns at the top of the next page.
        if (first && lastTable && sameColumns(lastTable.grid, item.table.grid)) continueTable(lastTable.rows, rows);
        else if (rows.length > 0) {
          const table = { rows: [...rows], grid: item.table.grid };
          tables.push({ at: blocks.length, rows: table.rows });
          push({ type: 'table', rows: [], pos: { block: blocks.length } });
          lastTable = table;
        }
        first = false;
        continue;
      }
      const piece = item.piece;
      first = false;
      lastTable = undefined;
      if (para && continues(para.last, piece, right)) {
        para.text += joinText(para.text, piece.text);
        para.last = piece;
      } else {
        flush();
        para = { text: piece.text, last: piece };
      }
    }
    flush();
  }
  flush();
  for (const { at, rows } of tables) {
    const grid = rows.map((r) => r.map((c) => c.text));
    // A table cell holding running text is page layout (a text box), as in the other readers.
    if (grid.every((r) => r.length <= 1) || grid.some((r) => r.some((c) => c.length > MAX_DATA_CELL_CHARS))) {
      blocks[at] = { type: 'paragraph', text: grid.flat().join('\n').replace(/\n+/g, ' '), pos: { block: at } };
    } else (blocks[at] as Extract<Block, { type: 'table' }>).rows = grid;
  }
  return blocks;
}

const MAX_DATA_CELL_CHARS = 200;

/**
 * Appends a table's rows from the next page. Cells of a merged cell that goes on over the break
 * are drawn again at the top of the page, empty: they are dropped. A row split by the break
 * (its label goes on, its numbers do not) is joined to its first part, cell by cell.
 */
function continueTable(rows: OutCell[][], next: OutCell[][]): void {
  const last = rows[rows.length - 1];
  const first = next[0];
  if (!last || !first) {
    rows.push(...next);
    return;
  }
  const align = (c: OutCell) => last.find((p) => Math.abs(p.x0 - c.x0) <= RULE_SNAP && Math.abs(p.x1 - c.x1) <= RULE_SNAP);
  const kept = first.filter((c) => c.text !== '' || align(c));
  const split =
    kept.every((c) => parseCellValue(c.text) === undefined || c.text === '') &&
    kept.some((c) => c.text !== '') &&
    kept.every((c) => c.text === '' || align(c)) &&
    kept.some((c) => c.text === '' && (align(c)?.text ?? '') !== '');
  if (split) {
    for (const c of kept) if (c.text !== '') align(c)!.text += `\n${c.text}`;
    rows.push(...next.slice(1));
    return;
  }
  rows.push(kept, ...next.slice(1));
}

function sameColumns(a: Grid, b: Grid): boolean {
  return Math.abs(a.left - b.left) <= RULE_SNAP * 2 && Math.abs(a.right - b.right) <= RULE_SNAP * 2;
}

/** A line that filled the measure continues on the next line at the same size, not indented further. */
function continues(prev: Piece, next: Piece, right: number): boolean {
  const size = prev.size;
  return (
    Math.abs(prev.size - next.size) <= 0.1 * size &&
    prev.x1 >= right - 1.5 * size &&
    prev.y - next.y <= 2.2 * size &&
    prev.y > next.y &&
    next.x0 <= prev.x0 + 0.5 * size
  );
}

const joinText = (a: string, b: string) => (WIDE.test(a[a.length - 1] ?? '') || WIDE.test(b[0] ?? '') ? b : ` ${b}`);
