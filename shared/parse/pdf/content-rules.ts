import { DELIM, WHITE, isRegular } from '../pdf-preflight';
import type { PageFrame } from './page-frame';
import type { Segment } from './page-model';
import { CLOSE_PATH, CURVE_TO, LINE_TO, MOVE_TO, type PageRules, contentClip, multiply, pathRules } from './path-geometry';

/**
 * The page's ruling lines and content clip read from its decoded content streams, as
 * `readRules` reads them from pdfjs's operator list, without pdfjs evaluating every operator
 * (fonts, glyphs, colours) of a page whose text it has already read: that took a third as much
 * again as the text, more for LibreOffice's pages. Undefined when the page draws what this reader
 * does not follow (a form XObject or anything named by `Do`, a shading, more rules than the
 * bound): pdfjs's operator list is read then.
 */
export function contentRules(streams: readonly Uint8Array[], frame: PageFrame, maxRules: number): PageRules | undefined {
  const h: Segment[] = [];
  const v: Segment[] = [];
  let clip: PageRules['clip'];
  let ctm = [1, 0, 0, 1, 0, 0];
  const stack: number[][] = [];
  let path: number[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let clipping = false;
  const args: number[] = [];
  // pdfjs keeps path coordinates as 32-bit floats: so are they here, to find the same rules.
  const point = (op: number, ...raw: number[]) => {
    const xy = raw.map(Math.fround);
    path.push(op, ...xy);
    for (let k = 0; k + 1 < xy.length; k += 2) {
      minX = Math.min(minX, xy[k]!);
      maxX = Math.max(maxX, xy[k]!);
      minY = Math.min(minY, xy[k + 1]!);
      maxY = Math.max(maxY, xy[k + 1]!);
    }
  };
  const endPath = (stroked: boolean | undefined) => {
    // As in `readRules`: a clip is marked by W and taken at the `n` that ends its path.
    if (stroked === undefined) {
      if (clipping && !clip) clip = contentClip([minX, minY, maxX, maxY], ctm, frame);
      clipping = false;
    } else if (path.length > 0) pathRules(path, ctm, frame, stroked, h, v);
    path = [];
    minX = minY = Infinity;
    maxX = maxY = -Infinity;
  };
  for (const stream of streams) {
    for (const op of operators(stream, args)) {
      const n = args.length;
      const a = (k: number) => args[n - k]!;
      switch (op) {
        case OP.q:
          stack.push(ctm);
          break;
        case OP.Q:
          ctm = stack.pop() ?? ctm;
          break;
        case OP.cm:
          if (n >= 6) ctm = multiply(ctm, [a(6), a(5), a(4), a(3), a(2), a(1)]);
          break;
        case OP.m:
          if (n >= 2) point(MOVE_TO, a(2), a(1));
          break;
        case OP.l:
          if (n >= 2) point(LINE_TO, a(2), a(1));
          break;
        case OP.c:
          if (n >= 6) point(CURVE_TO, a(6), a(5), a(4), a(3), a(2), a(1));
          break;
        case OP.v:
        case OP.y:
          if (n >= 4) point(CURVE_TO, a(4), a(3), a(4), a(3), a(2), a(1));
          break;
        case OP.re:
          if (n >= 4) {
            const [x, y, w, ht] = [a(4), a(3), a(2), a(1)];
            point(MOVE_TO, x, y);
            point(LINE_TO, x + w, y);
            point(LINE_TO, x + w, y + ht);
            point(LINE_TO, x, y + ht);
            path.push(CLOSE_PATH);
          }
          break;
        case OP.h:
          path.push(CLOSE_PATH);
          break;
        case OP.W:
        case OP['W*']:
          clipping = true;
          break;
        case OP.n:
          endPath(undefined);
          break;
        case OP.f:
        case OP.F:
        case OP['f*']:
          endPath(false);
          break;
        case OP.s:
        case OP.b:
        case OP['b*']:
          path.push(CLOSE_PATH);
          endPath(true);
          break;
        case OP.S:
        case OP.B:
        case OP['B*']:
          endPath(true);
          break;
        case OP.Do:
        case OP.sh:
        case OP.BI:
          return undefined;
      }
      if (h.length + v.length > maxRules) return { h: [], v: [], ...(clip ? { clip } : {}) };
      args.length = 0;
    }
  }
  return { h, v, ...(clip ? { clip } : {}) };
}

const NUMBER_START = new Uint8Array(256);
for (const c of '0123456789+-.') NUMBER_START[c.charCodeAt(0)] = 1;

/** An operator as a number: its first two bytes and its length, so names are never built as strings. */
const code = (op: string) => op.charCodeAt(0) | ((op.charCodeAt(1) || 0) << 8) | (op.length << 16);
const OP = Object.fromEntries(
  ['q', 'Q', 'cm', 'm', 'l', 'c', 'v', 'y', 're', 'h', 'W', 'W*', 'n', 'f', 'F', 'f*', 's', 'b', 'b*', 'S', 'B', 'B*', 'Do', 'sh', 'BI'].map((o) => [
    o,
    code(o),
  ]),
) as Record<string, number>;

/**
 * The operators of a content stream, in order, each given as its code (`code`) with its numeric
 * operands in `args` (strings, names, arrays and dictionaries are skipped: no operator read here
 * takes one). Operators longer than two bytes get a code no operator here has.
 */
function* operators(b: Uint8Array, args: number[]): Generator<number> {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (WHITE[c]) i++;
    else if (c === 0x25) {
      while (i < n && b[i] !== 10 && b[i] !== 13) i++;
    } else if (c === 0x28) {
      // A string: balanced parentheses, backslash escapes.
      let nest = 1;
      i++;
      while (i < n && nest > 0) {
        const d = b[i];
        if (d === 0x5c) i++;
        else if (d === 0x28) nest++;
        else if (d === 0x29) nest--;
        i++;
      }
    } else if (c === 0x3c) {
      if (b[i + 1] === 0x3c) i += 2;
      else {
        while (i < n && b[i] !== 0x3e) i++;
        i++;
      }
    } else if (c === 0x2f) {
      i++;
      while (i < n && isRegular(b[i]!)) i++;
    } else if (DELIM[c]) i++;
    else if (NUMBER_START[c]) {
      let sign = 1;
      let value = 0;
      let scale = 0;
      let bad = false;
      for (; i < n && isRegular(b[i]!); i++) {
        const d = b[i]!;
        if (d >= 0x30 && d <= 0x39) {
          value = value * 10 + (d - 0x30);
          if (scale > 0) scale *= 10;
        } else if (d === 0x2e && scale === 0) scale = 1;
        else if ((d === 0x2d || d === 0x2b) && value === 0 && scale === 0) sign = d === 0x2d ? -sign : sign;
        else bad = true;
      }
      args.push(bad ? Number.NaN : (sign * value) / (scale || 1));
    } else {
      const start = i;
      while (i < n && isRegular(b[i]!)) i++;
      const len = i - start;
      yield len > 2 ? 0 : b[start]! | ((len > 1 ? b[start + 1]! : 0) << 8) | (len << 16);
    }
  }
}
