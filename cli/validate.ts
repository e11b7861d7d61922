import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkAs, type IdentityHints, type IdentityProblem } from '../shared/check/agency-match';
import { problemType } from '../shared/archive/errors';
import { problemSpec } from '../shared/archive/problem-catalogue';
import { checkReport, type CheckResult } from '../shared/check/check-report';
import { ISOLATION_LIMITS, IsolatedParser } from '../shared/parse/isolated-parse';
import type { Parse } from '../shared/parse/pipeline';
import type { Report } from '../shared/model/report';
import { describeUnread } from '../shared/rules/coverage';
import { hasErrors, validate } from '../shared/rules/validate';
import { type ParsedArgs, UsageError, parseArgs, rejectUnknown, value } from './args';

export const VALIDATE_OPTIONS = new Set(['--json', '--agency', '--year', '--previous']);
const WITH_VALUE = new Set(['--agency', '--year', '--previous']);

/** A file that could not be read: a message for stderr, exit 2. */
export class Unreadable extends Error {}

/** The bytes of a file, or of stdin for `-`. */
export function readInput(file: string): Uint8Array {
  try {
    return file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (err) {
    throw new Unreadable(`无法读取${file === '-' ? '标准输入' : `文件 ${file}`}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export const displayName = (file: string) => (file === '-' ? '（标准输入）' : file);

/**
 * The CLI's isolated parser: the same worker, budget and heap cap as the archive's functions (a
 * file the archive would refuse as too complex is refused here), but a document waits for a free
 * worker as long as it takes, however many `gongkai import` checks at once.
 */
let parser: IsolatedParser | undefined;
export const cliParse: Parse = (bytes, options) => {
  parser ??= new IsolatedParser({ ...ISOLATION_LIMITS, maxQueued: Number.POSITIVE_INFINITY, maxQueueMs: Number.POSITIVE_INFINITY });
  return parser.parse(bytes, options);
};

export const check = (file: string): Promise<CheckResult> => {
  const bytes = readInput(file);
  return checkReport(bytes, { filename: file === '-' ? undefined : basename(file) }, {}, cliParse);
};

/** The hints an upload gets from its token and ?year=, so the verdict is an upload's. */
function hints(parsed: ParsedArgs): IdentityHints {
  const agency = value(parsed, '--agency');
  const year = value(parsed, '--year');
  if (year !== undefined && !/^\d{4}$/.test(year)) throw new UsageError(`--year 应为四位数年份：${year}`);
  return { agency: agency ? { name: agency } : undefined, year: year ? Number(year) : undefined };
}

type Verdict = CheckResult & { problem?: IdentityProblem };

/** Parse, check, cross-check the agency and year as the upload does, and compare with last year's report when given. */
async function checkAsUpload(file: string, h: IdentityHints, previous: Report | undefined): Promise<Verdict> {
  const r = await check(file);
  if (r.error) return r;
  const as = checkAs(r, h);
  if (!as.ok) return { ...r, ok: false, problem: as.problem };
  // The cross-year rules, as the archive runs them when last year's report is stored.
  const findings = previous ? validate(as.report, { previous, messages: r.messages }) : as.findings;
  const ok = previous ? as.checked && !hasErrors(findings) : as.passed;
  return { ...r, ok, checked: as.checked, unread: as.unread, report: as.report, findings, messages: as.messages };
}

function printHuman(file: string, r: Verdict, out: string[]): void {
  if (r.error) {
    out.push(`${file}: 无法读取为年度报告 — ${r.error.message} [${r.error.code}]`);
  } else if (r.problem) {
    out.push(`${file}: 不能上传 — ${r.problem.detail} [${r.problem.slug}]`);
  } else {
    out.push(
      `${file}: ${r.report.agency || '（机关不详）'} ${r.report.year ?? '（年度不详）'} 年度报告，${r.report.format} 格式（${r.input.kind}，${r.input.encoding}）`,
    );
    const errors = r.findings.filter((f) => f.severity === 'error');
    const warnings = r.findings.filter((f) => f.severity === 'warning');
    if (!r.checked) out.push(`未能校验：${r.unread.map((u) => describeUnread(r.report.format, u)).join('；')} 未能读出`);
    else out.push(errors.length + warnings.length === 0 ? '校验通过：未发现问题' : `校验结果：${errors.length} 个错误，${warnings.length} 个提醒`);
    if (!r.checked && errors.length + warnings.length > 0) out.push(`已读出部分的校验结果：${errors.length} 个错误，${warnings.length} 个提醒`);
    for (const f of r.findings) out.push(`  ${f.severity === 'error' ? '错误' : '提醒'} ${f.rule}: ${f.message}`);
  }
  for (const m of r.messages) out.push(`  提示 ${m.code}${m.position?.line ? ` (第 ${m.position.line} 行)` : ''}: ${m.message}`);
}

function asJson(r: Verdict): Record<string, unknown> {
  const { input: _input, problem, ...json } = r as Verdict & { input?: unknown };
  const spec = problem && problemSpec(problem.slug);
  const refused =
    problem && spec ? { problem: { type: problemType(problem.slug), status: spec.status, title: spec.title, detail: problem.detail, ...problem.extra } } : {};
  return { ...json, ...refused };
}

/** 0 checked and no errors, 1 errors or not (fully) checked, 2 unreadable. */
const exitCode = (r: CheckResult) => (r.error ? 2 : r.ok && r.checked ? 0 : 1);

/** The report --previous names, read as any report; one that cannot be read stops the command. */
async function previousReport(file: string | undefined): Promise<Report | undefined> {
  if (file === undefined) return undefined;
  const r = await check(file);
  if (r.error) throw new Unreadable(`--previous ${displayName(file)} 无法读取为年度报告：${r.error.message}`);
  return r.report;
}

/**
 * `gongkai validate <file>… [--json] [--agency NAME] [--year N] [--previous FILE]`: each file
 * checked as an upload would be; the exit code is the worst of them.
 */
export async function validateCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, WITH_VALUE);
  rejectUnknown(parsed, VALIDATE_OPTIONS);
  const files = parsed.positional;
  if (files.length === 0) throw new UsageError('请给出要校验的文件（- 表示从标准输入读取）');
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('标准输入（-）只能读取一次');
  const h = hints(parsed);
  const json = parsed.options.has('--json');
  let previous: Report | undefined;
  try {
    previous = await previousReport(value(parsed, '--previous'));
  } catch (err) {
    if (!(err instanceof Unreadable)) throw err;
    process.stderr.write(`gongkai: ${err.message}\n`);
    return 2;
  }
  let worst = 0;
  for (const file of files) {
    let result: Verdict;
    try {
      result = await checkAsUpload(file, h, previous);
    } catch (err) {
      if (!(err instanceof Unreadable)) throw err;
      process.stderr.write(`gongkai: ${err.message}\n`);
      worst = 2;
      continue;
    }
    if (previous && typeof previous.year === 'number' && typeof result.report?.year === 'number' && previous.year !== result.report.year - 1) {
      process.stderr.write(`gongkai: 提示：--previous 是 ${previous.year} 年度的报告，不是 ${displayName(file)}（${result.report.year} 年度）的上一年度\n`);
    }
    if (json) {
      // One object a line; with several files each names its file.
      process.stdout.write(`${JSON.stringify(files.length > 1 ? { file: displayName(file), ...asJson(result) } : asJson(result))}\n`);
    } else {
      const out: string[] = [];
      printHuman(displayName(file), result, out);
      process.stdout.write(`${out.join('\n')}\n`);
    }
    worst = Math.max(worst, exitCode(result));
  }
  return worst;
}
