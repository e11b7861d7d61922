import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PATH, readSample } from '../support/fixtures';
import { defined } from '../support/defined';

// The CLI as a user runs it: the bundled bin (built by `npm test` / `npm ci`).
const BIN = fileURLToPath(new URL('../../bin/gongkai.mjs', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));

/** The sample with 自然人 本年新收 changed from 0 to 5: T3_BALANCE and T3_ROW_TOTAL break. */
function brokenSample(): string {
  const text = readSample().toString('utf8');
  const at = text.indexOf('一、本年新收政府信息公开申请数量');
  const zero = text.indexOf('\t0', at);
  const path = join(dir, 'broken.txt');
  writeFileSync(path, `${text.slice(0, zero)}\t5${text.slice(zero + 2)}`);
  return path;
}

describe('gongkai validate', () => {
  it('exits 0 and says so for the sample', () => {
    const r = run('validate', SAMPLE_PATH);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('北京市密云区科学技术委员会 2021 年度报告');
    expect(r.stdout).toContain('校验通过');
  });

  it('--json prints exactly one JSON object with ok, report, findings, messages', () => {
    const r = run('validate', SAMPLE_PATH, '--json');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(defined(lines[0]));
    expect(Object.keys(json).sort()).toEqual(['checked', 'findings', 'messages', 'ok', 'report', 'unread']);
    expect(json.ok).toBe(true);
    expect(json.checked).toBe(true);
    expect(json.unread).toEqual([]);
    expect(json.report.agency).toBe('北京市密云区科学技术委员会');
  });

  it('exits 1 with the clerk-readable finding when the arithmetic is broken', () => {
    const path = brokenSample();
    const human = run('validate', path);
    expect(human.status).toBe(1);
    expect(human.stdout).toContain('表三 自然人 列：第一项+第二项=5，第三项+第四项=0');
    const json = JSON.parse(run('validate', path, '--json').stdout);
    expect(json.ok).toBe(false);
    expect(json.findings.map((f: { rule: string }) => f.rule).sort()).toEqual(['T3_BALANCE', 'T3_ROW_TOTAL']);
  });

  it('--agency and --year give the verdict an upload by that agency would get', () => {
    const own = run('validate', SAMPLE_PATH, '--agency', '北京市密云区科学技术委员会', '--year', '2021');
    expect(own.status).toBe(0);
    expect(own.stdout).toContain('校验通过');

    const other = run('validate', SAMPLE_PATH, '--agency', '北京市海淀区人民政府');
    expect(other.status).toBe(1);
    expect(other.stdout).toContain('[agency-mismatch]');
    expect(other.stdout).toContain('“北京市密云区科学技术委员会”，不是本机关“北京市海淀区人民政府”');
    const json = JSON.parse(run('validate', SAMPLE_PATH, '--agency', '北京市海淀区人民政府', '--json').stdout);
    expect(json.ok).toBe(false);
    expect(json.problem).toMatchObject({
      type: 'urn:gongkai:problem:agency-mismatch',
      status: 422,
      title: 'The report names another agency',
      named: '北京市密云区科学技术委员会',
      agency: '北京市海淀区人民政府',
    });

    const year = run('validate', SAMPLE_PATH, '--year', '2020');
    expect(year.status).toBe(1);
    expect(year.stdout).toContain('[year-mismatch]');
  });

  it('a report without a year is refused as an upload would be, unless --year supplies it', () => {
    const path = join(dir, 'no-year.txt');
    writeFileSync(path, readSample().toString('utf8').replace('2021年政府信息公开工作年度报告', '政府信息公开工作年度报告'));
    const refused = run('validate', path);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('[year-missing]');
    const json = JSON.parse(run('validate', path, '--year', '2021', '--json').stdout);
    expect(json.ok).toBe(true);
    expect(json.report.year).toBe(2021);
  });

  it('exits 1 with 未能校验 and the missing table when table 三 could not be read', () => {
    const text = readSample().toString('utf8');
    // Table 三 cut out: from its first row label up to the heading of section 四.
    const from = text.indexOf('一、本年新收政府信息公开申请数量');
    const to = text.indexOf('四、政府信息公开行政复议');
    const path = join(dir, 'no-table-3.txt');
    writeFileSync(path, text.slice(0, from) + text.slice(to));
    const human = run('validate', path);
    expect(human.status).toBe(1);
    expect(human.stdout).toContain('未能校验：表三');
    expect(human.stdout).not.toContain('校验通过');
    const json = JSON.parse(run('validate', path, '--json').stdout);
    // Not read in full is not "ok", though no rule found an error in what was read.
    expect(json.ok).toBe(false);
    expect(json.checked).toBe(false);
    expect(json.unread).toEqual([{ table: 'applications', rows: expect.arrayContaining(['newReceived', 'denied.stateSecret', 'carriedForward']) }]);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toEqual(['UNCHECKED']);
  });

  it('exits 2 with an error object for input that is not a report', () => {
    const path = join(dir, 'image.png');
    writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const r = run('validate', path, '--json');
    expect(r.status).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.ok).toBe(false);
    expect(json.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(run('validate', join(dir, 'missing.txt')).status).toBe(2);
  });
});

describe('gongkai render and schema', () => {
  it('render -o writes a standalone page', () => {
    const out = join(dir, 'sample.html');
    expect(run('render', SAMPLE_PATH, '-o', out).status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(html).toContain('<table id="t-applications">');
  });

  it('schema prints a JSON Schema that names the canonical keys', () => {
    const r = run('schema');
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const text = JSON.stringify(schema);
    for (const key of ['newReceived', 'carriedForward', 'stateSecret', 'noCorrection', 'suitAfterReview', 'amountWan', 'procurement', 'reviewLitigation']) {
      expect(text).toContain(`"${key}"`);
    }
  });

  it('usage for an unknown command exits 2', () => {
    const r = run('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('不认识的命令 frobnicate');
    expect(r.stderr).toContain('gongkai validate');
  });

  it('no arguments prints the usage and exits 2; --help prints it and exits 0', () => {
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('gongkai import <文件夹> --endpoint 地址 --token 令牌');
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--previous 文件');
    expect(help.stdout).toContain('gongkai import');
  });
});

describe('gongkai validate: several files, stdin, last year', () => {
  it('checks every file and exits with the worst code', () => {
    const broken = brokenSample();
    const r = run('validate', SAMPLE_PATH, broken);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${SAMPLE_PATH}: 北京市密云区科学技术委员会 2021 年度报告`);
    expect(r.stdout).toContain('校验通过');
    expect(r.stdout).toContain(`${broken}: 北京市密云区科学技术委员会 2021 年度报告`);
    expect(r.stdout).toContain('校验结果：2 个错误，0 个提醒');

    const missing = join(dir, 'missing.txt');
    const worst = run('validate', SAMPLE_PATH, missing, broken);
    expect(worst.status).toBe(2);
    expect(worst.stderr).toBe(`gongkai: 无法读取文件 ${missing}：ENOENT\n`);
    // The unreadable file does not stop the others.
    expect(worst.stdout).toContain(`${broken}: 北京市密云区科学技术委员会 2021 年度报告`);
  });

  it('--json with several files prints one object a line, each naming its file', () => {
    const broken = brokenSample();
    const r = run('validate', SAMPLE_PATH, broken, '--json');
    expect(r.status).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.file, l.ok])).toEqual([
      [SAMPLE_PATH, true],
      [broken, false],
    ]);
  });

  it('- reads the report from stdin', () => {
    const r = spawnSync(process.execPath, [BIN, 'validate', '-'], { encoding: 'utf8', input: readSample() });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('（标准输入）: 北京市密云区科学技术委员会 2021 年度报告');
    expect(r.stdout).toContain('校验通过');
  });

  it('--previous runs the cross-year rules: a carried-forward count that does not carry over is a CARRY_OVER finding', () => {
    const text = readSample().toString('utf8');
    // Last year's report: 结转下年度继续办理 自然人 = 3.
    const at = text.indexOf('四、结转下年度继续办理');
    const zero = text.indexOf('\t0', at);
    const previous = join(dir, 'previous-2021.txt');
    writeFileSync(previous, `${text.slice(0, zero)}\t3${text.slice(zero + 2)}`);
    // This year's: the same report for 2022, whose 上年结转 自然人 is still 0.
    const current = join(dir, 'current-2022.txt');
    writeFileSync(current, text.replaceAll('2021年', '2022年'));

    const alone = run('validate', current);
    expect(alone.status).toBe(0);
    expect(alone.stdout).not.toContain('CARRY_OVER');

    const r = run('validate', current, '--previous', previous);
    // Cross-year findings are warnings: the report still passes.
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('北京市密云区科学技术委员会 2022 年度报告');
    expect(r.stdout).toContain('提醒 CARRY_OVER: 表三 自然人 列：上年报告“结转下年度继续办理”为 3，本年“上年结转”却是 0');
    expect(r.stdout).toContain('提醒 BOILERPLATE: 报告的叙述部分（总体情况、存在的主要问题及改进情况、其他需要报告的事项）与本机关上一年度报告约 100% 相同');
    const json = JSON.parse(run('validate', current, '--previous', previous, '--json').stdout);
    expect(json.findings.filter((f: { rule: string }) => f.rule === 'CARRY_OVER')).toEqual([
      expect.objectContaining({ severity: 'warning', column: 'naturalPerson', expected: 3, actual: 0 }),
    ]);
  });

  it('--previous that cannot be read, and a bad option, are told in Chinese with exit 2', () => {
    const missing = join(dir, 'no-previous.txt');
    const r = run('validate', SAMPLE_PATH, '--previous', missing);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`gongkai: 无法读取文件 ${missing}：ENOENT\n`);
    const typo = run('validate', SAMPLE_PATH, '--previus', missing);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('不认识的选项 --previus');
    const year = run('validate', SAMPLE_PATH, '--year', '21');
    expect(year.status).toBe(2);
    expect(year.stderr).toContain('--year 应为四位数年份：21');
  });
});
