import { createHash } from 'node:crypto';
import { checkAgencyNames } from './agencies';
import { AppError, notFound } from './errors';
import { type AgencyKind, agencyKind } from '../rules/agency-kind';
import { PREFIXES } from './keys';
import type { ArchivePorts } from './ports';
import { recountWithout } from './stats';
import { refreshAround, refreshDerived } from './derived-findings';
import { loadDocument } from './stored-documents';
import { reportRow } from './submit-report';
import type { Agency, AgencyQuery, VersionRecord, Withdrawal } from './types';
import { unlistVersion } from './withdrawals';

/** The admin's operations on agencies and versions. Every change leaves an audit record. */

/**
 * `kind` as it decides the deadline: the stored one, or for a profile registered before kinds were
 * stored, the one its name suggests (`kindStored: false`: a PATCH of `kind` confirms it and
 * recomputes the deadlines derived before).
 */
const profile = (a: Agency) => ({
  id: a.id,
  name: a.name,
  region: a.region ?? null,
  level: a.level ?? null,
  kind: agencyKind(a),
  kindStored: a.kind !== undefined,
  aliases: a.aliases,
  createdAt: a.createdAt,
});

export async function listAgencies(ports: Pick<ArchivePorts, 'index'>, query: AgencyQuery) {
  const page = await ports.index.listAgencies(query);
  return { items: page.items.map(profile), nextCursor: page.nextCursor, ...(page.partial ? { partial: true } : {}) };
}

export interface AgencyEdit {
  name?: string;
  aliases?: string[];
  region?: string;
  level?: string;
  kind?: AgencyKind;
}

const EDITABLE = ['name', 'aliases', 'region', 'level', 'kind'] as const;
/** What the audit shows of a field: the kind in effect, not only a stored one. */
const shown = (a: Agency, k: (typeof EDITABLE)[number]) => (k === 'kind' ? agencyKind(a) : (a[k] ?? null));

/**
 * Edits a profile (an alias after a 机构改革, say). The names follow registration's rules. Reports
 * already stored keep the name and region they were filed under until reindexed; new uploads are
 * matched against the edited names at once. A change of kind (or an edit that changes the kind
 * inferred for an older profile) recomputes the deadline and LATE of every year the agency has:
 * the derived records are where the report page, the JSON and the coverage read them from.
 */
export async function updateAgency(ports: ArchivePorts, id: string, edit: AgencyEdit, request: { body: Uint8Array }) {
  const current = await ports.index.getAgency(id);
  if (!current) throw notFound(`机关“${id}”`);
  const next: Agency = { ...current, ...Object.fromEntries(EDITABLE.filter((k) => edit[k] !== undefined).map((k) => [k, edit[k]])) };
  checkAgencyNames(next);
  const changed = EDITABLE.filter((k) => JSON.stringify(current[k] ?? null) !== JSON.stringify(next[k] ?? null));
  const at = ports.now().toISOString();
  if (changed.length) {
    if (!(await ports.index.updateAgency({ ...next, updatedAt: at }))) throw notFound(`机关“${id}”`);
  }
  await ports.index.putAudit({
    agency: id,
    at,
    id: ports.newId(),
    actor: 'admin',
    action: 'agency-update',
    outcome: 'updated',
    status: 200,
    sha256: createHash('sha256').update(request.body).digest('hex'),
    size: request.body.length,
    errors: 0,
    warnings: 0,
    before: Object.fromEntries(changed.map((k) => [k, shown(current, k)])),
    after: Object.fromEntries(changed.map((k) => [k, shown(next, k)])),
  });
  // After the record of the change: a refresh that fails (503) leaves the edit stored and audited, and
  // the PATCH sent again, the same kind included, finishes it.
  if (edit.kind !== undefined || agencyKind(current) !== agencyKind(next)) await refreshDeadlines(ports, id);
  return profile(next);
}

/**
 * Recomputes the derived record (deadline, days late, LATE) of each year the agency has a public
 * report for. One agency's years: a handful of records, each under its optimistic rev, so an upload
 * deriving at the same time either reads the new kind or has its write refused and derives again.
 */
async function refreshDeadlines(ports: ArchivePorts, agency: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await ports.index.listLatest({ agency, limit: 100, cursor });
    for (const v of page.items) await refreshDerived(ports, agency, v.year, ports.now);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The report years the archive accepts (the model's bounds): where an agency's versions can be. */
const REPORT_YEARS = Array.from({ length: 2100 - 2000 + 1 }, (_, i) => 2000 + i);

/**
 * Removes an agency registered by mistake, with its tokens, so that no token of it can authenticate
 * again. An agency with report versions (withdrawn ones too: they are kept for the record) is never
 * removed: 409 with their number. The tokens go before the profile, so a removal that failed half
 * way is finished by sending it again. Both outcomes are audited under the agency.
 */
export async function deleteAgency(ports: ArchivePorts, id: string, request: { body: Uint8Array }) {
  const agency = await ports.index.getAgency(id);
  if (!agency) throw notFound(`机关“${id}”`);
  const audit = (outcome: 'deleted' | 'rejected', status: number, extra: object) =>
    ports.index.putAudit({
      agency: id,
      at: ports.now().toISOString(),
      id: ports.newId(),
      actor: 'admin',
      action: 'delete-agency',
      outcome,
      status,
      ...(request.body.length ? { sha256: createHash('sha256').update(request.body).digest('hex'), size: request.body.length } : {}),
      ...extra,
    });
  const versions = await ports.index.countVersions(id, REPORT_YEARS);
  if (versions > 0) {
    await audit('rejected', 409, { problem: 'agency-in-use' });
    throw new AppError(
      'agency-in-use',
      `该机构已有 ${versions} 个报告版本，不能删除：报告（包括已撤回的版本）须保留备查。如要停止它上传，请吊销它的令牌；名称有误请用 PATCH 修改`,
      { versions },
    );
  }
  const tokens: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.index.listTokens(id, 100, cursor);
    tokens.push(...page.items.map((t) => t.tokenId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  for (const tokenId of tokens) await ports.index.deleteToken(id, tokenId);
  await ports.index.deleteAgency(id);
  await audit('deleted', 204, { before: { ...profile(agency), tokens } });
}

export async function listAgencyTokens(ports: Pick<ArchivePorts, 'index'>, id: string, limit: number, cursor?: string) {
  if (!(await ports.index.getAgency(id))) throw notFound(`机关“${id}”`);
  const page = await ports.index.listTokens(id, limit, cursor);
  return { agency: id, items: page.items.map((t) => ({ id: t.tokenId, createdAt: t.createdAt, revokedAt: t.revokedAt ?? null })), nextCursor: page.nextCursor };
}

/** Where a withdrawn page is kept: outside public/, which the CDN serves. */
export const withdrawnKey = (publicKey: string) => `${PREFIXES.withdrawn}${publicKey.slice(PREFIXES.public.length)}`;

/**
 * Takes a version down: marks it (once), moves its page out of public/, moves the listing and the
 * statistics back to the newest version left (or removes them), and audits it. Every step is
 * idempotent, so a withdrawal that failed half way is finished by sending it again.
 */
export async function withdrawVersion(ports: ArchivePorts, ref: { agency: string; year: number; version: number }, reason: string) {
  const { agency, year, version } = ref;
  const v = await ports.index.getVersion(agency, year, version);
  if (!v) throw notFound(`${agency} ${year} 年度报告的第 ${version} 版`);
  const asked: Withdrawal = { at: ports.now().toISOString(), reason, actor: 'admin' };
  const withdrawal = (await ports.index.withdrawVersion(agency, year, version, asked)) ?? asked;

  // The rendered page is the only object under public/; originals and data were never public.
  if (v.keys.html.startsWith(PREFIXES.public)) {
    if (await ports.archive.copy(v.keys.html, withdrawnKey(v.keys.html))) await ports.archive.delete(v.keys.html);
  }

  const fallback = await unlistVersion(ports, agency, year, version);
  await recountWithout(ports, { agency, year }, version, fallback && (await fallbackRow(ports, fallback)));
  // The year after, and the reports that named this one as their source, are compared again without it.
  await refreshAround(ports, agency, year, ports.now);

  await ports.index.putAudit({
    agency,
    at: ports.now().toISOString(),
    id: ports.newId(),
    actor: 'admin',
    action: 'withdraw',
    outcome: 'withdrawn',
    status: 200,
    sha256: v.sha256,
    size: v.size,
    year,
    version,
    errors: v.errors,
    warnings: v.warnings,
    reason: withdrawal.reason,
  });
  return { agency, year, version, withdrawn: { at: withdrawal.at, reason: withdrawal.reason }, latestVersion: fallback?.version ?? null };
}

/** The row the statistics count again once the newer version is withdrawn. */
async function fallbackRow(ports: ArchivePorts, v: VersionRecord) {
  const [agency, doc] = await Promise.all([ports.index.getAgency(v.agency), loadDocument(ports, v)]);
  if (!doc) throw new Error(`document of ${v.agency} ${v.year} v${v.version} is missing`);
  return reportRow(agency ?? { id: v.agency, name: v.agencyName ?? v.agency, aliases: [], createdAt: v.createdAt }, v, doc.report);
}
