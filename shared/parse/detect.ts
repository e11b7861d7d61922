/** Stage 1: what kind of bytes are these? Decided from magic numbers first, then the hints. */

export type InputKind = 'text' | 'html' | 'docx';

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
      | 'TOO_LARGE'
      | 'TOO_COMPLEX',
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

const UNSUPPORTED: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'PDF 文件暂不支持：请上传年报的文本、网页（HTML）或 Word（.docx）版本'],
  [[0xd0, 0xcf, 0x11, 0xe0], '旧版 Word（.doc）文件暂不支持：请在 Word 中另存为 .docx 后上传'],
  [[0x89, 0x50, 0x4e, 0x47], '这是一张 PNG 图片，不是年报文本：请上传文本、网页或 Word 版本'],
  [[0xff, 0xd8, 0xff], '这是一张 JPEG 图片，不是年报文本：请上传文本、网页或 Word 版本'],
  [[0x47, 0x49, 0x46, 0x38], '这是一张 GIF 图片，不是年报文本'],
  [[0x42, 0x4d], '这是一张 BMP 图片，不是年报文本'],
  [[0x49, 0x49, 0x2a, 0x00], '这是一张 TIFF 图片，不是年报文本'],
  [[0x4d, 0x4d, 0x00, 0x2a], '这是一张 TIFF 图片，不是年报文本'],
  [[0x1f, 0x8b], '这是一个 gzip 压缩文件，不是年报：请解压后上传'],
  [[0x52, 0x61, 0x72, 0x21], '这是一个 RAR 压缩文件，不是年报'],
  [[0x37, 0x7a, 0xbc, 0xaf], '这是一个 7z 压缩文件，不是年报'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'RTF 文件暂不支持：请另存为 .docx 后上传'],
];

export function detectInput(bytes: Uint8Array, contentType?: string, filename?: string): DetectedInput {
  if (bytes.length === 0) throw new InputError('EMPTY', '文件是空的：没有收到任何内容');
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'docx' };
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    throw new InputError('UNSUPPORTED_FORMAT', '这是一张 WebP 图片，不是年报文本');
  }
  for (const [sig, message] of UNSUPPORTED) {
    if (startsWith(bytes, sig)) throw new InputError('UNSUPPORTED_FORMAT', message);
  }
  const type = (contentType ?? '').toLowerCase();
  const name = (filename ?? '').toLowerCase();
  // The bytes decide; a declared HTML type only tips the balance when there is markup at all.
  if (looksLikeHtml(bytes)) return { kind: 'html', charset };
  if ((type.includes('html') || /\.x?html?$/.test(name)) && hasMarkup(bytes)) return { kind: 'html', charset };
  return { kind: 'text', charset };
}

function hasMarkup(bytes: Uint8Array): boolean {
  return /<\/?[a-z][a-z0-9]*[\s>/]/i.test(Buffer.from(bytes.subarray(0, 8192)).toString('latin1').replace(/\0/g, ''));
}

/** Sniffs markup in the first kilobyte, whatever the encoding (ASCII-compatible or UTF-16). */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024))
    .toString('latin1')
    .replace(/\0/g, '')
    .trimStart()
    .toLowerCase();
  return /^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*<(?:!doctype html|html|head|body|meta|table|div|p|!--|\?xml[^>]*>\s*<html)/.test(head);
}
