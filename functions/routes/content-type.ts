import { AppError } from '#shared/archive/errors';

const ACCEPTED = new Set([
  'text/plain',
  'text/html',
  'application/xhtml+xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/octet-stream',
]);

/** Text, HTML and .docx only; anything else is a 415 that names what is accepted. */
export function checkUploadType(header: string | undefined, filename?: string): string | undefined {
  if (!header) return undefined;
  const type = header.split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED.has(type)) {
    throw new AppError(415, 'unsupported-media-type', 'Unsupported media type', `不支持的文件类型“${type.slice(0, 80)}”：请上传文本（text/plain）、网页（text/html）或 Word（.docx）文件`, {
      accepted: [...ACCEPTED],
    });
  }
  return type === 'application/octet-stream' && filename ? undefined : header;
}
