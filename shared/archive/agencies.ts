import { AlreadyExists } from '../storage/ports';
import { agencyNameProblem } from '../check/agency-name';
import { AppError, badRequest, notFound } from './errors';
import type { ArchivePorts } from './ports';
import { issueToken } from './tokens';
import type { Agency } from './types';
import { type AgencyKind, agencyKind, inferAgencyKind } from '../rules/agency-kind';

export interface NewAgency {
  id: string;
  name: string;
  region?: string;
  level?: string;
  /** inferred from the name, region and level when not given */
  kind?: AgencyKind;
  aliases?: string[];
}

/** Names the cross-check could match against any agency of a kind are refused (the edge checks too). */
export function checkAgencyNames(input: Pick<NewAgency, 'name' | 'aliases'>): void {
  const problem = agencyNameProblem(input.name) ?? (input.aliases ?? []).map((a) => agencyNameProblem(a, '别名')).find(Boolean);
  if (problem) throw badRequest(problem);
}

export async function registerAgency(ports: ArchivePorts, input: NewAgency) {
  checkAgencyNames(input);
  const now = ports.now().toISOString();
  const agency: Agency = {
    id: input.id,
    name: input.name,
    region: input.region,
    level: input.level,
    kind: input.kind ?? inferAgencyKind(input),
    aliases: input.aliases ?? [],
    createdAt: now,
  };
  try {
    await ports.index.putAgency(agency);
  } catch (err) {
    if (err instanceof AlreadyExists) throw new AppError('agency-exists', `机关标识“${input.id}”已被使用`);
    throw err;
  }
  const { token, record } = issueToken(agency.id, now);
  await ports.index.putToken(record);
  return { id: agency.id, kind: agency.kind, token, tokenId: record.tokenId };
}

/** A new token for the agency; the old ones stay valid until revoked. */
export async function rotateToken(ports: ArchivePorts, agencyId: string) {
  if (!(await ports.index.getAgency(agencyId))) throw notFound(`机关“${agencyId}”`);
  const { token, record } = issueToken(agencyId, ports.now().toISOString());
  await ports.index.putToken(record);
  return { id: agencyId, token, tokenId: record.tokenId };
}

export async function revokeToken(ports: ArchivePorts, agencyId: string, tokenId: string) {
  const token = await ports.index.getToken(tokenId);
  if (!token || token.agency !== agencyId) throw notFound(`机关“${agencyId}”的令牌“${tokenId}”`);
  await ports.index.revokeToken(tokenId, ports.now().toISOString());
}

export async function getAgency(ports: ArchivePorts, id: string) {
  const agency = await ports.index.getAgency(id);
  if (!agency) throw notFound(`机关“${id}”`);
  const reports: { year: number; version: number; title: string; errors: number; warnings: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.index.listLatest({ agency: id, limit: 100, cursor });
    for (const v of page.items) reports.push({ year: v.year, version: v.version, title: v.title, errors: v.errors, warnings: v.warnings });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return {
    id: agency.id,
    name: agency.name,
    region: agency.region ?? null,
    level: agency.level ?? null,
    kind: agencyKind(agency),
    aliases: agency.aliases,
    reports,
  };
}
