import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { checkAs } from '../shared/check/agency-match';
import { parseToken } from '../shared/archive/tokens';
import { checkReport } from '../shared/check/check-report';
import { MAX_BODY_BYTES } from '../shared/http/types';
import { type ApiAnswer, ArchiveClient, DEFAULT_RETRY, isBusy, type RetryPolicy } from './archive-client';
import { type ParsedArgs, UsageError, parseArgs, rejectUnknown, value } from './args';
import { contentTypeOf, findReportFiles, type MappingEntry, readMapping, REPORT_EXTENSIONS } from './import-files';
import { type ImportRow, progressLine, summaryTable, writeResults } from './import-results';
import { cliParse } from './validate';

export const IMPORT_OPTIONS = new Set(['--endpoint', '--token', '--agencies', '--concurrency', '--report', '--strict']);
const WITH_VALUE = new Set(['--endpoint', '--token', '--agencies', '--concurrency', '--report']);
export const DEFAULT_RESULT_FILE = 'gongkai-import-results.csv';

export interface ImportOptions {
  dir: string;
  endpoint: string;
  token: string;
  /** the mapping CSV's path: required with the admin token */
  agencies?: string;
  strict: boolean;
  concurrency: number;
  report: string;
}

/** The options, checked; every mistake is a UsageError (exit 2). */
export function importOptions(args: string[], env: NodeJS.ProcessEnv = process.env): ImportOptions {
  const parsed: ParsedArgs = parseArgs(args, WITH_VALUE);
  rejectUnknown(parsed, IMPORT_OPTIONS);
  const [dir, ...extra] = parsed.positional;
  if (!dir) throw new UsageError('请给出要导入的文件夹：gongkai import <文件夹> --endpoint 地址 --token 令牌');
  if (extra.length) throw new UsageError(`只能导入一个文件夹，多出的参数：${extra.join(' ')}`);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // not there: said below
  }
  if (!isDir) throw new UsageError(`找不到文件夹 ${dir}`);
  const endpoint = value(parsed, '--endpoint') ?? env.GONGKAI_ENDPOINT;
  if (!endpoint) throw new UsageError('缺少 --endpoint：公开年报库的地址，如 http://127.0.0.1:3000');
  if (!/^https?:\/\/[^/]/.test(endpoint) || !URL.canParse(endpoint)) throw new UsageError(`--endpoint 应为 http:// 或 https:// 开头的地址：${endpoint}`);
  const token = value(parsed, '--token') ?? env.GONGKAI_TOKEN;
  if (!token) throw new UsageError('缺少 --token：本机关的上传令牌（gk_ 开头），或管理员令牌加 --agencies 对照表');
  const agencies = value(parsed, '--agencies');
  if (!parseToken(token) && !agencies) throw new UsageError('这不是机关上传令牌（gk_ 开头）；用管理员令牌导入时须用 --agencies 给出文件与机关的对照表');
  const strictOption = parsed.options.get('--strict');
  if (strictOption !== undefined && strictOption !== true && strictOption !== 'true' && strictOption !== 'false') {
    throw new UsageError(`--strict 只能是 true 或 false：${strictOption}`);
  }
  const concurrencyText = value(parsed, '--concurrency') ?? '4';
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 32) throw new UsageError(`--concurrency 应为 1 至 32 的整数：${concurrencyText}`);
  const report = resolve(value(parsed, '--report') ?? DEFAULT_RESULT_FILE);
  if (!/\.(csv|json)$/i.test(report)) throw new UsageError(`--report 的文件名应以 .csv 或 .json 结尾：${report}`);
  return { dir, endpoint, token, agencies, strict: strictOption !== 'false', concurrency, report };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The first findings in words, for the result file; the archive's page has them all. */
function findingsSummary(findings: unknown): string {
  if (!Array.isArray(findings) || findings.length === 0) return '';
  const list = findings as { rule: string; severity: string; message: string }[];
  const ordered = [...list.filter((f) => f.severity === 'error'), ...list.filter((f) => f.severity !== 'error')];
  const shown = ordered.slice(0, 3).map((f) => `${f.severity === 'error' ? '错误' : '提醒'} ${f.rule}：${f.message}`);
  return `${shown.join('；')}${list.length > 3 ? `；等共 ${list.length} 条` : ''}`;
}

const countSeverity = (findings: unknown, severity: string) =>
  Array.isArray(findings) ? findings.filter((f: { severity?: string }) => f.severity === severity).length : ('' as const);

/** A row from the archive's answer to an upload. */
function rowFromAnswer(base: ImportRow, a: ApiAnswer): ImportRow {
  if (a.failure) return { ...base, status: 'failed', http: '', detail: a.failure };
  const body = a.json ?? {};
  if (a.status === 200 || a.status === 201) {
    return {
      ...base,
      status: a.status === 201 ? 'stored' : 'unchanged',
      agency: String(body.agency ?? base.agency),
      year: typeof body.year === 'number' ? body.year : base.year,
      version: typeof body.version === 'number' ? body.version : '',
      http: a.status,
      errors: countSeverity(body.findings, 'error'),
      warnings: countSeverity(body.findings, 'warning'),
      detail: findingsSummary(body.findings),
    };
  }
  const detail = [body.detail ?? `HTTP ${a.status}`, findingsSummary(body.findings)].filter(Boolean).join(' — ');
  // Busy or broken on the archive's side: nothing wrong with the file, a later run may store it.
  const failed = isBusy(a) || a.status >= 500;
  return {
    ...base,
    status: failed ? 'failed' : 'refused',
    year: typeof body.year === 'number' ? body.year : base.year,
    http: a.status,
    errors: typeof body.errors === 'number' ? body.errors : countSeverity(body.findings, 'error'),
    warnings: typeof body.warnings === 'number' ? body.warnings : countSeverity(body.findings, 'warning'),
    detail,
  };
}

/** The year an upload would be filed under, when the file says (or the mapping gives) it. */
async function localYear(bytes: Uint8Array, filename: string, year: number | undefined): Promise<number | undefined> {
  const checked = await checkReport(bytes, { filename }, {}, cliParse);
  if (checked.error) return year;
  const as = checkAs(checked, { year });
  return as.ok ? as.year : undefined;
}

/** Runs `work` over `items`, at most `n` at a time. */
async function pool<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  // One iterator shared by the workers: each takes the next item still untaken.
  const queue = items.values();
  const worker = async () => {
    for (const item of queue) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

export interface Progress {
  start(total: number): void;
  done(row: ImportRow, count: number): void;
  stop(): void;
}

/** A bar on a terminal; one line per file otherwise (logs, CI, pipes). */
export async function progressFor(stream: NodeJS.WriteStream): Promise<Progress> {
  let total = 0;
  if (!stream.isTTY) {
    return {
      start: (n) => {
        total = n;
      },
      done: (row, count) => stream.write(`${progressLine(count, total, row)}\n`),
      stop: () => {},
    };
  }
  // A CommonJS package: bundled, its exports arrive as the default export.
  const loaded = await import('cli-progress');
  const { SingleBar, Presets } = loaded.default ?? loaded;
  const bar = new SingleBar({ stream, format: '导入 [{bar}] {value}/{total} {file}', hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  return {
    start: (n) => bar.start(n, 0, { file: '' }),
    done: (row) => bar.increment(1, { file: `${row.status} ${row.file}` }),
    stop: () => bar.stop(),
  };
}

export interface ImportRun {
  rows: ImportRow[];
  /** tokens issued for the run that could not be revoked afterwards: the admin must revoke them */
  unrevoked: { agency: string; tokenId: string }[];
  ignored: number;
}

/** The import itself: every file in the folder, its outcome as a row. */
export async function runImport(o: ImportOptions, progress: Progress, policy: RetryPolicy = DEFAULT_RETRY): Promise<ImportRun> {
  const { files, ignored } = findReportFiles(o.dir, [o.report, ...(o.agencies ? [o.agencies] : [])]);
  if (files.length === 0) throw new UsageError(`文件夹 ${o.dir} 中没有报告文件（${REPORT_EXTENSIONS.join(' ')}）`);
  const mapping: Map<string, MappingEntry> | undefined = o.agencies ? readMapping(o.agencies, files) : undefined;
  const client = new ArchiveClient(o.endpoint, policy);
  const admin = !parseToken(o.token);

  // The admin token is no upload credential: the run gets one upload token per agency and revokes it at the end.
  const issued = new Map<string, Promise<{ token: string; tokenId?: string } | { refused: ApiAnswer }>>();
  const tokenFor = (agency: string) => {
    if (!admin) return Promise.resolve({ token: o.token });
    let t = issued.get(agency);
    if (!t) {
      t = client
        .issueToken(o.token, agency)
        .then((a) => (a.status === 201 && typeof a.json?.token === 'string' ? { token: a.json.token, tokenId: String(a.json.tokenId) } : { refused: a }));
      issued.set(agency, t);
    }
    return t;
  };

  // With an agency token and no mapping, whose files these are is learned from the first answer.
  let learnedAgency: string | undefined;
  // A token the archive does not accept will not be accepted for the next file either.
  let stopped: string | undefined;

  const rows: ImportRow[] = [];
  let count = 0;
  const finish = (row: ImportRow) => {
    rows.push(row);
    progress.done(row, ++count);
  };

  async function importOne(file: string): Promise<void> {
    const base: ImportRow = { file, sha256: '', agency: '', year: '', status: 'failed', version: '', http: '', errors: '', warnings: '', detail: '' };
    const entry = mapping?.get(file);
    if (mapping && !entry) return finish({ ...base, status: 'skipped', detail: '对照表中没有这个文件，未上传：请在对照表中写明它属于哪个机关' });
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(o.dir, file));
    } catch (err) {
      return finish({ ...base, detail: `无法读取文件：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
    const row: ImportRow = { ...base, sha256: sha256(bytes), agency: entry?.agency ?? learnedAgency ?? '' };
    if (stopped) return finish({ ...row, detail: stopped });
    const year = await localYear(bytes, basename(file), entry?.year);
    if (year !== undefined) row.year = year;
    // Already archived (a resumed run): nothing to send. When the year is unknown here the upload answers 200 instead.
    if (row.agency && year !== undefined) {
      const held = await client.storedHashes(row.agency, year);
      const version = held.ok ? held.hashes.get(row.sha256) : undefined;
      if (version !== undefined) return finish({ ...row, status: 'unchanged', version, http: 200, detail: '公开年报库已有这份文件，未重复上传' });
    }
    const credential = await tokenFor(row.agency);
    if ('refused' in credential) {
      if (credential.refused.status === 401) stopped = `管理员令牌未被接受，已停止上传其余文件：${credential.refused.json?.detail ?? 'HTTP 401'}`;
      return finish(rowFromAnswer(row, credential.refused));
    }
    const filename = basename(file);
    const large = bytes.length > MAX_BODY_BYTES;
    // Large uploads are filed by the token alone, checked strictly, with the year the file states.
    const answer = large
      ? await client.largeUpload(credential.token, bytes, { filename, contentType: contentTypeOf(file) })
      : await client.upload(credential.token, bytes, { filename, agency: entry?.agency, year: entry?.year, strict: o.strict });
    const result = rowFromAnswer(row, answer);
    if (large && (!o.strict || entry?.year !== undefined) && result.status === 'refused') {
      result.detail += '（超过 4 MB 的文件经大文件通道上传，不支持 --strict=false 和对照表中的 year）';
    }
    if (answer.status === 401) stopped = `令牌未被接受，已停止上传其余文件：${answer.json?.detail ?? 'HTTP 401'}`;
    if (!mapping && !learnedAgency && (answer.status === 200 || answer.status === 201)) learnedAgency = result.agency;
    finish(result);
  }

  /** A file whose handling broke in an unforeseen way is a failed row, not the end of the run. */
  const importSafely = (file: string) =>
    importOne(file).catch((err: unknown) =>
      finish({
        file,
        sha256: '',
        agency: '',
        year: '',
        status: 'failed',
        version: '',
        http: '',
        errors: '',
        warnings: '',
        detail: `内部错误：${(err as Error).message}`,
      }),
    );
  // Ctrl-C: the files under way finish, the rest are listed as not uploaded, and the run's tokens are revoked.
  const interrupt = () => {
    stopped = '导入被中断（Ctrl-C），这个文件未上传：重新运行即可继续';
    process.stderr.write('\n正在停止：等待正在上传的文件完成……（再按一次 Ctrl-C 立即退出）\n');
  };
  process.once('SIGINT', interrupt);

  progress.start(files.length);
  const unrevoked: ImportRun['unrevoked'] = [];
  try {
    let i = 0;
    // One at a time until the agency is known, so the later files can be checked against what is archived.
    while (!mapping && !learnedAgency && !stopped && i < files.length) {
      const file = files[i++];
      if (file !== undefined) await importSafely(file);
    }
    await pool(files.slice(i), o.concurrency, importSafely);
  } finally {
    process.removeListener('SIGINT', interrupt);
    progress.stop();
    for (const [agency, t] of issued) {
      const got = await t;
      if (!('tokenId' in got) || !got.tokenId) continue;
      const r = await client.revokeToken(o.token, agency, got.tokenId);
      if (r.status !== 204 && r.status !== 200) unrevoked.push({ agency, tokenId: got.tokenId });
    }
  }
  const order = new Map(files.map((f, i) => [f, i]));
  // Every row is one of the files.
  rows.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return { rows, unrevoked, ignored };
}

/** `gongkai import`: 0 when every file is stored or already archived, 1 otherwise. */
export async function importCommand(args: string[]): Promise<number> {
  const o = importOptions(args);
  const progress = await progressFor(process.stderr);
  const run = await runImport(o, progress);
  writeResults(o.report, run.rows);
  if (run.ignored) process.stderr.write(`另有 ${run.ignored} 个文件不是报告文件类型（${REPORT_EXTENSIONS.join(' ')}），未处理\n`);
  process.stdout.write(`${summaryTable(run.rows, o.report)}\n`);
  for (const t of run.unrevoked) {
    process.stderr.write(
      `gongkai: 本次导入为“${t.agency}”签发的上传令牌 ${t.tokenId} 未能吊销，请管理员手动吊销（DELETE /v1/agencies/${t.agency}/tokens/${t.tokenId}）\n`,
    );
  }
  const skipped = run.rows.filter((r) => r.status === 'skipped').length;
  if (skipped) process.stderr.write(`有 ${skipped} 个文件不在对照表中，未上传：请补全对照表后重新运行\n`);
  const ok = run.rows.every((r) => r.status === 'stored' || r.status === 'unchanged');
  return ok && run.unrevoked.length === 0 ? 0 : 1;
}
