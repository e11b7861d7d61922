import * as z from 'zod/mini';
import { FindingSchema, type Finding, MessageSchema } from '../model/findings';
import { TABLE_KEYS } from '../model/keys';
import { ReportSchema } from '../model/report';
import { DERIVED_RULE_IDS } from '../rules/validate';
import type { ArchivePorts } from './ports';
import type { DerivedRecord, VersionRecord } from './types';

/**
 * A committed version as it reads back: its stored document, its findings as they stand now, and the
 * public face of its derived record. Kept apart from submit-report.ts, which writes them, because the
 * derived findings, the reads and the site read them, and submit-report.ts calls the derived findings.
 */

/**
 * The stored document, checked against the report model's own schemas: what it holds besides these
 * (its key fields, `entered`) is dropped on read, as nothing reads it back.
 */
const StoredDocumentSchema = z.object({
  report: ReportSchema,
  /** absent in documents stored before the check was recorded */
  checked: z.optional(z.boolean()),
  unread: z.optional(z.array(z.object({ table: z.enum(TABLE_KEYS), rows: z.optional(z.array(z.string())) }))),
  findings: z.array(FindingSchema),
  messages: z.array(MessageSchema),
  /** who typed in which cells the file left unread, version by version (shared/archive/typed-cells.ts) */
  entries: z.optional(z.array(z.object({ version: z.int(), at: z.string(), agency: z.string(), tokenId: z.string(), cells: z.array(z.string()) }))),
});
export type StoredDocument = z.infer<typeof StoredDocumentSchema>;

/** A stored document that is not JSON or not of the document's shape: names its key, never passed on as a cast. */
export class MalformedDocument extends Error {
  constructor(key: string, problem: string) {
    super(`malformed document ${key}: ${problem}`);
    this.name = 'MalformedDocument';
  }
}

export async function loadDocument(ports: Pick<ArchivePorts, 'archive'>, v: VersionRecord): Promise<StoredDocument | undefined> {
  const obj = await ports.archive.get(v.keys.json);
  return obj ? decodeDocument(v.keys.json, obj.bytes) : undefined;
}

export function decodeDocument(key: string, bytes: Uint8Array): StoredDocument {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new MalformedDocument(key, `not JSON (${(err as Error).message})`);
  }
  const decoded = StoredDocumentSchema.safeParse(json);
  if (decoded.success) return decoded.data;
  const issues = decoded.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
  throw new MalformedDocument(key, issues.join('; '));
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
