import type { Report } from '../model/report';

/**
 * MinHash signatures of a report's narrative, and banded LSH keys over them, so the archive can find
 * reports whose wording was copied without comparing a new report against every stored one: two
 * reports become candidates when any band key is equal, and a candidate is then judged by
 * estimateSimilarity (or an exact comparison of the texts).
 *
 * With 32 bands of 4 rows, a pair of Jaccard similarity s shares at least one band key with
 * probability 1 − (1 − s⁴)³²: about 0.99 at s = 0.6 (BOILERPLATE_SHARE), 0.9 at 0.5, 0.23 at 0.3 and
 * 0.05 at 0.2. Candidates below the bar cost a comparison of signatures read with the bucket, nothing more.
 *
 * Signatures and band keys are STORED. Everything that decides them — the normalization in
 * narrativeText, MIN_NARRATIVE_CHARS, MAX_NARRATIVE_CHARS, the shingle length, the shingle hash
 * (FNV-1a over UTF-16 code units), the prime, the seed and generator of the coefficients, and the
 * band hash — is part of MINHASH_VERSION. Changing any of them makes stored signatures
 * incomparable with new ones: bump the version and recompute every stored signature.
 */
export const MINHASH_VERSION = 1;

export const MINHASH = { hashes: 128, bands: 32, rows: 4, shingle: 5 } as const;

/** Normalized characters below which a narrative gets no signature: too little text to call a copy. */
export const MIN_NARRATIVE_CHARS = 200;

/**
 * Normalized characters read at most. A real narrative is a few thousand characters; the cap keeps
 * a hostile upload from costing seconds (each character costs 128 hash evaluations).
 */
export const MAX_NARRATIVE_CHARS = 100_000;

// Whitespace, punctuation, symbols and digits carry no wording: removing them makes reflowed lines,
// changed commas and changed figures invisible. \p{N} also takes 〇 (as in 二〇二三年).
const NOISE = /[\s\p{P}\p{S}\p{N}]+/gu;

const clean = (text: string) => text.normalize('NFKC').replace(NOISE, '');

// The short forms a report uses for its own agency: "天河区教育局" for "广州市天河区教育局", "海淀区政府"
// for "北京市海淀区人民政府". Kept local rather than imported from agency-match, which imports the
// validator and would make a cycle once the validator uses signatures.
const REGION_PREFIX = /^[\u3400-\u9fff]{1,10}?(?:省|自治区|特别行政区|市|自治州|地区|盟)/;
const PLACE_AT_START = /^[\u3400-\u9fff]{1,14}?(?:街道|区|县|市|旗|州|盟|镇|乡)/;
const NOT_A_PLACE = /^(?:城[市乡镇]|乡镇|市[政容场]|社区|园区|景区|街区)|城乡$|[和与及、]城[市镇]$/;
// Shorter names than this are too likely to be ordinary words of other reports' text.
const MIN_NAME_CHARS = 4;

function ownNames(agency: string): string[] {
  const full = clean(agency);
  const forms = new Set<string>();
  const add = (name: string) => {
    if (name.length < MIN_NAME_CHARS) return;
    forms.add(name);
    if (name.endsWith('人民政府')) forms.add(`${name.slice(0, -4)}政府`);
  };
  add(full);
  let rest = full;
  for (let k = 0; k < 2; k++) {
    const m = REGION_PREFIX.exec(rest);
    if (!m) break;
    rest = rest.slice(m[0].length);
    const place = PLACE_AT_START.exec(rest);
    if (!place || NOT_A_PLACE.test(place[0])) break;
    add(rest);
  }
  // Longest first, so the full name goes before a short form that is part of it.
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * The narrative a copy would share: 总体情况, 存在的主要问题及改进情况 and 其他需要报告的事项, after NFKC,
 * without whitespace, punctuation, symbols or digits, and without the agency's own name (and its
 * short forms), so that a copy with the name swapped, figures changed and lines reflowed is the
 * same text.
 */
export function narrativeText(report: Pick<Report, 'agency' | 'sections'>): string {
  let text = clean(report.sections.overview + report.sections.problems + report.sections.other);
  for (const name of ownNames(report.agency)) text = text.split(name).join('');
  return text;
}

// Mersenne prime 2^31 − 1: reduction modulo it needs no division.
const P = 2147483647;
const TWO_31 = 2147483648;

/**
 * (a·x + b) mod (2^31 − 1), exact for a, x, b in [0, 2^31 − 1). The product does not fit a double,
 * so a is split in 16-bit halves: every intermediate stays below 2^48.
 * Exported so a test can check it against BigInt arithmetic.
 */
export function affineModP(a: number, x: number, b: number): number {
  const lo = (a & 0xffff) * x; // < 2^47
  const hi = (a >>> 16) * x; // < 2^46; the term is hi·2^16
  // hi·2^16 = hiHi·2^31 + hiLo·2^16 ≡ hiHi + hiLo·2^16 (mod P), as 2^31 ≡ 1
  const hiHi = Math.floor(hi / 32768);
  const hiLo = hi - hiHi * 32768;
  let s = hiHi + hiLo * 65536 + lo + b; // < 2^48
  const q = Math.floor(s / TWO_31);
  s = s - q * TWO_31 + q; // < 2^31 + 2^17 < 2P
  return s >= P ? s - P : s;
}

// The 128 hash functions' coefficients: splitmix32 from a fixed seed, a in [1, P), b in [0, P).
// Part of MINHASH_VERSION: never change the seed or the generator without bumping it.
const SEED = 0x5eed_0001;
const [COEF_A, COEF_B] = (() => {
  let state = SEED;
  const next = () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const a = new Float64Array(MINHASH.hashes);
  const b = new Float64Array(MINHASH.hashes);
  for (let i = 0; i < MINHASH.hashes; i++) {
    a[i] = 1 + (next() % (P - 1));
    b[i] = next() % P;
  }
  return [a, b];
})();

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The distinct shingles of a normalized text, each as its 32-bit FNV-1a (over UTF-16 code units) reduced mod P. */
function shingleHashes(text: string): Float64Array {
  const k = MINHASH.shingle;
  const seen = new Set<number>();
  for (let i = 0; i + k <= text.length; i++) {
    let h = FNV_OFFSET;
    for (let j = i; j < i + k; j++) h = Math.imul(h ^ text.charCodeAt(j), FNV_PRIME);
    seen.add((h >>> 0) % P);
  }
  return Float64Array.from(seen);
}

/**
 * The MinHash signature of a report's narrative: for each of the 128 hash functions, the least
 * value over the narrative's distinct 5-character shingles. Undefined when the narrative has fewer
 * than MIN_NARRATIVE_CHARS normalized characters.
 */
export function narrativeSignature(report: Pick<Report, 'agency' | 'sections'>): Uint32Array | undefined {
  const text = narrativeText(report).slice(0, MAX_NARRATIVE_CHARS);
  if (text.length < MIN_NARRATIVE_CHARS) return undefined;
  const xs = shingleHashes(text);
  const sig = new Uint32Array(MINHASH.hashes);
  // affineModP inlined: this loop runs 128 times per distinct shingle and is the whole cost.
  for (let i = 0; i < MINHASH.hashes; i++) {
    const a = COEF_A[i];
    const b = COEF_B[i];
    // Both tables hold MINHASH.hashes coefficients.
    if (a === undefined || b === undefined) continue;
    const aLo = a & 0xffff;
    const aHi = a >>> 16;
    let min = P;
    for (let j = 0; j < xs.length; j++) {
      const x = xs[j] ?? 0; // j < xs.length; indexed, not for-of, as this loop is the whole cost
      const hi = aHi * x;
      const hiHi = Math.floor(hi / 32768);
      let s = hiHi + (hi - hiHi * 32768) * 65536 + aLo * x + b;
      const q = Math.floor(s / TWO_31);
      s = s - q * TWO_31 + q;
      if (s >= P) s -= P;
      if (s < min) min = s;
    }
    sig[i] = min;
  }
  return sig;
}

function fnvBytes(bytes: Uint8Array, offset: number): number {
  let h = offset;
  for (const byte of bytes) h = Math.imul(h ^ byte, FNV_PRIME);
  return h >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

function littleEndian(values: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, value] of values.entries()) view.setUint32(i * 4, value, true);
  return bytes;
}

/**
 * One key per band, `${band}-${hex}`: hex is 64 bits (two FNV-1a hashes with different offsets) of
 * the band's 4 values in little-endian bytes. Two signatures share a key only if the band is equal,
 * bar a hash collision, which the candidate's similarity check then rejects.
 */
export function bandKeys(sig: Uint32Array): string[] {
  if (sig.length !== MINHASH.hashes) throw new RangeError(`签名应有 ${MINHASH.hashes} 个值，实际 ${sig.length} 个`);
  const keys: string[] = [];
  for (let band = 0; band < MINHASH.bands; band++) {
    const bytes = littleEndian(sig.subarray(band * MINHASH.rows, (band + 1) * MINHASH.rows));
    keys.push(`${band}-${hex8(fnvBytes(bytes, FNV_OFFSET))}${hex8(fnvBytes(bytes, 0x050c5d1f))}`);
  }
  return keys;
}

/** The share of positions where two signatures agree: an estimate of the narratives' shingle Jaccard similarity. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`两个签名长度不同或为空（${a.length}、${b.length}）`);
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Base64 of the values as little-endian 32-bit integers (684 characters for 128 values). */
export function encodeSignature(sig: Uint32Array): string {
  let binary = '';
  for (const byte of littleEndian(sig)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The signature encodeSignature wrote, or undefined for anything else (wrong length, not base64). */
export function decodeSignature(s: string): Uint32Array | undefined {
  if (!BASE64.test(s)) return undefined;
  const binary = atob(s);
  if (binary.length !== MINHASH.hashes * 4) return undefined;
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const sig = new Uint32Array(MINHASH.hashes);
  for (let i = 0; i < MINHASH.hashes; i++) sig[i] = view.getUint32(i * 4, true);
  return sig;
}
