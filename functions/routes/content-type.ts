import type { BusboyInstance } from '@fastify/busboy';
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
  /** the form's `cells` field, when it has one: typed cells as JSON (the /check page's dry run) */
  cells?: string;
}

/**
 * The file in a request, however it was sent: raw bytes with any Content-Type or none, or a
 * browser form (multipart/form-data). The bytes decide the kind, always; a declared type is kept
 * only as a hint (a text charset, HTML when the bytes could be either) when it names a kind we read.
 */
export async function readUpload(req: HttpRequest, queryFilename?: string): Promise<Upload> {
  const header = req.headers['content-type'];
  const type = baseType(header);
  if (type === 'multipart/form-data' && header !== undefined) {
    const part = await filePart((await loadBusboy()).Busboy, req.body, header);
    return {
      bytes: part.bytes,
      contentType: hint(part.type),
      filename: part.filename ? UploadFilename.parse(part.filename) : queryFilename,
      ...(part.cells === undefined ? {} : { cells: part.cells }),
    };
  }
  return { bytes: req.body, contentType: hint(header), filename: queryFilename };
}

const baseType = (header: string | undefined) => {
  const [base = ''] = (header ?? '').split(';');
  return base.trim().toLowerCase();
};
const hint = (header: string | undefined) => (KNOWN_TYPES.has(baseType(header)) ? header : undefined);

const noFile = () => new AppError('no-file-part', '表单里没有文件：请把年报放在名为 file 的文件字段中上传');
const manyFiles = () => new AppError('multiple-file-parts', '表单中有多个文件，请只上传一份年报，或将年报放在名为 file 的字段中');
const incomplete = () => new AppError('incomplete-form', '表单上传不完整（内容在结束标记之前中断）：请重新上传');

interface FilePart {
  bytes: Buffer;
  filename?: string;
  type?: string;
  cells?: string;
}

/**
 * The form's one file: the part named `file` (with or without a filename; the first, if the form
 * repeats it), else the single part that has a filename. Two or more parts with filenames and none
 * named `file` is a 400, never a guess; so is a form with no file, and a body cut off before its
 * closing boundary — an error from the parser or from any part's stream answers the request, it
 * never escapes as an unhandled 'error' event.
 */
/**
 * The form parser, loaded with the first form: most uploads are the file's bytes, and a cold start
 * that compiled its 27 KB for them was a tenth of the upload bundle's.
 */
let busboy: Promise<typeof import('@fastify/busboy')> | undefined;
const loadBusboy = () => (busboy ??= import('@fastify/busboy'));

function filePart(Busboy: typeof import('@fastify/busboy')['Busboy'], body: Buffer, contentType: string): Promise<FilePart> {
  return new Promise((resolve, reject) => {
    const named: FilePart[] = [];
    const withName: FilePart[] = [];
    let cells: string | undefined;
    let settled = false;
    const fail = (err: AppError) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
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
      return reject(new AppError('bad-request', '表单格式不正确（multipart/form-data 缺少 boundary）'));
    }
    bb.on('file', (name, stream, filename, _enc, mimeType) => {
      const chunks: Buffer[] = [];
      // A body that ends inside this part fails the stream ("Part terminated early"): without this
      // listener that 'error' event is unhandled and ends the process.
      stream.on('error', () => fail(incomplete()));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const part = { bytes: Buffer.concat(chunks), filename: filename || undefined, type: mimeType };
        // A browser sends a file input left empty as `filename=""` and no bytes: that is no file.
        if (filename === '' && part.bytes.length === 0) return;
        if (name === 'file') named.push(part);
        else if (part.filename) withName.push(part);
      });
    });
    // The one text field read: typed cells beside the file; the first wins, like the file part.
    bb.on('field', (name, value) => {
      if (name === 'cells' && cells === undefined) cells = value;
    });
    bb.on('error', () => fail(incomplete()));
    bb.on('finish', () => {
      if (settled) return;
      const found = named[0] ?? (withName.length === 1 ? withName[0] : undefined);
      if (found) {
        settled = true;
        return resolve(cells === undefined ? found : { ...found, cells });
      }
      if (withName.length > 1) return fail(manyFiles());
      fail(noFile());
    });
    try {
      bb.end(body);
    } catch {
      fail(new AppError('bad-request', '表单内容不完整或格式不正确：请重新上传'));
    }
  });
}
