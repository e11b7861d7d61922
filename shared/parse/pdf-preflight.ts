import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import { InputError } from './detect';
import { PDF_LIMITS } from './pdf/limits';
import { IDENTITY, type Matrix, isMatrix } from './pdf/path-geometry';

/**
 * A cheap scan of a PDF's raw bytes before pdfjs sees them, bounding what pdfjs would otherwise
 * chew on without limit: the bytes its streams inflate to, the operators of the pages' content
 * streams (a stream shared by many pages counts once per page), the nesting of saved graphics
 * states, and the number of pages. pdfjs has no real bound on any of these: 30,000 nested `q` in
 * a 1 KB file held it for 40 s. A file whose syntax this scan cannot follow is left to pdfjs
 * (and to the isolated parser's budget): only a proven breach is refused.
 */
export const PDF_PREFLIGHT_LIMITS = {
  /** inflated bytes of every stream but images (which are never decoded); a report's fonts and pages take a few MB */
  maxInflatedBytes: 64 * 1024 * 1024,
  /** operators one page draws; a dense page of a report has a few thousand */
  maxOperatorsPerPage: 200_000,
  /** operators of all pages together, a shared stream counted for each page that draws it */
  maxOperators: 2_000_000,
  /** `q` without `Q`; Word and LibreOffice nest a handful */
  maxGraphicsDepth: 256,
  maxPages: PDF_LIMITS.maxPages,
};

export interface PdfScan {
  /** distinct page objects found */
  pages: number;
  /** operators of all pages, each shared stream counted per page */
  operators: number;
  /** the most operators one page draws */
  maxPageOperators: number;
  /** the deepest `q` nesting of any stream */
  maxDepth: number;
  inflatedBytes: number;
  streams: number;
  /**
   * Each page's content streams as decoded, by the page's object number, for the PDF reader's
   * ruling lines; a page with a stream this scan did not decode (a filter other than Flate) is absent.
   */
  contents: Map<number, DrawnContent>;
}

/** What a page or a form XObject draws: its decoded content streams and the XObjects they name. */
export interface DrawnContent {
  streams: Uint8Array[];
  /**
   * The XObject a `Do` names: a form (what it draws, and its matrix), `'image'` (draws no rule),
   * or undefined when the scan cannot say (resources inherited or not found, a stream it did not decode).
   */
  xobject(name: string): FormXObject | 'image' | undefined;
}

export interface FormXObject extends DrawnContent {
  /** the form's object number: a form that draws itself is caught by it */
  num: number;
  matrix: Matrix;
}

const refuse = (what: string) => new InputError('TOO_COMPLEX', `PDF ${what}，不像是一份正常的年度报告，已拒绝：请检查文件，或另存为新的 PDF 后重新上传`);

/** Throws TOO_COMPLEX when the scan proves a bound is broken; otherwise the bytes go to pdfjs as they are. */
export function preflightPdf(bytes: Uint8Array, limits = PDF_PREFLIGHT_LIMITS): PdfScan | undefined {
  let scan: PdfScan;
  try {
    scan = scanPdf(bytes, limits);
  } catch (err) {
    if (err instanceof InputError) throw err;
    return undefined; // syntax the scan does not follow: pdfjs decides
  }
  if (scan.pages > limits.maxPages) throw refuse(`有 ${scan.pages} 页，超过 ${limits.maxPages} 页的上限`);
  if (scan.maxPageOperators > limits.maxOperatorsPerPage) {
    throw refuse(`有一页的绘图指令超过 ${limits.maxOperatorsPerPage.toLocaleString('en')} 条（正常年报每页不过数千条）`);
  }
  if (scan.operators > limits.maxOperators) throw refuse(`各页的绘图指令合计超过 ${limits.maxOperators.toLocaleString('en')} 条`);
  return scan;
}

interface StreamInfo {
  operators: number;
  depth: number;
}

interface Scanner {
  limits: typeof PDF_PREFLIGHT_LIMITS;
  inflated: number;
  /**
   * Streams pdfjs inflates but nothing here reads (fonts, metadata), left deflated while the most
   * they could inflate to (`MAX_DEFLATE_RATIO` times their size, `reserved`) still fits the cap:
   * inflated, to learn what they really take, only when that bound no longer proves the cap holds.
   */
  deferred: Uint8Array[];
  reserved: number;
  /** non-stream objects' bodies, to find a page's or a form's resources */
  bodies: Map<number, string>;
  /** form XObjects' dictionaries, by object number */
  forms: Map<number, string>;
  images: Set<number>;
  streams: Map<number, StreamInfo>;
  /** decoded data of the streams that draw, by object number */
  data: Map<number, Uint8Array>;
  /** page object number → the object numbers its /Contents names */
  pages: Map<number, number[]>;
  /** object number → the refs of an array object (a /Contents may name an array of streams) */
  arrays: Map<number, number[]>;
  maxDepth: number;
}

/** The scan itself; throws TOO_COMPLEX on the bounds it can prove while reading, anything else when lost. */
export function scanPdf(bytes: Uint8Array, limits = PDF_PREFLIGHT_LIMITS): PdfScan {
  const s: Scanner = {
    limits,
    inflated: 0,
    deferred: [],
    reserved: 0,
    bodies: new Map(),
    forms: new Map(),
    images: new Set(),
    streams: new Map(),
    data: new Map(),
    pages: new Map(),
    arrays: new Map(),
    maxDepth: 0,
  };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const header = /(\d+)\s+\d+\s+obj\b/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const num = Number(m[1]);
    const bodyStart = m.index + m[0].length;
    const end = text.indexOf('endobj', bodyStart);
    // Searched within the object only: a search to the end of the file for every object is quadratic.
    const at = text.slice(bodyStart, end === -1 ? text.length : end).indexOf('stream');
    const streamAt = at === -1 ? -1 : bodyStart + at;
    if (streamAt !== -1 && text.startsWith('<<', skipSpace(text, bodyStart))) {
      const dict = text.slice(bodyStart, streamAt);
      let dataStart = streamAt + 6;
      if (text[dataStart] === '\r') dataStart++;
      if (text[dataStart] === '\n') dataStart++;
      const dataEnd = text.indexOf('endstream', dataStart);
      if (dataEnd === -1) break;
      readStream(s, num, dict, bytes.subarray(dataStart, dataEnd));
      // Past the stream's data: binary that happens to look like "12 0 obj" is never read as an object.
      header.lastIndex = dataEnd + 9;
    } else {
      readObject(s, num, text.slice(bodyStart, end === -1 ? text.length : end));
      if (end !== -1) header.lastIndex = end + 6;
    }
  }
  let operators = 0;
  let maxPageOperators = 0;
  const pageContents = new Map<number, DrawnContent>();
  for (const [num, contents] of s.pages) {
    let page = 0;
    const parts = contents.flatMap((ref) => s.arrays.get(ref) ?? [ref]);
    for (const part of parts) page += s.streams.get(part)?.operators ?? 0;
    const data = decodedAll(s, parts);
    if (data) pageContents.set(num, drawn(s, data, s.bodies.get(num) ?? ''));
    operators += page;
    maxPageOperators = Math.max(maxPageOperators, page);
  }
  // What the deferred streams could inflate to fits the cap: the cap holds without inflating them.
  return {
    pages: s.pages.size,
    operators,
    maxPageOperators,
    maxDepth: s.maxDepth,
    inflatedBytes: s.inflated,
    streams: s.streams.size,
    contents: pageContents,
  };
}

function decodedAll(s: Scanner, parts: number[]): Uint8Array[] | undefined {
  const data: Uint8Array[] = [];
  for (const part of parts) {
    const d = s.data.get(part);
    if (d === undefined) return undefined;
    data.push(d);
  }
  return data;
}

const RESOURCES_REF = /\/Resources\s*(\d+)\s+\d+\s+R/;
const XOBJECTS = /\/XObject\s*(?:(\d+)\s+\d+\s+R|<<([^>]*)>>)/;
const NAMED_REFS = /\/([^\s/<>[\]()]+)\s*(\d+)\s+\d+\s+R/g;
const MATRIX = /\/Matrix\s*\[([^\]]*)\]/;

/** A page's or a form's content with its XObjects, resolved by name when a `Do` asks (rarely). */
function drawn(s: Scanner, streams: Uint8Array[], dict: string): DrawnContent {
  let names: Map<string, number> | undefined | null = null;
  return {
    streams,
    xobject(name) {
      if (names === null) names = xobjectNames(s, dict);
      const num = names?.get(name);
      if (num === undefined) return undefined;
      if (s.images.has(num)) return 'image';
      const formDict = s.forms.get(num);
      const data = s.data.get(num);
      if (formDict === undefined || data === undefined) return undefined;
      const matrix = (MATRIX.exec(formDict)?.[1] ?? '').trim().split(/\s+/).map(Number);
      return { ...drawn(s, [data], formDict), num, matrix: isMatrix(matrix) && matrix.every(Number.isFinite) ? matrix : IDENTITY };
    },
  };
}

/** The XObjects a dictionary's /Resources names; undefined when its resources are not in it (inherited). */
function xobjectNames(s: Scanner, dict: string): Map<string, number> | undefined {
  const ref = RESOURCES_REF.exec(dict);
  const at = dict.indexOf('/Resources');
  const resources = ref ? s.bodies.get(Number(ref[1])) : at === -1 ? undefined : dict.slice(at);
  if (resources === undefined) return undefined;
  const x = XOBJECTS.exec(resources);
  if (!x) return new Map();
  const list = x[1] !== undefined ? s.bodies.get(Number(x[1])) : x[2];
  if (list === undefined) return undefined;
  return new Map([...list.matchAll(NAMED_REFS)].map((m) => [m[1] ?? '', Number(m[2])]));
}

const skipSpace = (text: string, at: number) => {
  let i = at;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  return i;
};

const PAGE = /\/Type\s*\/Page(?![A-Za-z])/;
const CONTENTS = /\/Contents\s*(?:(\d+)\s+\d+\s+R|\[([^\]]*)\])/;
const REFS = /(\d+)\s+\d+\s+R/g;
const ARRAY_OF_REFS = /^\s*\[((?:\s*\d+\s+\d+\s+R)*)\s*\]\s*$/;

/** A non-stream object: a page (and what it draws), or an array of refs a page's /Contents may name. */
function readObject(s: Scanner, num: number, body: string): void {
  s.bodies.set(num, body);
  if (PAGE.test(body)) {
    const c = CONTENTS.exec(body);
    const refs = c ? (c[1] !== undefined ? [Number(c[1])] : [...(c[2] ?? '').matchAll(REFS)].map((r) => Number(r[1]))) : [];
    s.pages.set(num, refs);
    return;
  }
  const array = ARRAY_OF_REFS.exec(body);
  if (array)
    s.arrays.set(
      num,
      [...(array[1] ?? '').matchAll(REFS)].map((r) => Number(r[1])),
    );
}

/** Streams that are never decoded (images) or not drawn (fonts, metadata, cross-reference data). */
const NOT_DRAWN = /\/Subtype\s*\/(?:Image|Type1C|CIDFontType0C|OpenType|XML)\b|\/Length1\b|\/Type\s*\/(?:XRef|Metadata)\b/;

function readStream(s: Scanner, num: number, dict: string, data: Uint8Array): void {
  if (/\/Subtype\s*\/Image\b/.test(dict)) {
    s.images.add(num);
    return;
  }
  const filter = /\/Filter\s*(?:\[\s*)?\/(\w+)/.exec(dict)?.[1];
  const chained = /\/Filter\s*\[\s*\/\w+\s*\/\w+/.test(dict);
  // Only Flate is inflated here; other filters (rare outside images) are left to pdfjs and the budget.
  if ((filter !== undefined && filter !== 'FlateDecode' && filter !== 'Fl') || chained) return;
  const objects = /\/Type\s*\/ObjStm\b/.test(dict);
  if (!objects && NOT_DRAWN.test(dict)) {
    // A font program is most of what a report's streams inflate to, and nothing here reads it.
    if (filter !== undefined) defer(s, data);
    return;
  }
  const decoded = filter === undefined ? data : inflateCapped(s, data);
  if (decoded === undefined) return;
  if (objects) {
    readObjectStream(s, dict, Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength).toString('latin1'));
    return;
  }
  if (/\/Subtype\s*\/Form\b/.test(dict)) s.forms.set(num, dict);
  const info = countOperators(decoded, s.limits.maxOperatorsPerPage);
  s.maxDepth = Math.max(s.maxDepth, info.depth);
  if (info.depth > s.limits.maxGraphicsDepth) {
    throw refuse(`的图形状态嵌套（q 指令）超过 ${s.limits.maxGraphicsDepth} 层`);
  }
  s.streams.set(num, info);
  s.data.set(num, decoded);
}

/** The objects packed in an object stream (PDF 1.5): pages are often among them. */
function readObjectStream(s: Scanner, dict: string, text: string): void {
  const n = Number(/\/N\s+(\d+)/.exec(dict)?.[1]);
  const first = Number(/\/First\s+(\d+)/.exec(dict)?.[1]);
  if (!Number.isInteger(n) || !Number.isInteger(first)) return;
  const pairs = integers(text, first);
  for (let i = 0; i < n; i++) {
    const num = pairs[2 * i];
    const at = pairs[2 * i + 1];
    if (num === undefined || at === undefined) return;
    const next = pairs[2 * i + 3];
    readObject(s, num, text.slice(first + at, next === undefined ? text.length : first + next));
  }
}

/** The integers of `text` up to `end`, read by hand: an object stream's header lists thousands. */
function integers(text: string, end: number): number[] {
  const out: number[] = [];
  let value = -1;
  for (let i = 0; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) value = (value < 0 ? 0 : value * 10) + d;
    else if (value >= 0) {
      out.push(value);
      value = -1;
    }
  }
  if (value >= 0) out.push(value);
  return out;
}

/**
 * Inflates a FlateDecode stream, counting what comes out against the file's total: zlib stops the
 * moment the output passes what is left of the cap, so a bomb is never expanded whole. Undefined
 * when the data is not deflate (pdfjs judges it).
 */
function inflateCapped(s: Scanner, data: Uint8Array): Uint8Array | undefined {
  for (;;) {
    const room = s.limits.maxInflatedBytes - s.inflated - s.reserved;
    let out: Uint8Array | undefined;
    try {
      out = inflateUpTo(data, room);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ERR_BUFFER_TOO_LARGE') throw err;
      // The room the deferred streams hold may be more than they take: learn what, then try again.
      if (s.deferred.length > 0) {
        settle(s, 0);
        continue;
      }
      throw tooMuchData(s);
    }
    if (out) s.inflated += out.length;
    return out;
  }
}

/** Inflated data, undefined when it is not deflate; throws ERR_BUFFER_TOO_LARGE past `room` bytes. */
function inflateUpTo(data: Uint8Array, room: number): Uint8Array | undefined {
  // A truncated stream is read as far as it goes, as pdfjs reads it.
  const options = { maxOutputLength: Math.max(room, 0) + 1, finishFlush: constants.Z_SYNC_FLUSH };
  const [b0 = 0, b1 = 0] = data;
  const wrapped = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
  try {
    const out = wrapped ? inflateSync(data, options) : inflateRawSync(data, options);
    if (out.length > room) throw Object.assign(new Error('past the room'), { code: 'ERR_BUFFER_TOO_LARGE' });
    return out;
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return undefined;
  }
}

/**
 * Deflate cannot expand data more than 1032-fold (a 258-byte match in two bits at best, plus the
 * block and zlib headers): a stream's size times this bounds what it inflates to.
 */
const MAX_DEFLATE_RATIO = 1032;

function defer(s: Scanner, data: Uint8Array): void {
  s.deferred.push(data);
  s.reserved += data.length * MAX_DEFLATE_RATIO;
  if (s.inflated + s.reserved > s.limits.maxInflatedBytes) settle(s, s.limits.maxInflatedBytes);
}

/**
 * Inflates deferred streams, their real size taking the place of their bound, until
 * inflated plus reserved is within `target` (0: all of them); throws TOO_COMPLEX past the cap.
 */
function settle(s: Scanner, target: number): void {
  s.deferred.sort((a, b) => a.length - b.length);
  while (s.inflated + s.reserved > target) {
    // The smallest stream whose bound alone would make room, else the largest: inflating costs
    // what comes out, and a font inflates to a few times its size, not a thousand.
    const need = (s.inflated + s.reserved - target) / MAX_DEFLATE_RATIO;
    const k = s.deferred.findIndex((d) => d.length >= need);
    const [data] = s.deferred.splice(k === -1 ? s.deferred.length - 1 : k, 1);
    if (data === undefined) break;
    s.reserved -= data.length * MAX_DEFLATE_RATIO;
    let out: Uint8Array | undefined;
    try {
      out = inflateUpTo(data, s.limits.maxInflatedBytes - s.inflated);
    } catch {
      throw tooMuchData(s);
    }
    // Only the size is wanted: the bytes are pdfjs's to decode.
    s.inflated += out?.length ?? 0;
  }
}

const tooMuchData = (s: Scanner) => refuse(`的数据流解压后超过 ${Math.round(s.limits.maxInflatedBytes / 1024 / 1024)} MB`);

// Byte classes of the content stream syntax (the PDF reader's rules tokenize with them too).
export const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
export const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;
export const isRegular = (c: number) => WHITE[c] === 0 && DELIM[c] === 0;
// Character codes: the scan loop compares bytes, not strings.
const PERCENT = 0x25; // %
const LPAREN = 0x28; // (
const RPAREN = 0x29; // )
const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f; // /
const BACKSLASH = 0x5c; // \
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const LOWER_Q = 0x71;
const UPPER_Q = 0x51;
const UPPER_B = 0x42;
const UPPER_I = 0x49;
const UPPER_D = 0x44;
const UPPER_E = 0x45;
const LOWER_T = 0x74;
const LOWER_R = 0x72;
const LOWER_N = 0x6e;
const LOWER_U = 0x75;
const LOWER_F = 0x66;
const LOWER_A = 0x61;

/**
 * Counts the operators of a content stream and its deepest `q` nesting, token by token: strings,
 * names, numbers, arrays and dictionaries are operands; every other bare word is an operator.
 * Stops counting past `cap`: the caller only needs to know that it is over.
 */
export function countOperators(b: Uint8Array, cap: number): StreamInfo {
  let operators = 0;
  let depth = 0;
  let maxDepth = 0;
  const n = b.length;
  let i = 0;
  while (i < n && operators <= cap) {
    const c = b[i] ?? 0;
    if (WHITE[c]) {
      i++;
    } else if (c === PERCENT) {
      while (i < n && b[i] !== 10 && b[i] !== 13) i++;
    } else if (c === LPAREN) {
      let nest = 1;
      i++;
      while (i < n && nest > 0) {
        const d = b[i];
        if (d === BACKSLASH) i++;
        else if (d === LPAREN) nest++;
        else if (d === RPAREN) nest--;
        i++;
      }
    } else if (c === LT) {
      if (b[i + 1] === LT) i += 2;
      else {
        while (i < n && b[i] !== GT) i++;
        i++;
      }
    } else if (c === SLASH) {
      i++;
      while (i < n && isRegular(b[i] ?? 0)) i++;
    } else if (DELIM[c]) {
      i++;
    } else if ((c >= 48 && c <= 57) || c === PLUS || c === MINUS || c === DOT) {
      while (i < n && isRegular(b[i] ?? 0)) i++;
    } else {
      const start = i;
      while (i < n && isRegular(b[i] ?? 0)) i++;
      const len = i - start;
      if (len === 1 && c === LOWER_Q) {
        operators++;
        if (++depth > maxDepth) maxDepth = depth;
      } else if (len === 1 && c === UPPER_Q) {
        operators++;
        if (depth > 0) depth--;
      } else if (len === 2 && c === UPPER_B && b[start + 1] === UPPER_I) {
        operators++;
        i = skipInlineImage(b, i);
      } else if (!isOperandKeyword(b, start, len)) {
        operators++;
      }
    }
  }
  return { operators, depth: maxDepth };
}

/** true, false and null are operands, not operators. */
function isOperandKeyword(b: Uint8Array, at: number, len: number): boolean {
  const c = b[at];
  if (len === 4) return (c === LOWER_T && b[at + 1] === LOWER_R) || (c === LOWER_N && b[at + 1] === LOWER_U);
  return len === 5 && c === LOWER_F && b[at + 1] === LOWER_A;
}

/** An inline image's data is binary: skipped from its ID to the EI that ends it. */
function skipInlineImage(b: Uint8Array, from: number): number {
  let i = from;
  const n = b.length;
  while (i + 1 < n && !(b[i] === UPPER_I && b[i + 1] === UPPER_D && WHITE[b[i - 1] ?? 0] && WHITE[b[i + 2] ?? 0])) i++;
  i += 3;
  while (i + 2 < n && !(WHITE[b[i - 1] ?? 0] && b[i] === UPPER_E && b[i + 1] === UPPER_I && (i + 2 >= n || !isRegular(b[i + 2] ?? 0)))) i++;
  return i + 2;
}
