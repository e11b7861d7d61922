import { createHash } from 'node:crypto';
import { checkAgencyNames } from './agencies';
import { notFound } from './errors';
import { PREFIXES } from './keys';
import type { ArchivePorts } from './ports';
import { recountWithout } from './stats';
import { refreshAround } from './derived-findings';
import { loadDocument, reportRow } from './submit-report';
import type { Agency, AgencyQuery, VersionRecord, Withdrawal } from './types';

/** The admin's operations on agencies and versions. Every change leaves an audit record. */

const profile = (a: Agency) => ({ id: a.id, name: a.name, region: a.region ?? null, level: a.level ?? null, aliases: a.aliases, createdAt: a.createdAt });

export async function listAgencies(ports: Pick<ArchivePorts, 'index'>, query: AgencyQuery) {
  const page = await ports.index.listAgencies(query);
  return { items: page.items.map(profile), nextCursor: page.nextCursor, ...(page.partial ? { partial: true } : {}) };
}

export interface AgencyEdit {
  name?: string;
  aliases?: string[];
  region?: string;
  level?: string;
}

const EDITABLE = ['name', 'aliases', 'region', 'level'] as const;

/**
 * Edits a profile (an alias after a 机构改革, say). The names follow registration's rules. Reports
 * already stored keep the name and region they were filed under until reindexed; new uploads are
 * matched against the edited names at once.
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
    before: Object.fromEntries(changed.map((k) => [k, current[k] ?? null])),
    after: Object.fromEntries(changed.map((k) => [k, next[k] ?? null])),
  });
  return profile(next);
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

  const left = (await ports.index.listVersions(agency, year)).filter((x) => !x.withdrawn && x.version !== version);
  const fallback = left[left.length - 1];
  await ports.index.replaceLatest(agency, year, version, fallback);
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
