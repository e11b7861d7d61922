import type { ParseMessage } from '../model/findings';
import { AppError } from './errors';

const BY_CODE: Record<string, [number, string, string?]> = {
  EMPTY: [400, 'empty-body'],
  UNSUPPORTED_FORMAT: [415, 'unsupported-media-type'],
  TOO_LARGE: [413, 'payload-too-large'],
  TOO_COMPLEX: [422, 'too-complex', 'The document is too complex to read'],
  // No worker free in time: nothing wrong with the file, and the answer says to try again.
  BUSY: [503, 'parser-busy', 'Too many documents are being read'],
  NOT_TEXT: [422, 'not-a-report'],
  NOT_A_REPORT: [422, 'not-a-report'],
  CORRUPT_DOCX: [422, 'not-a-report'],
  CORRUPT_DOC: [422, 'not-a-report'],
  CORRUPT_PDF: [422, 'corrupt-pdf'],
  ENCRYPTED: [422, 'encrypted-document'],
};

/** A file the parser refused, as the problem the API answers with. */
export function parseProblem(error: { code: string; message: string }, messages: ParseMessage[] = []): AppError {
  const [status, slug, title = 'The file cannot be read as a report'] = BY_CODE[error.code] ?? [422, 'not-a-report'];
  const headers: Record<string, string> = status === 503 ? { 'retry-after': '2' } : {};
  return new AppError(status, slug, title, error.message, { code: error.code, ...(messages.length ? { messages } : {}) }, headers);
}
