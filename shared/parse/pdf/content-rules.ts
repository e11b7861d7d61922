import { DELIM, type DrawnContent, PDF_PREFLIGHT_LIMITS, WHITE, isRegular } from '../pdf-preflight';
import type { PageFrame } from './page-frame';
import type { Segment } from './page-model';
import { CLOSE_PATH, CURVE_TO, IDENTITY, LINE_TO, MOVE_TO, type Matrix, type PageRules, contentClip, multiply, pathRules } from './path-geometry';

/**
 * The page's ruling lines and content clip read from its decoded content streams, as
 * `readRules` reads them from pdfjs's operator list, without pdfjs evaluating every operator
 * (fonts, glyphs, colours) of a page whose text it has already read: that took a third as much
 * again as the text, more for LibreOffice's pages. Form XObjects are followed (a page turned by
 * pdf-lib draws the original page as one). Undefined when the page draws what this reader does not
 * follow (an XObject the scan could not resolve, a shading, an inline image, more operators than a
 * page may have): pdfjs's operator list is read then.
 */
export function contentRules(content: DrawnContent, frame: PageFrame, maxRules: number): PageRules | undefined {
  const reader = new RuleReader(frame, maxRules);
  if (!reader.draw(content, IDENTITY)) return undefined;
  const { h, v, clip } = reader;
  return reader.full ? { h: [], v: [], ...(clip ? { clip } : {}) } : { h, v, ...(clip ? { clip } : {}) };
}

/** Forms drawn inside forms: deeper than this is not a report's page. */
const MAX_FORM_DEPTH = 8;

/** An operator as a number: its first two bytes and its length, so names are never built as strings. */
const code = (op: string) => op.charCodeAt(0) | ((op.charCodeAt(1) || 0) << 8) | (op.length << 16);
const OP_q = code('q');
const OP_Q = code('Q');
const OP_cm = code('cm');
const OP_m = code('m');
const OP_l = code('l');
const OP_c = code('c');
const OP_v = code('v');
const OP_y = code('y');
const OP_re = code('re');
const OP_h = code('h');
const OP_W = code('W');
const OP_Wstar = code('W*');
const OP_n = code('n');
const OP_f = code('f');
const OP_F = code('F');
const OP_fstar = code('f*');
const OP_s = code('s');
const OP_b = code('b');
const OP_bstar = code('b*');
const OP_S = code('S');
const OP_B = code('B');
const OP_Bstar = code('B*');
const OP_Do = code('Do');
const OP_sh = code('sh');
const OP_BI = code('BI');

const NUMBER_START = new Uint8Array(256);
for (const c of '0123456789+-.') NUMBER_START[c.charCodeAt(0)] = 1;

/**
 * One pass over the content, token by token, with no allocation per operator: a dense Chromium
 * page draws tens of thousands of them, nearly all text, which this reader only steps over.
 */
class RuleReader {
  readonly h: Segment[] = [];
  readonly v: Segment[] = [];
  clip: PageRules['clip'];
  /** more rules than the bound: the page's rules are ignored */
  full = false;
  private path: number[] = [];
  private minX = Number.POSITIVE_INFINITY;
  private minY = Number.POSITIVE_INFINITY;
  private maxX = Number.NEGATIVE_INFINITY;
  private maxY = Number.NEGATIVE_INFINITY;
  private clipping = false;
  private operators = 0;
  /** the forms being drawn, innermost last */
  private readonly forms: number[] = [];
  /** the last eight numeric operands, a ring indexed by their count since the last operator */
  private readonly args = new Float64Array(8);

  constructor(
    private readonly frame: PageFrame,
    private readonly maxRules: number,
  ) {}

  /** false when the content draws what this reader does not follow */
  draw(content: DrawnContent, start: Matrix): boolean {
    const args = this.args;
    const stack: Matrix[] = [];
    let ctm = start;
    // Operands run on from one stream to the next, as pdfjs reads a page's streams as one.
    let n = 0;
    for (const b of content.streams) {
      const len = b.length;
      let i = 0;
      let nameStart = -1;
      let nameEnd = -1;
      while (i < len) {
        const c = b[i] ?? 0;
        if (WHITE[c]) i++;
        else if (c === 0x25) {
          while (i < len && b[i] !== 10 && b[i] !== 13) i++;
        } else if (c === 0x28) {
          // A string: balanced parentheses, backslash escapes.
          let nest = 1;
          i++;
          while (i < len && nest > 0) {
            const d = b[i];
            if (d === 0x5c) i++;
            else if (d === 0x28) nest++;
            else if (d === 0x29) nest--;
            i++;
          }
        } else if (c === 0x3c) {
          if (b[i + 1] === 0x3c) i += 2;
          else {
            while (i < len && b[i] !== 0x3e) i++;
            i++;
          }
        } else if (c === 0x2f) {
          nameStart = ++i;
          while (i < len && isRegular(b[i] ?? 0)) i++;
          nameEnd = i;
        } else if (DELIM[c]) i++;
        else if (NUMBER_START[c]) {
          let sign = 1;
          let value = 0;
          let scale = 0;
          let bad = false;
          for (; i < len; i++) {
            const d = b[i] ?? 0;
            if (!isRegular(d)) break;
            if (d >= 0x30 && d <= 0x39) {
              value = value * 10 + (d - 0x30);
              if (scale > 0) scale *= 10;
            } else if (d === 0x2e && scale === 0) scale = 1;
            else if ((d === 0x2d || d === 0x2b) && value === 0 && scale === 0) sign = d === 0x2d ? -sign : sign;
            else bad = true;
          }
          args[n++ & 7] = bad ? Number.NaN : (sign * value) / (scale || 1);
        } else {
          const at = i;
          while (i < len && isRegular(b[i] ?? 0)) i++;
          const size = i - at;
          // Operators longer than two bytes get a code no operator here has.
          const op = size > 2 ? 0 : c | ((size > 1 ? (b[at + 1] ?? 0) : 0) << 8) | (size << 16);
          if (++this.operators > PDF_PREFLIGHT_LIMITS.maxOperatorsPerPage) return false;
          if (op === OP_q) stack.push(ctm);
          else if (op === OP_Q) ctm = stack.pop() ?? ctm;
          else if (op === OP_cm) {
            if (n >= 6) ctm = multiply(ctm, [arg(args, n, 6), arg(args, n, 5), arg(args, n, 4), arg(args, n, 3), arg(args, n, 2), arg(args, n, 1)]);
          } else if (op === OP_m) {
            if (n >= 2) this.point(MOVE_TO, arg(args, n, 2), arg(args, n, 1));
          } else if (op === OP_l) {
            if (n >= 2) this.point(LINE_TO, arg(args, n, 2), arg(args, n, 1));
          } else if (op === OP_c) {
            if (n >= 6) this.curve(arg(args, n, 6), arg(args, n, 5), arg(args, n, 4), arg(args, n, 3), arg(args, n, 2), arg(args, n, 1));
          } else if (op === OP_v || op === OP_y) {
            if (n >= 4) this.curve(arg(args, n, 4), arg(args, n, 3), arg(args, n, 4), arg(args, n, 3), arg(args, n, 2), arg(args, n, 1));
          } else if (op === OP_re) {
            if (n >= 4) this.rectangle(arg(args, n, 4), arg(args, n, 3), arg(args, n, 2), arg(args, n, 1));
          } else if (op === OP_h) this.path.push(CLOSE_PATH);
          else if (op === OP_W || op === OP_Wstar) this.clipping = true;
          else if (op === OP_n) this.endPath(undefined, ctm);
          else if (op === OP_f || op === OP_F || op === OP_fstar) this.endPath(false, ctm);
          else if (op === OP_s || op === OP_b || op === OP_bstar) {
            this.path.push(CLOSE_PATH);
            this.endPath(true, ctm);
          } else if (op === OP_S || op === OP_B || op === OP_Bstar) this.endPath(true, ctm);
          else if (op === OP_Do) {
            if (nameStart < 0 || !this.drawForm(content, latin1(b, nameStart, nameEnd), ctm)) return false;
          } else if (op === OP_sh || op === OP_BI) return false;
          if (this.full) return true;
          if (this.h.length + this.v.length > this.maxRules) {
            this.full = true;
            return true;
          }
          n = 0;
          nameStart = -1;
        }
      }
    }
    return true;
  }

  /** `Do`: an image draws no rule; a form draws its content in its own graphics state. */
  private drawForm(content: DrawnContent, name: string, ctm: Matrix): boolean {
    const x = content.xobject(name);
    if (x === 'image') return true;
    if (x === undefined || this.forms.includes(x.num) || this.forms.length >= MAX_FORM_DEPTH) return false;
    this.forms.push(x.num);
    const drawn = this.draw(x, multiply(ctm, x.matrix));
    this.forms.pop();
    return drawn;
  }

  // pdfjs keeps path coordinates as 32-bit floats: so are they here, to find the same rules.
  private point(op: number, rawX: number, rawY: number): void {
    const x = Math.fround(rawX);
    const y = Math.fround(rawY);
    this.path.push(op, x, y);
    this.extend(x, y);
  }

  private curve(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number): void {
    const xs = [Math.fround(x1), Math.fround(x2), Math.fround(x3)] as const;
    const ys = [Math.fround(y1), Math.fround(y2), Math.fround(y3)] as const;
    this.path.push(CURVE_TO, xs[0], ys[0], xs[1], ys[1], xs[2], ys[2]);
    for (let k = 0; k < 3; k++) this.extend(xs[k] ?? 0, ys[k] ?? 0);
  }

  private rectangle(x: number, y: number, w: number, ht: number): void {
    this.point(MOVE_TO, x, y);
    this.point(LINE_TO, x + w, y);
    this.point(LINE_TO, x + w, y + ht);
    this.point(LINE_TO, x, y + ht);
    this.path.push(CLOSE_PATH);
  }

  private extend(x: number, y: number): void {
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
  }

  /** As in `readRules`: a clip is marked by W and taken at the `n` that ends its path. */
  private endPath(stroked: boolean | undefined, ctm: Matrix): void {
    if (stroked === undefined) {
      if (this.clipping && !this.clip) this.clip = contentClip([this.minX, this.minY, this.maxX, this.maxY], ctm, this.frame);
      this.clipping = false;
    } else if (this.path.length > 0) pathRules(this.path, ctm, this.frame, stroked, this.h, this.v);
    if (this.path.length > 0) this.path = [];
    this.minX = this.minY = Number.POSITIVE_INFINITY;
    this.maxX = this.maxY = Number.NEGATIVE_INFINITY;
  }
}

/** The `k`th last operand of the `n` since the last operator. */
const arg = (args: Float64Array, n: number, k: number) => args[(n - k) & 7] ?? 0;

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i] ?? 0);
  return s;
}
