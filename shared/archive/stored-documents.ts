import type { Finding } from '../model/findings';
import type { Report } from '../model/report';
import type { Unread } from '../rules/coverage';
import { DERIVED_RULE_IDS } from '../rules/validate';
import type { ArchivePorts } from './ports';
import type { DerivedRecord, VersionRecord } from './types';

/**
 * A committed version as it reads back: its stored document, its findings as they stand now, and the
 * public face of its derived record. Kept apart from submit-report.ts, which writes them, because the
 * derived findings, the reads and the site read them, and submit-report.ts calls the derived findings.
 */

export interface StoredDocument {
  report: Report;
  /** absent in documents stored before the check was recorded */
  checked?: boolean;
  unread?: Unread[];
  findings: Finding[];
  messages: unknown[];
  /** who typed in which cells the file left unread, version by version (shared/archive/typed-cells.ts) */
  entries?: { version: number; at: string; agency: string; tokenId: string; cells: string[] }[];
}

export async function loadDocument(ports: Pick<ArchivePorts, 'archive'>, v: VersionRecord): Promise<StoredDocument | undefined> {
  const obj = await ports.archive.get(v.keys.json);
  return obj ? (JSON.parse(Buffer.from(obj.bytes).toString('utf8')) as StoredDocument) : undefined;
}

/**
 * A version's findings as they stand: its own checks, and what was derived from the other reports
 * and the dates while it is the newest public version. Findings stored by an older release that ran
 * the cross-year rules at upload are replaced by the derived ones.
 */
export function currentFindings(own: readonly Finding[], version: number, derived: DerivedRecord | undefined): Finding[] {
  if (!derived || derived.version !== version) return [...own];
  return [...own.filter((f) => !DERIVED_RULE_IDS.has(f.rule) || (f.rule === 'PLAUSIBILITY' && f.expected === undefined)), ...derived.findings];
}

/** What the derived findings were computed from, and when: the public face of a DERIVED record. */
export const derivedSummary = (d: DerivedRecord) => ({
  updatedAt: d.updatedAt,
  previous: d.previous ?? null,
  published: d.published,
  deadline: d.deadline,
  daysLate: d.daysLate,
  dateKnown: d.dateKnown,
  similar: d.similar,
  previousShare: d.previousShare ?? null,
});
