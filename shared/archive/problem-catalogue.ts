/**
 * Every problem the archive answers with, once: its HTTP status, its English title, its Chinese
 * title, and a Retry-After where the wait is fixed. Domain errors name a slug from here and carry
 * only their detail, so the same condition cannot answer with two statuses or two waits.
 */
interface ProblemSpec {
  status: number;
  title: string;
  zh: string;
  /** seconds; a limit whose wait depends on the window passes its own header instead */
  retryAfter?: number;
}

const UNREADABLE = 'The file cannot be read as a report';

export const PROBLEMS = {
  'bad-request': { status: 400, title: 'Bad request', zh: '请求不正确' },
  'bad-cursor': { status: 400, title: 'Invalid cursor', zh: '分页参数无效' },
  'empty-body': { status: 400, title: 'Empty body', zh: '没有收到文件' },
  'size-mismatch': { status: 400, title: 'Size mismatch', zh: '文件大小不符' },
  'no-file-part': { status: 400, title: 'No file in the form', zh: '表单里没有文件' },
  'multiple-file-parts': { status: 400, title: 'More than one file in the form', zh: '表单中有多个文件' },
  'incomplete-form': { status: 400, title: 'Incomplete form', zh: '表单不完整' },
  'cells-empty': { status: 400, title: 'No cells', zh: '没有填写格子' },
  'cells-unknown': { status: 400, title: 'Unknown cells', zh: '格子不存在' },
  'cells-bad-value': { status: 400, title: 'Bad cell values', zh: '格子数值无效' },
  unauthorized: { status: 401, title: 'Unauthorized', zh: '需要登录' },
  forbidden: { status: 403, title: 'Forbidden', zh: '没有权限' },
  'direct-access': { status: 403, title: 'Forbidden', zh: '请通过网站地址访问' },
  'not-found': { status: 404, title: 'Not found', zh: '没有找到' },
  'agency-exists': { status: 409, title: 'Agency exists', zh: '机关标识已被使用' },
  'agency-in-use': { status: 409, title: 'Agency has reports', zh: '机关已有报告' },
  'version-conflict': { status: 409, title: 'Too many concurrent uploads', zh: '正在被同时上传', retryAfter: 1 },
  'version-withdrawn': { status: 409, title: 'Version withdrawn', zh: '该版本已撤回' },
  'version-not-latest': { status: 409, title: 'Not the latest version', zh: '不是最新版本' },
  withdrawn: { status: 410, title: 'Version withdrawn', zh: '该版本已撤回' },
  'payload-too-large': { status: 413, title: 'Payload too large', zh: '文件过大' },
  'response-too-large': { status: 413, title: 'Response too large', zh: '结果过大' },
  'unsupported-media-type': { status: 415, title: UNREADABLE, zh: '文件格式不支持' },
  'validation-failed': { status: 422, title: 'The report has validation errors', zh: '报告有错误' },
  'cells-no-tables': { status: 422, title: 'The report has no tables', zh: '报告没有统计表' },
  'cells-not-unread': { status: 422, title: 'Cells already read', zh: '格子已经读出' },
  'too-complex': { status: 422, title: 'The document is too complex to read', zh: '文件过于复杂' },
  'not-a-report': { status: 422, title: UNREADABLE, zh: '不是年报' },
  'corrupt-pdf': { status: 422, title: UNREADABLE, zh: 'PDF 文件已损坏' },
  'encrypted-document': { status: 422, title: UNREADABLE, zh: '文件已加密' },
  'agency-mismatch': { status: 422, title: 'The report names another agency', zh: '报告属于其他机关' },
  'year-missing': { status: 422, title: 'The report year is missing', zh: '报告缺少年度' },
  'year-mismatch': { status: 422, title: 'The stated year contradicts the report', zh: '年度与报告不符' },
  'too-many-uploads': { status: 429, title: 'Too many uploads', zh: '上传次数过多' },
  'too-many-logins': { status: 429, title: 'Too many sign-in attempts', zh: '登录尝试过多' },
  internal: { status: 500, title: 'Internal error', zh: '服务器内部错误' },
  // Storage did not answer; the request did nothing and may be sent again.
  'storage-unavailable': { status: 503, title: 'Service unavailable', zh: '存储服务暂时不可用', retryAfter: 2 },
  // Storage answered, but other writers to the same derived rows kept winning: a shorter wait.
  unavailable: { status: 503, title: 'Busy', zh: '正在同时更新', retryAfter: 1 },
  // The function's time ran out before it could answer: it may or may not have stored; sending the same file again is safe.
  'timed-out': { status: 503, title: 'Timed out', zh: '处理超时', retryAfter: 5 },
  'parser-busy': { status: 503, title: 'Too many documents are being read', zh: '正在读取的文件过多', retryAfter: 2 },
} as const satisfies Record<string, ProblemSpec>;

export type ProblemSlug = keyof typeof PROBLEMS;

export const problemSpec = (slug: ProblemSlug): ProblemSpec => PROBLEMS[slug];
/** The status a problem answers with; the audit trail records it with the slug. */
export const problemStatus = (slug: ProblemSlug): number => PROBLEMS[slug].status;
