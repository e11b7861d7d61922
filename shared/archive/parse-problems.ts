import type { ParseMessage } from '../model/findings';
import { AppError } from './errors';
import type { ProblemSlug } from './problem-catalogue';

const BY_CODE: Record<string, ProblemSlug> = {
  EMPTY: 'empty-body',
  UNSUPPORTED_FORMAT: 'unsupported-media-type',
  TOO_LARGE: 'payload-too-large',
  TOO_COMPLEX: 'too-complex',
  // No worker free in time: nothing wrong with the file, and the answer says to try again.
  BUSY: 'parser-busy',
  NOT_TEXT: 'not-a-report',
  NOT_A_REPORT: 'not-a-report',
  CORRUPT_DOCX: 'not-a-report',
  CORRUPT_DOC: 'not-a-report',
  CORRUPT_PDF: 'corrupt-pdf',
  ENCRYPTED: 'encrypted-document',
};

/** A file the parser refused, as the problem the API answers with. */
export function parseProblem(error: { code: string; message: string }, messages: ParseMessage[] = []): AppError {
  return new AppError(BY_CODE[error.code] ?? 'not-a-report', error.message, { code: error.code, ...(messages.length ? { messages } : {}) });
}
