import { writeFileSync } from 'node:fs';
import { csvField } from '../shared/archive/csv-field';

export const STATUSES = ['stored', 'unchanged', 'refused', 'failed', 'skipped'] as const;
export type ImportStatus = (typeof STATUSES)[number];

/** One file's outcome: a row of the result file. */
export interface ImportRow {
  file: string;
  sha256: string;
  agency: string;
  year: number | '';
  status: ImportStatus;
  version: number | '';
  /** the HTTP status of the last answer; '' when nothing was asked of the archive */
  http: number | '';
  errors: number | '';
  warnings: number | '';
  /** why, in Chinese: the problem's detail and the first findings */
  detail: string;
}

export const COLUMNS = [
  'file',
  'sha256',
  'agency',
  'year',
  'status',
  'version',
  'http',
  'errors',
  'warnings',
  'detail',
] as const satisfies readonly (keyof ImportRow)[];

const LABELS: Record<ImportStatus, string> = {
  stored: '已保存',
  unchanged: '已有相同文件，未重复上传',
  refused: '被拒绝',
  failed: '失败（可重新运行）',
  skipped: '跳过',
};

/** CSV with a BOM, so Excel opens the Chinese as UTF-8; JSON when the name ends in .json. */
export function writeResults(path: string, rows: readonly ImportRow[]): void {
  if (path.toLowerCase().endsWith('.json')) {
    writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const lines = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvField(r[c])).join(','))];
  writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
}

export function countByStatus(rows: readonly ImportRow[]): Record<ImportStatus, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ImportStatus, number>;
  for (const r of rows) counts[r.status]++;
  return counts;
}

/** The table printed at the end of a run. */
export function summaryTable(rows: readonly ImportRow[], resultPath: string): string {
  const counts = countByStatus(rows);
  const width = Math.max(...STATUSES.map((s) => String(counts[s]).length), String(rows.length).length);
  const line = (label: string, key: string, n: number) => `  ${String(n).padStart(width)}  ${key.padEnd(9)} ${label}`;
  return [
    '导入结果 / import summary',
    ...STATUSES.map((s) => line(LABELS[s], s, counts[s])),
    line('合计', 'total', rows.length),
    `逐个文件的结果：${resultPath}`,
  ].join('\n');
}

/** One line of plain progress (stderr is not a terminal). */
export function progressLine(done: number, total: number, r: ImportRow): string {
  const where = r.agency ? ` ${r.agency}${r.year ? ` ${r.year}` : ''}${r.version ? ` 第 ${r.version} 版` : ''}` : '';
  const why = r.status === 'stored' || r.status === 'unchanged' ? '' : ` — ${r.detail}`;
  return `[${done}/${total}] ${r.status} ${r.file}${where}${why}`;
}
