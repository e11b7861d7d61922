import { $ZodError } from 'zod/v4/core';
import { AppError, badRequest, unavailable } from '../archive/errors';
import { problemSpec } from '../archive/problem-catalogue';
import { StorageUnavailable } from '../storage/ports';

/**
 * A failure as the problem every surface answers with: the problem+json of the API (middleware.ts)
 * and the HTML pages of the site and the console render what this returns, so a request that failed
 * its schema is one bad-request and storage that did not answer is one storage-unavailable (with one
 * Retry-After) wherever it happens. Undefined for anything else: a bug, a 500 that says nothing.
 * `lead` says what was wrong in the surface's words (a link's parameters on a page).
 */
export function problemOf(err: unknown, lead = '请求参数不正确'): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof $ZodError) {
    return badRequest(
      `${lead}：${err.issues.map((i) => `${i.path.join('.') || '请求'} ${i.message}`).join('；')}`,
      err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  if (err instanceof StorageUnavailable) return unavailable();
  if (isEarlyTimeout(err)) {
    return new AppError('timed-out', '请求没有在时限内处理完，结果未能确认：请稍后重试。上传报告时可以放心重新上传同一份文件：已经保存的不会再产生新的版本');
  }
  return undefined;
}

/**
 * middy's answer just before Lambda's timeout: a request that waited too long (a burst on deadline
 * day), not a bug. Said as a 503 to retry, not a 500, so a clerk's client sends the file again.
 */
const isEarlyTimeout = (err: unknown) =>
  err instanceof Error && err.name === 'TimeoutError' && (err.cause as { package?: string } | undefined)?.package === '@middy/core';

/**
 * A problem's HTTP side, from the catalogue: the status, the English title (problem+json's) and the
 * Chinese one (a page's heading), and the headers, the fixed Retry-After first and then the error's
 * own (a limit's wait). problem+json and the pages use it.
 */
export function answerOf(problem: AppError): { status: number; title: string; zh: string; headers: Record<string, string> } {
  const { status, title, zh, retryAfter } = problemSpec(problem.slug);
  return { status, title, zh, headers: retryAfter === undefined ? problem.headers : { 'retry-after': String(retryAfter), ...problem.headers } };
}
