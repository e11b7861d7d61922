import { NATIONAL, regionName } from '../regions/regions';
import { toCsv, toJson } from '../site/data-export';
import type { DataRow } from '../site/view-models';
import { notFound, unavailable } from './errors';
import type { ArchivePorts } from './ports';
import { REVISION } from './stats';
import type { ReportRow } from './types';

/**
 * The downloads (/data/{year}.csv|json, /data/all.csv|json) are files in the published prefix,
 * rebuilt from the rows when the statistics revision has moved past the one they were built from.
 * A small year is rebuilt on the request that finds it stale; a large one is left to the scheduled
 * export, and the request gets the last build.
 */
export const DOWNLOAD_KINDS = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;
export type DownloadKind = keyof typeof DOWNLOAD_KINDS;
export type DownloadYear = number | 'all';

export const downloadName = (year: DownloadYear, kind: DownloadKind) => `${year}.${kind}`;
export const downloadKey = (year: DownloadYear, kind: DownloadKind) => `public/data/${downloadName(year, kind)}`;

/** Above this many reports a stale download is not rebuilt inside a page request. */
export const INLINE_REBUILD_LIMIT = 5000;

const toDataRow = (r: ReportRow): DataRow => ({
  agency: r.agency,
  agencyName: r.agencyName,
  region: r.region ?? null,
  regionName: r.region ? regionName(r.region) : null,
  year: r.year,
  format: r.format,
  version: r.version,
  checked: r.checked,
  errors: r.errors,
  warnings: r.warnings,
  published: r.published ?? null,
  cells: r.cells,
  unread: r.unread,
});

/** Builds both files of a year (or of all years) from the rows and records the revision they show. */
export async function buildDownloads(ports: Pick<ArchivePorts, 'index' | 'archive' | 'now'>, year: DownloadYear, rev: number): Promise<void> {
  const rows: DataRow[] = [];
  await ports.index.listRows(year, (r) => rows.push(toDataRow(r)));
  const generatedAt = ports.now().toISOString();
  await Promise.all([
    ports.archive.put(downloadKey(year, 'csv'), toCsv(rows), DOWNLOAD_KINDS.csv),
    ports.archive.put(downloadKey(year, 'json'), toJson(rows, { year, generatedAt }), DOWNLOAD_KINDS.json),
  ]);
  await ports.index.putExportState(year, { rev, builtAt: generatedAt });
}

/** The revision the statistics are at and the one the files were built from. */
async function revisions(ports: Pick<ArchivePorts, 'index'>, year: DownloadYear) {
  const [stats, state] = await Promise.all([ports.index.getStats(year, NATIONAL), ports.index.getExportState(year)]);
  return { current: stats?.[REVISION] ?? 0, reports: stats?.reports ?? 0, built: state };
}

export async function getDownload(ports: Pick<ArchivePorts, 'index' | 'archive' | 'now'>, year: DownloadYear, kind: DownloadKind) {
  const { current, reports, built } = await revisions(ports, year);
  if (year !== 'all' && current === 0) throw notFound(`${year} 年度的数据`);
  if (!built || (built.rev < current && reports <= INLINE_REBUILD_LIMIT)) await buildDownloads(ports, year, current);
  const obj = await ports.archive.get(downloadKey(year, kind));
  if (!obj) throw unavailable('数据文件暂时无法读取，请稍后重试');
  const state = await ports.index.getExportState(year);
  return { bytes: obj.bytes, contentType: DOWNLOAD_KINDS[kind], name: downloadName(year, kind), builtAt: state?.builtAt ?? '', rev: state?.rev ?? 0 };
}

/** For the scheduled export: every download whose statistics moved since it was built. */
export async function rebuildStale(ports: Pick<ArchivePorts, 'index' | 'archive' | 'now'>): Promise<DownloadYear[]> {
  const { years } = await ports.index.statsMeta();
  const done: DownloadYear[] = [];
  for (const year of [...years, 'all' as const]) {
    const { current, built } = await revisions(ports, year);
    if (!built || built.rev < current) {
      await buildDownloads(ports, year, current);
      done.push(year);
    }
  }
  return done;
}
