import { randomUUID } from 'node:crypto';
import { NATIONAL, regionName } from '../regions/regions';
import { TABLE_KEYS } from '../model/keys';
import { type HeaderLabels, toCsv, toJson } from './data-export';
import type { DataRow } from './view-models';
import { notFound, unavailable } from './errors';
import type { ArchivePorts } from './ports';
import { readStats, REVISION } from './stats';
import type { DerivedRecord, ExportState, ReportRow } from './types';

/**
 * The downloads (/data/{year}.csv|json, /data/all.csv|json) are files in the published prefix,
 * rebuilt from the rows when the statistics revision has moved past the one they were built from.
 * Each build writes its own pair of files and then records itself, so a page never serves a CSV of
 * one build with the JSON of another, and a slow build can never overwrite a newer one. A small
 * year is rebuilt on the request that finds it stale; a large one is left to the scheduled export.
 */
export const DOWNLOAD_KINDS = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;
export type DownloadKind = keyof typeof DOWNLOAD_KINDS;
export type DownloadYear = number | 'all';

export const downloadName = (year: DownloadYear, kind: DownloadKind) => `${year}.${kind}`;
/** The CSV with the Chinese header is a file of its own, so a large one is served from the CDN like the others. */
const fileName = (build: string, kind: DownloadKind, labels: HeaderLabels) => (kind === 'csv' && labels === 'zh' ? `${build}.zh.csv` : `${build}.${kind}`);
/** Under public/, which the files CDN serves: a large download is fetched from there. */
export const downloadPath = (year: DownloadYear, build: string, kind: DownloadKind, labels: HeaderLabels = 'keys') =>
  `data/${year}/${fileName(build, kind, labels)}`;
const downloadKey = (year: DownloadYear, build: string, kind: DownloadKind, labels: HeaderLabels = 'keys') =>
  `public/${downloadPath(year, build, kind, labels)}`;

/** Above this many reports a stale download is not rebuilt inside a page request. */
export const INLINE_REBUILD_LIMIT = 5000;
/**
 * The rows are listed through an index that may lag its table by a moment: a build that read the
 * statistics this soon after they changed may have missed a row, so it is built once more later.
 */
export const SETTLE_MS = 5000;

type Ports = Pick<ArchivePorts, 'index' | 'archive' | 'now'>;

/**
 * A row as the downloads give it. The publication date is the one the report's page shows (its
 * derived record: the document's 发布日期, else its signature date, else its first upload), with
 * where it came from; without a record for this version, the 发布日期 the row kept. A report none
 * of whose tables were read names the tables in `unread`, not nothing.
 */
const toDataRow = (r: ReportRow, d: DerivedRecord | undefined): DataRow => {
  const derived = d?.version === r.version ? d : undefined;
  const published = derived ? (derived.dateKnown ? derived.published : null) : r.published ? { date: r.published, source: 'published' as const } : null;
  const nothingRead = !r.checked && r.unread.length === 0 && Object.keys(r.cells).length === 0;
  return {
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
    published: published?.date ?? null,
    publishedSource: published?.source ?? null,
    cells: r.cells,
    unread: nothingRead ? [...TABLE_KEYS] : r.unread,
    entered: r.entered ?? [],
  };
};

/** The statistics as a build would read them. */
async function revision(ports: Pick<ArchivePorts, 'index'>, year: DownloadYear) {
  const stats = await readStats(ports.index, year, NATIONAL);
  return { rev: stats?.[REVISION] ?? 0, changedAt: stats?.changedAt ?? 0, reports: stats?.reports ?? 0 };
}

/** Builds both files of a year (or of all years) from the rows, then records the build. */
export async function buildDownloads(ports: Ports, year: DownloadYear): Promise<ExportState> {
  const { rev, changedAt } = await revision(ports, year);
  const stored: ReportRow[] = [];
  await ports.index.listRows(year, (r) => stored.push(r));
  // The derived records, 100 to a request: the publication dates the report pages show.
  const derived = new Map((await ports.index.getDerivedMany(stored.map((r) => ({ agency: r.agency, year: r.year })))).map((d) => [`${d.agency}#${d.year}`, d]));
  const rows = stored.map((r) => toDataRow(r, derived.get(`${r.agency}#${r.year}`)));
  const builtAt = ports.now().toISOString();
  const build = `r${rev}-${randomUUID().slice(0, 8)}`;
  await Promise.all([
    ports.archive.put(downloadKey(year, build, 'csv'), toCsv(rows), DOWNLOAD_KINDS.csv),
    ports.archive.put(downloadKey(year, build, 'csv', 'zh'), toCsv(rows, 'zh'), DOWNLOAD_KINDS.csv),
    ports.archive.put(downloadKey(year, build, 'json'), toJson(rows, { year, generatedAt: builtAt }), DOWNLOAD_KINDS.json),
  ]);
  const state = { rev, build, builtAt, changedAt, zhCsv: true };
  await ports.index.putExportState(year, state);
  return state;
}

/** Whether a build no longer shows the archive: a later revision, or built before the index settled. */
function stale(state: ExportState | undefined, current: { rev: number; changedAt: number }, now: number): boolean {
  // A build from before the Chinese-header CSV (and the publication dates) existed is built again.
  if (!state || state.rev < current.rev || !state.zhCsv) return true;
  const builtAt = Date.parse(state.builtAt);
  return builtAt - state.changedAt < SETTLE_MS && now - builtAt >= SETTLE_MS;
}

/** A download; `labels: 'zh'` is the CSV with the Chinese header row. */
export async function getDownload(ports: Ports, year: DownloadYear, kind: DownloadKind, labels: HeaderLabels = 'keys') {
  const [current, recorded] = await Promise.all([revision(ports, year), ports.index.getExportState(year)]);
  if (year !== 'all' && current.rev === 0) throw notFound(`${year} 年度的数据`);
  let state = recorded;
  if (!state || (stale(state, current, ports.now().getTime()) && current.reports <= INLINE_REBUILD_LIMIT)) state = await buildDownloads(ports, year);
  // A large year built before the Chinese header existed has none yet: the scheduled export builds it.
  if (labels === 'zh' && !state.zhCsv) throw unavailable('带中文表头的数据文件正在生成，请几分钟后重试');
  const obj = await ports.archive.get(downloadKey(year, state.build, kind, labels));
  if (!obj) throw unavailable('数据文件暂时无法读取，请稍后重试');
  return {
    bytes: obj.bytes,
    contentType: DOWNLOAD_KINDS[kind],
    name: labels === 'zh' && kind === 'csv' ? `${year}.zh.csv` : downloadName(year, kind),
    path: downloadPath(year, state.build, kind, labels),
    builtAt: state.builtAt,
    rev: state.rev,
  };
}

/** For the scheduled export: every download whose statistics moved since it was built. */
export async function rebuildStale(ports: Ports): Promise<DownloadYear[]> {
  const { years } = await ports.index.statsMeta();
  const done: DownloadYear[] = [];
  for (const year of [...years, 'all' as const]) {
    const [current, state] = await Promise.all([revision(ports, year), ports.index.getExportState(year)]);
    if (stale(state, current, ports.now().getTime())) {
      await buildDownloads(ports, year);
      done.push(year);
    }
  }
  return done;
}
