import type { ParseMessage } from '../model/findings';
import { renderReport } from '../render/render-report';
import { coverage } from '../rules/coverage';
import { enterCells } from '../rules/enter-cells';
import { cellsProblem } from './cells-problem';
import { validate } from '../rules/validate';
import { VersionTaken } from '../storage/ports';
import { changedCells } from './changed-cells';
import { AppError, notFound } from './errors';
import { objectKeys, reportLinks } from './keys';
import type { ArchivePorts } from './ports';
import { currentFindings, loadDocument } from './stored-documents';
import { listingFields, publishCommitted, reportRow, type SubmitResult } from './submit-report';
import type { Agency, VersionRecord } from './types';

/**
 * The clerk completes a report (issue 15): the cells version n left unread, typed in by the agency,
 * make version n+1 of the same original. Every check runs again on the completed tables, and the
 * answer is an upload's. The typed cells carry `source: "entered"` in the report, and the document
 * records who typed which cells in which version, so nothing shows them as read from the file.
 */

export interface TypedCells {
  agency: Agency;
  tokenId: string;
  year: number;
  version: number;
  cells: Readonly<Record<string, unknown>>;
  /** false: store the completed report even when its figures do not add up (as an upload's strict) */
  strict: boolean;
}

/** Who typed which cells, kept in the document of every version that carries them. */
export interface EntryRecord {
  version: number;
  at: string;
  agency: string;
  tokenId: string;
  cells: string[];
}

export type TypedCellsResult = SubmitResult & { body: SubmitResult['body'] & { entered: string[] } };

export async function enterTypedCells(ports: ArchivePorts, t: TypedCells): Promise<TypedCellsResult> {
  const { agency, year } = t;
  const v = await ports.index.getVersion(agency.id, year, t.version);
  if (!v) throw notFound(`${agency.name} ${year} 年度报告的第 ${t.version} 版`);
  if (v.withdrawn) throw new AppError('version-withdrawn', `第 ${v.version} 版已撤回，不能在它上面补录`, { year });
  const hashes = await ports.index.versionHashes(agency.id, year);
  const last = hashes[hashes.length - 1]?.version ?? v.version;
  if (last !== v.version) throw notLatest(v.version, last, year);
  const doc = await loadDocument(ports, v);
  if (!doc) throw notFound(`第 ${v.version} 版的读取结果`);

  const filled = enterCells(doc.report, t.cells);
  if (!filled.ok) throw cellsProblem(filled.problem, v.version, year);
  const report = filled.report;
  const messages = doc.messages as ParseMessage[];
  const findings = validate(report, { messages });
  const { checked, unread } = coverage(report);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (errors > 0 && t.strict) {
    throw new AppError('validation-failed', `补录后报告有 ${errors} 处错误，未保存：请核对填写的数字（已公开过的历史报告可选择按原样导入）`, {
      year,
      errors,
      warnings,
      findings,
      messages,
    });
  }

  const version = v.version + 1;
  const at = ports.now().toISOString();
  const typedNow = Object.keys(t.cells);
  const entries: EntryRecord[] = [
    ...(doc.entries ?? []),
    { version, at, agency: agency.id, tokenId: t.tokenId, cells: filled.entered.filter((k) => typedNow.includes(k)) },
  ];
  const ext = v.keys.original.slice(v.keys.original.lastIndexOf('.') + 1);
  const keys = { ...objectKeys(agency.id, year, version, v.sha256, ext), original: v.keys.original };
  const diff = changedCells(doc.report, report);
  const record: VersionRecord = {
    ...v,
    ...listingFields(agency, report),
    version,
    createdAt: at,
    errors,
    warnings,
    hasErrors: errors > 0,
    checked,
    unread: checked ? undefined : unread,
    keys,
    changedCells: diff.cells,
    changedCellsTruncated: diff.truncated ? true : undefined,
  };
  const document = {
    schemaVersion: 1,
    agency: agency.id,
    year,
    version,
    sha256: v.sha256,
    createdAt: at,
    report,
    checked,
    unread,
    entered: filled.entered,
    entries,
    findings,
    messages,
  };
  await Promise.all([
    ports.archive.put(keys.json, JSON.stringify(document), 'application/json; charset=utf-8'),
    ports.archive.put(keys.html, renderReport({ report, findings, messages }), 'text/html; charset=utf-8'),
  ]);
  try {
    await ports.index.commitVersion(record);
  } catch (err) {
    if (!(err instanceof VersionTaken)) throw err;
    // Another version arrived meanwhile: the cells were typed against what is no longer the newest.
    throw notLatest(v.version, version, year);
  }
  const derived = await publishCommitted(ports, record, reportRow(agency, record, report), report);
  return {
    status: 201,
    body: {
      agency: agency.id,
      year,
      version,
      sha256: v.sha256,
      links: reportLinks(agency.id, year, version),
      findings: currentFindings(findings, version, derived),
      hasErrors: errors > 0,
      checked,
      messages,
      entered: filled.entered,
    },
  };
}

const notLatest = (version: number, latest: number, year: number) =>
  new AppError('version-not-latest', `第 ${version} 版之后已有第 ${latest} 版：只能在最新一版上补录，请刷新后在第 ${latest} 版上填写`, {
    year,
    version,
    latest,
  });
