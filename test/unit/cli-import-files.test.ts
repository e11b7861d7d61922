import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/args';
import { findReportFiles, readMapping } from '../../cli/import-files';
import { type ImportRow, writeResults } from '../../cli/import-results';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-files-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('the importer’s folder walk and mapping', () => {
  it('finds report files recursively, sorted, without hidden files, hidden folders or excluded paths', () => {
    const dir = folder({
      'b.PDF': '',
      'a/2021.docx': '',
      'a/2020.doc': '',
      'a/.~lock.docx': '',
      '.git/x.txt': '',
      'c/page.htm': '',
      'scan.jpg': '',
      'results.csv': '',
      'results.txt': '',
    });
    expect(findReportFiles(dir, [join(dir, 'results.txt')])).toEqual({ files: ['a/2020.doc', 'a/2021.docx', 'b.PDF', 'c/page.htm'], ignored: 2 });
  });

  it('reads file,agency[,year] with a BOM, ./ and backslashes, and names every bad row at once', () => {
    const dir = folder({
      'ok.csv': '\uFEFFFile,Agency,Year\r\n./a/2021.txt,miyun-kw,2021\r\na\\2020.txt,miyun-kw,\r\n',
      'bad.csv': 'file,agency,year\na/2021.txt,miyun-kw,21\na/2021.txt,miyun-kw,\nb.txt,,\n',
      'no-header.csv': 'a/2021.txt,miyun-kw\n',
    });
    const files = ['a/2020.txt', 'a/2021.txt'];
    expect([...readMapping(join(dir, 'ok.csv'), files)]).toEqual([
      ['a/2021.txt', { agency: 'miyun-kw', year: 2021 }],
      ['a/2020.txt', { agency: 'miyun-kw' }],
    ]);
    const bad = () => readMapping(join(dir, 'bad.csv'), files);
    expect(bad).toThrow(UsageError);
    expect(bad).toThrow('对照表第 2 行：年度“21”应为 2000 至 2100 的四位数年份');
    expect(bad).toThrow('对照表第 4 行：机关标识“”格式不正确');
    expect(() => readMapping(join(dir, 'no-header.csv'), files)).toThrow('应有表头 file,agency');
    expect(() => readMapping(join(dir, 'missing.csv'), files)).toThrow('无法读取对照表');
  });
});

describe('the result file', () => {
  const row: ImportRow = {
    file: '年报, 2021.txt',
    sha256: 'ab',
    agency: 'miyun-kw',
    year: 2021,
    status: 'refused',
    version: '',
    http: 422,
    errors: 2,
    warnings: 0,
    detail: '报告有 2 处错误，未保存 — 错误 T3_BALANCE：表三 "自然人"\n列',
  };

  it('CSV: a BOM, the header, cells with commas, quotes or line breaks quoted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-results-'));
    writeResults(join(dir, 'r.csv'), [row]);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe(
      '\uFEFFfile,sha256,agency,year,status,version,http,errors,warnings,detail\r\n' +
        '"年报, 2021.txt",ab,miyun-kw,2021,refused,,422,2,0,"报告有 2 处错误，未保存 — 错误 T3_BALANCE：表三 ""自然人""\n列"\r\n',
    );
  });

  it('JSON when the name ends in .json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-results-'));
    writeResults(join(dir, 'r.JSON'), [row]);
    expect(JSON.parse(readFileSync(join(dir, 'r.JSON'), 'utf8'))).toEqual([row]);
  });
});
