/** Stage 1: what kind of bytes are these? Decided from the bytes; hints only break a tie. */
import type { InputKind } from './input-kinds';

export type { InputKind };

export interface DetectedInput {
  kind: InputKind;
  /** charset named by the content type, if any */
  charset?: string;
}

export class InputError extends Error {
  constructor(
    readonly code:
      | 'EMPTY'
      | 'UNSUPPORTED_FORMAT'
      | 'NOT_TEXT'
      | 'NOT_A_REPORT'
      | 'CORRUPT_DOCX'
      | 'CORRUPT_PDF'
      | 'CORRUPT_DOC'
      | 'ENCRYPTED'
      | 'TOO_LARGE'
      | 'TOO_COMPLEX',
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

const UPLOAD_INSTEAD = '请上传年报的 PDF、Word、网页或文本版本';
const UNSUPPORTED: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], `这是一张 PNG 图片，不是年报文件：${UPLOAD_INSTEAD}`],
  [[0xff, 0xd8, 0xff], `这是一张 JPEG 图片，不是年报文件：${UPLOAD_INSTEAD}`],
  [[0x47, 0x49, 0x46, 0x38], `这是一张 GIF 图片，不是年报文件：${UPLOAD_INSTEAD}`],
  [[0x42, 0x4d], `这是一张 BMP 图片，不是年报文件：${UPLOAD_INSTEAD}`],
  [[0x49, 0x49, 0x2a, 0x00], `这是一张 TIFF 图片，不是年报文件：${UPLOAD_INSTEAD}`],
  [[0x4d, 0x4d, 0x00, 0x2a], `这是一张 TIFF 图片，不是年报文件：${UPLOAD_INSTEAD}`],
  [[0x1f, 0x8b], '这是一个 gzip 压缩文件，不是年报：请解压后上传'],
  [[0x52, 0x61, 0x72, 0x21], '这是一个 RAR 压缩文件，不是年报：请解压后上传'],
  [[0x37, 0x7a, 0xbc, 0xaf], '这是一个 7z 压缩文件，不是年报：请解压后上传'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'RTF 文件暂不支持：请在 Word 中另存为 .docx 或 PDF 后上传'],
];

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // Word 97-2003 and other OLE files
const ZIP = [0x50, 0x4b, 0x03, 0x04];

export function detectInput(bytes: Uint8Array, contentType?: string, filename?: string): DetectedInput {
  if (bytes.length === 0) throw new InputError('EMPTY', '文件是空的：没有收到任何内容');
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (startsWith(bytes, ZIP)) return { kind: 'docx' };
  if (startsWith(bytes, OLE2)) return { kind: 'doc' };
  // A PDF may carry a few bytes of junk before its header (some export tools do); readers allow 1 KB.
  const head = latin1(bytes, 1024);
  if (head.includes('%PDF-')) return { kind: 'pdf' };
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    throw new InputError('UNSUPPORTED_FORMAT', `这是一张 WebP 图片，不是年报文件：${UPLOAD_INSTEAD}`);
  }
  for (const [sig, message] of UNSUPPORTED) {
    if (startsWith(bytes, sig)) throw new InputError('UNSUPPORTED_FORMAT', message);
  }
  const type = (contentType ?? '').toLowerCase();
  const name = (filename ?? '').toLowerCase();
  // The bytes decide; a declared HTML type only tips the balance when there is markup at all.
  if (looksLikeHtml(head)) return { kind: 'html', charset };
  if ((type.includes('html') || /\.x?html?$/.test(name)) && hasMarkup(bytes)) return { kind: 'html', charset };
  return { kind: 'text', charset };
}

/** The first `n` bytes as latin1 text, read in place (Buffer.from of a Uint8Array would copy them first). */
const latin1 = (bytes: Uint8Array, n: number): string => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, n)).toString('latin1');

function hasMarkup(bytes: Uint8Array): boolean {
  return /<\/?[a-z][a-z0-9]*[\s>/]/i.test(latin1(bytes, 8192).replace(/\0/g, ''));
}

/** Sniffs markup in the first kilobyte (`head`, as latin1), whatever the encoding (ASCII-compatible or UTF-16). */
function looksLikeHtml(latin1Head: string): boolean {
  const head = latin1Head.replace(/\0/g, '').trimStart().toLowerCase();
  return /^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*<(?:!doctype html|html|head|body|meta|table|div|p|!--|\?xml[^>]*>\s*<html)/.test(head);
}
