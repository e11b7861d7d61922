import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { AppError } from '#shared/archive/errors';
import { UploadFilename } from '#shared/http/schemas';
import { MAX_BODY_BYTES, type HttpRequest } from '#shared/http/types';
import { INPUT_KINDS } from '#shared/parse/input-kinds';

/** The types the archive reads, from the one table of input kinds: only these say anything about the bytes. */
const KNOWN_TYPES = new Set<string>(Object.values(INPUT_KINDS).flatMap((k) => [k.contentType, ...('aliases' in k ? k.aliases : [])]));

export interface Upload {
  bytes: Buffer;
  /** a declared type worth passing on as a hint (its charset), or nothing */
  contentType?: string;
  /** from the form's file part, else from `?filename=` */
  filename?: string;
}

/**
 * The file in a request, however it was sent: raw bytes with any Content-Type or none, or a
 * browser form (multipart/form-data). The bytes decide the kind, always; a declared type is kept
 * only as a hint (a text charset, HTML when the bytes could be either) when it names a kind we read.
 */
export async function readUpload(req: HttpRequest, queryFilename?: string): Promise<Upload> {
  const header = req.headers['content-type'];
  const type = baseType(header);
  if (type === 'multipart/form-data') {
    const part = await filePart(req.body, header!);
    return { bytes: part.bytes, contentType: hint(part.type), filename: part.filename ? UploadFilename.parse(part.filename) : queryFilename };
  }
  return { bytes: req.body, contentType: hint(header), filename: queryFilename };
}

const baseType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();
const hint = (header: string | undefined) => (KNOWN_TYPES.has(baseType(header)) ? header : undefined);

const noFile = () => new AppError(400, 'no-file-part', 'No file in the form', '表单里没有文件：请把年报放在名为 file 的文件字段中上传');

/** The first part with a filename, or the part named `file`. */
function filePart(body: Buffer, contentType: string): Promise<{ bytes: Buffer; filename?: string; type?: string }> {
  return new Promise((resolve, reject) => {
    let chosen: { bytes: Buffer; filename?: string; type?: string; named: boolean } | undefined;
    let failed: unknown;
    let bb: BusboyInstance;
    try {
      bb = Busboy({
        headers: { 'content-type': contentType },
        defCharset: 'utf8',
        // A part named `file` is the file even when the form sent no filename with it.
        isPartAFile: (name, _type, filename) => filename !== undefined || name === 'file',
        limits: { fileSize: MAX_BODY_BYTES, files: 20, fields: 100, parts: 120, headerPairs: 50 },
      });
    } catch {
      return reject(new AppError(400, 'bad-request', 'Bad request', '表单格式不正确（multipart/form-data 缺少 boundary）'));
    }
    bb.on('file', (name, stream, filename, _enc, mimeType) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const candidate = { bytes: Buffer.concat(chunks), filename: filename || undefined, type: mimeType, named: name === 'file' };
        // A part with a filename wins over a part only named `file`; the first of each kind wins.
        if (!chosen || (!chosen.filename && candidate.filename)) chosen = candidate;
      });
    });
    bb.on('error', (err) => {
      failed = err;
      reject(new AppError(400, 'bad-request', 'Bad request', '表单内容不完整或格式不正确：请重新上传'));
    });
    bb.on('finish', () => {
      if (failed) return;
      if (!chosen || !(chosen.filename || chosen.named)) return reject(noFile());
      resolve(chosen);
    });
    bb.end(body);
  });
}
