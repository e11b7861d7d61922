import { isUtf8 } from 'node:buffer';
import type { ParseMessage } from '../model/findings';
import { InputError } from './detect';

export interface Decoded {
  text: string;
  encoding: string;
  messages: ParseMessage[];
}

const ALIASES: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  gb18030: 'gb18030',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  big5: 'big5',
};

const normalizeCharset = (name?: string) => (name ? ALIASES[name.toLowerCase()] : undefined);

/** Finds `<meta charset>` or `http-equiv` charset in the first bytes of an HTML page. */
export function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
}

/**
 * Stage 2: bytes → string. A BOM wins; then a declared charset (meta or Content-Type); then
 * strict UTF-8; then GB18030 (a superset of GBK and GB2312, what older sites use). Declarations
 * are checked against the bytes, because CMS templates often declare UTF-8 over GBK bytes.
 */
export function decodeText(bytes: Uint8Array, declared?: string): Decoded {
  const messages: ParseMessage[] = [];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return finish(bytes.subarray(3), 'utf-8', messages);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(bytes.subarray(2), 'utf-16le', messages);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return finish(bytes.subarray(2), 'utf-16be', messages);

  const utf16 = guessBomlessUtf16(bytes);
  if (utf16) return finish(bytes, utf16, messages);

  const hint = normalizeCharset(declared);
  if (declared && !hint) {
    messages.push({ level: 'warning', code: 'UNKNOWN_CHARSET', message: `声明的编码“${declared.slice(0, 40)}”无法识别，已自动判断编码` });
  }
  const asUtf8 = strictUtf8(bytes);
  if (hint && hint !== 'utf-8') {
    // A declared legacy charset is believed unless the bytes are valid UTF-8 with multibyte text.
    if (!(asUtf8 !== undefined && hasNonAscii(bytes))) return finish(bytes, hint, messages);
  }
  if (asUtf8 !== undefined) return done(asUtf8, 'utf-8', messages);
  const cut = truncatedUtf8Tail(bytes);
  if (cut > 0) {
    messages.push({ level: 'warning', code: 'TRUNCATED', message: '文件末尾不完整（最后一个字符被截断），文件可能没有上传完整' });
    return finish(bytes.subarray(0, bytes.length - cut), 'utf-8', messages);
  }
  if (hint === 'utf-8') {
    messages.push({ level: 'warning', code: 'CHARSET_MISMATCH', message: '文件声明为 UTF-8，但内容不是有效的 UTF-8，已按 GB18030 读取' });
  }
  return finish(bytes, 'gb18030', messages);
}

/**
 * The bytes as UTF-8 when they are valid UTF-8 (never starting with a BOM here: decodeText takes it
 * first), else undefined. Validated by `isUtf8` and decoded in place: a fatal TextDecoder does both
 * in one call that costs more than the two.
 */
function strictUtf8(bytes: Uint8Array): string | undefined {
  return isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') : undefined;
}

/** Valid UTF-8 but for a multibyte sequence cut off at the end: how many bytes to drop. */
function truncatedUtf8Tail(bytes: Uint8Array): number {
  for (let k = 1; k <= 3 && k < bytes.length; k++) {
    const lead = bytes[bytes.length - k];
    if (lead === undefined) return 0;
    if (lead >= 0xc0) return isUtf8(bytes.subarray(0, bytes.length - k)) ? k : 0;
    if (lead < 0x80) return 0;
  }
  return 0;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b > 0x7f) return true;
  return false;
}

/** UTF-16 without a BOM shows as NUL in every other byte for ASCII-heavy text. */
function guessBomlessUtf16(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, 2048) & ~1;
  if (n < 8) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  if (oddNul > half * 0.3 && evenNul < half * 0.05) return 'utf-16le';
  if (evenNul > half * 0.3 && oddNul < half * 0.05) return 'utf-16be';
  return undefined;
}

const decoders = new Map<string, InstanceType<typeof TextDecoder>>();
function finish(bytes: Uint8Array, encoding: string, messages: ParseMessage[]): Decoded {
  let decoder = decoders.get(encoding);
  if (!decoder) {
    decoder = new TextDecoder(encoding);
    decoders.set(encoding, decoder);
  }
  return done(decoder.decode(bytes), encoding, messages);
}

function done(decoded: string, encoding: string, messages: ParseMessage[]): Decoded {
  checkTextiness(decoded);
  // Stray NULs (UTF-16 read as bytes, padded exports) are never report text.
  const text = decoded.includes('\0') ? decoded.replace(/\0/g, '') : decoded;
  const replaced = countChar(text, '\ufffd');
  if (replaced > 0) {
    messages.push({
      level: 'warning',
      code: 'DECODE_REPLACED',
      message: `按 ${encoding.toUpperCase()} 读取时有 ${replaced} 个字符无法识别（可能混用了多种编码），已用 � 代替`,
    });
  }
  return { text, encoding, messages };
}

function countChar(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** Binary junk decodes to control characters and replacement marks: refuse it as "not text". */
function checkTextiness(text: string): void {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) bad++;
  }
  if (sample.length > 0 && bad / sample.length > 0.1) {
    throw new InputError('NOT_TEXT', '文件内容不是文本（像是二进制数据）：请上传年报的文本、网页或 Word 版本');
  }
}
