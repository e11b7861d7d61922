import { checkAs } from '../check/agency-match';
import { must } from '../model/must';
import { checkReport } from '../check/check-report';
import type { Finding, ParseMessage } from '../model/findings';
import type { Report } from '../model/report';
import { INPUT_KINDS } from '../parse/input-kinds';
import { renderReport } from '../render/render-report';
import { VersionTaken } from '../storage/ports';
import { changedCells } from './changed-cells';
import { spreadRetry } from './spread-retry';
import { AppError, identityError } from './errors';
import { parseProblem } from './parse-problems';
import { objectKeys, reportLinks } from './keys';
import type { ArchivePorts } from './ports';
import type { Agency, DerivedRecord, ReportRow, VersionRecord } from './types';
import { refreshAround } from './derived-findings';
import { currentFindings, loadDocument } from './stored-documents';
import { searchText } from './search-text';
import { recordRow } from './stats';
import { publishListing, unlistVersion } from './withdrawals';
import { reportCells } from '../model/report-cells';

export interface Submission {
  agency: Agency;
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, hex */
  sha256: string;
  contentType?: string;
  filename?: string;
  /** false: store a report with validation errors (imports of already published reports) */
  strict: boolean;
  /** ?year=: the report year when the document states none */
  year?: number;
  /** told what the use case learns on the way (how long the parse took, what the rules found), for metrics */
  observe?: SubmitObserver;
}

export interface SubmitObserver {
  /** the time to read the file and run the single-report checks on it */
  parsed?(input: { kind: string; ms: number }): void;
  /** the findings of a report checked for storing: before the strict refusal, never for a repeat of stored bytes */
  checked?(findings: readonly Finding[]): void;
}

export interface SubmitResult {
  status: 200 | 201;
  body: {
    agency: string;
    year: number;
    version: number;
    sha256: string;
    links: ReturnType<typeof reportLinks>;
    findings: Finding[];
    hasErrors: boolean;
    /** what the parser and the cross-check noted (a title without the agency's name, say) */
    messages: ParseMessage[];
    /** false: statistics could not be read, so the report was archived unchecked */
    checked: boolean;
  };
}

/** Enough for every contender of a burst to win its turn: each round commits exactly one. */
const MAX_COMMIT_ATTEMPTS = 100;

/**
 * Upload: parse, check, archive, index. Objects are written first and the version item last,
 * so the index never points at a missing object; the conditional put of `V#n` is the commit
 * point, which makes version numbers gapless and concurrent uploads safe without transactions.
 */
export async function submitReport(ports: ArchivePorts, s: Submission): Promise<SubmitResult> {
  const hash = s.sha256;
  const started = performance.now();
  const checked = await checkReport(s.bytes, { contentType: s.contentType, filename: s.filename });
  if (checked.error) throw parseProblem(checked.error, checked.messages);
  s.observe?.parsed?.({ kind: checked.input.kind, ms: performance.now() - started });
  // The token decides whose report it is; the title is a cross-check, ?year= fills a missing year.
  const as = checkAs(checked, { agency: s.agency, year: s.year });
  if (!as.ok) throw identityError(as.problem);
  const { report, messages, year } = as;

  // Number and hash of every version: enough to see a repeat without reading whole records.
  let hashes = await ports.index.versionHashes(s.agency.id, year);
  // The newest version of these bytes: after cells were typed in, that is the completed one.
  const same = hashes.findLast((v) => v.sha256 === hash);
  if (same) return unchanged(same.version);

  // The version's own checks; what depends on other reports (the year before and after, the same
  // year's other reports, the deadline) is derived after the commit and kept beside it.
  const findings = as.findings;
  const { checked: complete, unread } = as;
  s.observe?.checked?.(findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (errors > 0 && s.strict) {
    throw new AppError('validation-failed', `报告有 ${errors} 处错误，未保存。请改正后重新上传；已公开过的历史报告可选择按原样导入，错误会在报告页标出`, {
      year,
      errors,
      warnings,
      findings,
      messages,
    });
  }

  const kind = INPUT_KINDS[checked.input.kind];
  const ext = kind.ext;
  const contentType = kind.contentType.startsWith('text/') ? `${kind.contentType}; charset=${checked.input.encoding}` : kind.contentType;
  const html = renderReport({ report, findings, messages });

  // Content-addressed, so written once however many rounds a burst of uploads takes.
  const originalKey = objectKeys(s.agency.id, year, 0, hash, ext).original;
  await ports.archive.put(originalKey, s.bytes, contentType);
  const loaded = new Map<number, Report | undefined>();
  for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
    const last = hashes[hashes.length - 1]?.version ?? 0;
    const version = last + 1;
    if (last && !loaded.has(last)) {
      const record = await ports.index.getVersion(s.agency.id, year, last);
      loaded.set(last, record && (await loadReport(ports, record)));
    }
    const before = loaded.get(last);
    const diff = changedCells(before, report);
    const keys = objectKeys(s.agency.id, year, version, hash, ext);
    const record: VersionRecord = {
      agency: s.agency.id,
      year,
      version,
      sha256: hash,
      size: s.bytes.length,
      contentType,
      filename: s.filename ?? `${s.agency.id}-${year}-v${version}.${ext}`,
      createdAt: ports.now().toISOString(),
      format: report.format,
      title: report.title,
      ...listingFields(s.agency, report),
      errors,
      warnings,
      hasErrors: errors > 0,
      checked: complete,
      ...(complete ? {} : { unread }),
      keys,
      changedCells: diff.cells,
      ...(diff.truncated ? { changedCellsTruncated: true } : {}),
    };
    const document = {
      schemaVersion: 1,
      agency: s.agency.id,
      year,
      version,
      sha256: hash,
      createdAt: record.createdAt,
      report,
      checked: complete,
      unread,
      findings,
      messages,
    };
    await Promise.all([
      ports.archive.put(keys.json, JSON.stringify(document), 'application/json; charset=utf-8'),
      ports.archive.put(keys.html, html, 'text/html; charset=utf-8'),
    ]);
    try {
      await ports.index.commitVersion(record);
    } catch (err) {
      if (!(err instanceof VersionTaken)) throw err;
      // Someone committed this number first: re-read; the same bytes may be theirs.
      hashes = await ports.index.versionHashes(s.agency.id, year);
      const theirs = hashes.findLast((v) => v.sha256 === hash);
      if (theirs) return unchanged(theirs.version);
      // Spread the retries of many simultaneous uploads for the same year.
      await spreadRetry(attempt);
      continue;
    }
    const derived = await publishCommitted(ports, record, reportRow(s.agency, record, report), report);
    return {
      status: 201,
      body: {
        agency: s.agency.id,
        year,
        version,
        sha256: hash,
        links: reportLinks(s.agency.id, year, version),
        findings: currentFindings(findings, version, derived),
        hasErrors: errors > 0,
        checked: complete,
        messages,
      },
    };
  }
  throw new AppError('version-conflict', '同一年度的报告正在被同时上传，请稍后重试', { year });

  async function unchanged(number: number): Promise<SubmitResult> {
    const v = must(await ports.index.getVersion(s.agency.id, year, number), `version ${number}, whose bytes matched, is committed`);
    // The same bytes again must not bring a withdrawn version back into the listings; a listing that an
    // interrupted first attempt left on it (between its put and its check) is moved off it.
    if (v.withdrawn) {
      await unlistVersion(ports, v.agency, v.year, v.version);
      throw new AppError('version-withdrawn', `这份文件是已撤回的第 ${v.version} 版（撤回原因：${v.withdrawn.reason}），不能再次发布`, { year });
    }
    const doc = await loadDocument(ports, v);
    // The first attempt may have stopped between commit and listing: finish it (never moves back).
    const derived = doc
      ? await publishCommitted(ports, v, reportRow(s.agency, v, doc.report), doc.report)
      : await publishListing(ports, v).then(() => undefined);
    return {
      status: 200,
      body: {
        agency: v.agency,
        year: v.year,
        version: v.version,
        sha256: v.sha256,
        links: reportLinks(v.agency, v.year, v.version),
        findings: currentFindings(doc?.findings ?? [], v.version, derived ?? undefined),
        hasErrors: v.hasErrors,
        checked: v.checked ?? true,
        messages: (doc?.messages ?? []) as ParseMessage[],
      },
    };
  }
}

/** What a version carries of its agency for the listings (as registered when it was stored), and the document's date. */
export function listingFields(agency: Agency, report: Report) {
  return {
    region: agency.region,
    agencyName: agency.name,
    level: agency.level,
    search: searchText([agency.name, ...agency.aliases]),
    published: report.meta?.published ?? undefined,
  };
}

/**
 * After the commit point: the listing's copy moves forward, then the row and the statistics, then
 * the findings derived from the neighbouring reports. Every step is idempotent and never moves
 * back, so a retry of the same upload finishes what a failed one left.
 */
export async function publishCommitted(
  ports: Pick<ArchivePorts, 'index' | 'archive' | 'now'>,
  record: VersionRecord,
  row: ReportRow,
  /** the version's report when the caller has it (an upload), so it is not read back */
  report?: Report,
): Promise<DerivedRecord | undefined> {
  // Withdrawn meanwhile: the withdrawal counts and compares without it, so nothing more is done here.
  if (!(await publishListing(ports, record))) return undefined;
  await recordRow(ports, row);
  return refreshAround(ports, record.agency, record.year, ports.now, report && { year: record.year, version: record.version, report });
}

/** The data row of a committed version: what the downloads show and the statistics count. */
export function reportRow(agency: Agency, v: VersionRecord, report: Report): ReportRow {
  const cells = reportCells(report);
  return {
    agency: v.agency,
    agencyName: v.agencyName ?? agency.name,
    region: v.region,
    level: v.level ?? agency.level,
    year: v.year,
    version: v.version,
    format: v.format,
    checked: v.checked ?? true,
    errors: v.errors,
    warnings: v.warnings,
    published: v.published ?? report.meta?.published ?? undefined,
    cells: cells?.cells ?? {},
    unread: cells?.unread ?? [],
    entered: cells?.entered ?? [],
  };
}

const loadReport = async (ports: ArchivePorts, v: VersionRecord) => (await loadDocument(ports, v))?.report;
