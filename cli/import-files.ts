import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UsageError } from './args';

/** The kinds of file the archive reads; anything else in the folder is left alone. */
export const REPORT_EXTENSIONS = ['.txt', '.htm', '.html', '.doc', '.docx', '.pdf'] as const;

/** A path relative to the import folder, with forward slashes: how files are named in the mapping and the results. */
export const normalizeRelative = (p: string) => posix.normalize(p.trim().replace(/\\/g, '/')).replace(/^(\.\/)+/, '');

/**
 * Every report file under `dir`, relative to it, sorted. Hidden files and folders (a leading dot)
 * are skipped, and so are the paths in `exclude` (the result file, the mapping).
 */
export function findReportFiles(dir: string, exclude: readonly string[] = []): { files: string[]; ignored: number } {
  const skip = new Set(exclude.map((p) => resolve(p)));
  const files: string[] = [];
  let ignored = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !skip.has(resolve(full))) {
        const lower = entry.name.toLowerCase();
        if (REPORT_EXTENSIONS.some((ext) => lower.endsWith(ext))) files.push(relative(dir, full).split(sep).join('/'));
        else ignored++;
      }
    }
  };
  walk(dir);
  return { files: files.sort(), ignored };
}

export interface MappingEntry {
  agency: string;
  year?: number;
}

const AGENCY_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * The mapping CSV (`file,agency[,year]`, paths relative to the folder): whose report each file is.
 * Every mistake in it is collected and reported at once, before anything is uploaded.
 */
export function readMapping(csvPath: string, files: readonly string[]): Map<string, MappingEntry> {
  let text: string;
  try {
    text = readFileSync(csvPath, 'utf8');
  } catch (err) {
    throw new UsageError(`无法读取对照表 ${csvPath}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new UsageError(`对照表 ${csvPath} 不是有效的 CSV：${(err as Error).message}`);
  }
  const header = Object.keys(records[0] ?? {});
  if (!header.includes('file') || !header.includes('agency')) {
    throw new UsageError(`对照表 ${csvPath} 应有表头 file,agency（可加 year 列），且至少有一行`);
  }
  const known = new Set(files);
  const mapping = new Map<string, MappingEntry>();
  const problems: string[] = [];
  /** The row's problem in words, or its entry. */
  const entryOf = (r: Record<string, string>): string | [string, MappingEntry] => {
    const file = normalizeRelative(r.file ?? '');
    const agency = r.agency ?? '';
    const year = r.year ?? '';
    if (!file) return '缺少文件名';
    if (!AGENCY_ID.test(agency)) return `机关标识“${agency}”格式不正确（应为小写字母、数字和连字符）`;
    if (year && !(/^\d{4}$/.test(year) && Number(year) >= 2000 && Number(year) <= 2100)) return `年度“${year}”应为 2000 至 2100 的四位数年份`;
    if (mapping.has(file)) return `文件 ${file} 重复出现`;
    if (!known.has(file)) return `文件夹中没有报告文件 ${file}`;
    return [file, { agency, ...(year ? { year: Number(year) } : {}) }];
  };
  records.forEach((r, i) => {
    const got = entryOf(r);
    // Line 1 is the header.
    if (typeof got === 'string') problems.push(`对照表第 ${i + 2} 行：${got}`);
    else mapping.set(...got);
  });
  if (problems.length) throw new UsageError(`对照表 ${csvPath} 有 ${problems.length} 处问题，未上传任何文件：\n  ${problems.join('\n  ')}`);
  return mapping;
}

/** The Content-Type a large upload announces, from the file's extension (the archive decides by the bytes anyway). */
export function contentTypeOf(file: string): string {
  const ext = file.toLowerCase().slice(file.lastIndexOf('.'));
  const types: Record<string, string> = {
    '.pdf': 'application/pdf',
    '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    '.doc': 'application/msword',
    '.htm': 'text/html',
    '.html': 'text/html',
    '.txt': 'text/plain',
  };
  return types[ext] ?? 'application/octet-stream';
}
