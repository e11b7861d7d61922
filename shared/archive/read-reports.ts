import { INPUT_KINDS, type InputKindDef } from '../parse/input-kinds';
import { notFound, unavailable } from './errors';
import { reportLinks } from './keys';
import type { ArchivePorts } from './ports';
import { publicVersion } from './withdrawals';
import type { ListQuery, VersionRecord } from './types';

type ReadPorts = Pick<ArchivePorts, 'index' | 'archive'>;

/** Withdrawn versions answer 410 (their tombstone); without a number, the newest still public. */
const pickVersion = (ports: ReadPorts, agency: string, year: number, version?: number): Promise<VersionRecord> => publicVersion(ports, agency, year, version);

const summary = (v: VersionRecord) => ({
  agency: v.agency,
  year: v.year,
  version: v.version,
  title: v.title,
  format: v.format,
  region: v.region ?? null,
  errors: v.errors,
  warnings: v.warnings,
  hasErrors: v.hasErrors,
  // Records from before the check was recorded were all read table by table.
  checked: v.checked ?? true,
  ...(v.unread ? { unread: v.unread } : {}),
  sha256: v.sha256,
  createdAt: v.createdAt,
  links: reportLinks(v.agency, v.year, v.version),
});

export async function getReport(ports: ReadPorts, agency: string, year: number, version?: number) {
  // The document's decoder (the report model's schemas, the rules' ids) and the cell tables are built for the route that reads one, not for listings.
  const [v, { currentFindings, derivedSummary, loadDocument }, { enteredKeys }] = await Promise.all([
    pickVersion(ports, agency, year, version),
    import('./stored-documents'),
    import('../rules/enter-cells'),
  ]);
  const [doc, stored] = await Promise.all([loadDocument(ports, v), ports.index.getDerived(agency, year)]);
  // The index only names objects after they were written; a missing one is a storage fault.
  if (!doc) throw unavailable('报告内容暂时无法读取，请稍后重试');
  const derived = stored?.version === v.version ? stored : undefined;
  return {
    ...summary(v),
    size: v.size,
    report: doc.report,
    // Typed in by the agency, never read from the file: the keys, and who typed them when (the token's id stays in the audit).
    entered: enteredKeys(doc.report),
    entries: (doc.entries ?? []).map(({ version, at, agency, cells }) => ({ version, at, agency, cells })),
    findings: currentFindings(doc.findings, v.version, derived),
    derived: derived ? derivedSummary(derived) : null,
    messages: doc.messages,
  };
}

export async function getObject(ports: ReadPorts, agency: string, year: number, which: 'html' | 'original', version?: number) {
  const v = await pickVersion(ports, agency, year, version);
  const obj = await ports.archive.get(v.keys[which]);
  if (!obj) throw unavailable('报告文件暂时无法读取，请稍后重试');
  return {
    ...obj,
    filename: v.filename,
    downloadName: downloadName(v),
    sha256: v.sha256,
    version: v.version,
    contentType: which === 'html' ? obj.contentType : v.contentType,
  };
}

/**
 * The name an original is served under: the archive's own, `{agency}-{year}-v{n}.{ext}`, with the
 * extension of the kind detected from its bytes. Never the uploaded name, which is the uploader's text
 * (it stays on record, cleaned, in the versions listing).
 */
export function downloadName(v: Pick<VersionRecord, 'agency' | 'year' | 'version' | 'contentType'>): string {
  const [mime = ''] = v.contentType.split(';');
  const type = mime.trim().toLowerCase();
  const kind = Object.values(INPUT_KINDS).find((k: InputKindDef) => k.contentType === type || k.aliases?.includes(type));
  return `${v.agency}-${v.year}-v${v.version}.${kind?.ext ?? 'bin'}`;
}

export async function listVersions(ports: ReadPorts, agency: string, year: number) {
  const all = await ports.index.listVersions(agency, year);
  if (all.length === 0) throw notFound(`${agency} ${year} 年度报告`);
  return {
    agency,
    year,
    versions: all.map((v) => ({
      version: v.version,
      createdAt: v.createdAt,
      sha256: v.sha256,
      size: v.size,
      /** the name it was uploaded under, invisible characters removed */
      filename: v.filename,
      errors: v.errors,
      warnings: v.warnings,
      hasErrors: v.hasErrors,
      checked: v.checked ?? true,
      changedCells: v.changedCells,
      ...(v.changedCellsTruncated ? { changedCellsTruncated: true } : {}),
      ...(v.withdrawn ? { withdrawn: { at: v.withdrawn.at, reason: v.withdrawn.reason } } : {}),
      links: reportLinks(agency, year, v.version),
    })),
  };
}

export async function listReports(ports: ReadPorts, query: ListQuery) {
  const page = await ports.index.listLatest(query);
  return { items: page.items.map(summary), nextCursor: page.nextCursor, ...(page.partial ? { partial: true } : {}) };
}
