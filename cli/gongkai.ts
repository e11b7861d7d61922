import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkAs, type IdentityHints, type IdentityProblem } from '../shared/agency-match';
import { problemType } from '../shared/archive/errors';
import { checkReport, type CheckResult } from '../shared/check-report';
import { describeUnread } from '../shared/rules/coverage';

const USAGE = `用法 / usage:
  gongkai validate <file> [--json] [--agency NAME] [--year N]
                                       check a report as an upload by that agency would be checked;
                                       exit 0 ok, 1 validation errors, tables not read (未能校验) or refused,
                                       2 unreadable
  gongkai render <file> [-o out.html]  render the report page (stdout unless -o)
  gongkai schema                       print the report model's JSON Schema`;

function read(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (err) {
    process.stderr.write(`gongkai: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}\n`);
    process.exit(2);
  }
}

const check = (file: string): Promise<CheckResult> => checkReport(read(file), { filename: basename(file) });

/** `--name value` from the arguments. */
const option = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i !== -1 ? args[i + 1] : undefined;
};
const WITH_VALUE = new Set(['-o', '--agency', '--year']);

/** The hints an upload gets from its token and ?year=, so the verdict is an upload's. */
function hints(args: string[]): IdentityHints {
  const agency = option(args, '--agency');
  const year = option(args, '--year');
  if (year !== undefined && !/^\d{4}$/.test(year)) {
    process.stderr.write(`gongkai: --year 应为四位数年份: ${year}\n`);
    process.exit(2);
  }
  return { agency: agency ? { name: agency } : undefined, year: year ? Number(year) : undefined };
}

/** Parse, check, and cross-check the agency and year as the upload does. */
async function checkAsUpload(file: string, args: string[]): Promise<CheckResult & { problem?: IdentityProblem }> {
  const r = await check(file);
  if (r.error) return r;
  const as = checkAs(r, hints(args));
  if (!as.ok) return { ...r, ok: false, problem: as.problem };
  return { ...r, ok: as.passed, checked: as.checked, unread: as.unread, report: as.report, findings: as.findings, messages: as.messages };
}

function printHuman(file: string, r: CheckResult & { problem?: IdentityProblem }): void {
  const out: string[] = [];
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
  process.stdout.write(`${out.join('\n')}\n`);
}

/** 0 checked and no errors, 1 errors or not (fully) checked, 2 unreadable. */
const exitCode = (r: CheckResult) => (r.error ? 2 : r.ok && r.checked ? 0 : 1);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const files = rest.filter((a, i) => !a.startsWith('-') && !WITH_VALUE.has(rest[i - 1]!));
  if (command === 'schema') {
    const { reportJsonSchema } = await import('../shared/model/json-schema');
    process.stdout.write(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if ((command === 'validate' || command === 'render') && files.length === 1) {
    const file = files[0]!;
    if (command === 'validate') {
      const result = await checkAsUpload(file, rest);
      if (rest.includes('--json')) {
        const { input: _input, problem, ...json } = result as CheckResult & { input?: unknown; problem?: IdentityProblem };
        const refused = problem
          ? { problem: { type: problemType(problem.slug), status: problem.status, title: problem.title, detail: problem.detail, ...problem.extra } }
          : {};
        process.stdout.write(`${JSON.stringify({ ...json, ...refused })}\n`);
      } else printHuman(file, result);
      return exitCode(result);
    }
    const result = await check(file);
    if (result.error) {
      process.stderr.write(`gongkai: ${file}: ${result.error.message}\n`);
      return 2;
    }
    const { renderReport } = await import('../shared/render/render-report');
    const html = renderReport(result);
    const o = rest.indexOf('-o');
    if (o !== -1 && rest[o + 1]) writeFileSync(rest[o + 1]!, html);
    else process.stdout.write(html);
    return result.ok ? 0 : 1;
  }
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}

// `gongkai … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
