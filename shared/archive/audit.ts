import { AppError } from './errors';
import type { ArchivePorts } from './ports';
import type { SubmitResult } from './submit-report';
import type { AuditRecord } from './types';
import { createHash } from 'node:crypto';
import { problemStatus } from './problem-catalogue';

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export type AuditEntry = Omit<AuditRecord, 'at' | 'id' | 'sha256' | 'size'>;

/** One audit record, stamped with the time, and with the body's SHA-256 and size when there is a body. */
export async function recordAudit(ports: Pick<ArchivePorts, 'index' | 'now' | 'newId'>, entry: AuditEntry, body?: Uint8Array): Promise<void> {
  await ports.index.putAudit({
    ...entry,
    at: ports.now().toISOString(),
    id: ports.newId(),
    ...(body && body.length > 0 ? { sha256: sha256Of(body), size: body.length } : {}),
  });
}

/**
 * Every upload by an authenticated agency leaves an audit record — created, unchanged or
 * rejected — with who (the token id, never the token), when, the SHA-256 of the bytes, the
 * outcome and the finding counts. A storage failure (5xx) has no record: nothing happened.
 */
export async function audited<R extends SubmitResult>(
  ports: ArchivePorts,
  who: { agency: string; actor: string },
  bytes: Uint8Array,
  run: (sha256: string) => Promise<R>,
  action: 'upload' | 'enter-cells' = 'upload',
): Promise<R> {
  // Hashed once here: the audit needs it even for refusals, and the upload reuses it.
  const sha256 = sha256Of(bytes);
  const base = () => ({
    agency: who.agency,
    at: ports.now().toISOString(),
    id: ports.newId(),
    actor: who.actor,
    action,
    sha256,
    size: bytes.length,
  });
  let result: R;
  try {
    result = await run(sha256);
  } catch (err) {
    if (err instanceof AppError && problemStatus(err.slug) < 500) {
      // A bad request's `errors` are its issues (a list), a report's its count of errors: the record keeps a count.
      const x = err.extra as { year?: number; errors?: number | unknown[]; warnings?: number };
      await ports.index.putAudit({
        ...base(),
        outcome: 'rejected',
        status: problemStatus(err.slug),
        problem: err.slug,
        year: x.year,
        errors: Array.isArray(x.errors) ? x.errors.length : (x.errors ?? 0),
        warnings: x.warnings ?? 0,
      });
    }
    throw err;
  }
  const errors = result.body.findings.filter((f) => f.severity === 'error').length;
  await ports.index.putAudit({
    ...base(),
    outcome: result.status === 201 ? 'created' : 'unchanged',
    status: result.status,
    year: result.body.year,
    version: result.body.version,
    errors,
    warnings: result.body.findings.length - errors,
  });
  return result;
}

/** Where the console's sign-in attempts are filed: `_` starts no agency id, so no agency's trail is mixed in. */
export const CONSOLE_AUDIT = '_console';

export { AUDIT_ACTIONS } from './types';
export const AUDIT_OUTCOMES = [
  'created',
  'unchanged',
  'rejected',
  'revoked',
  'updated',
  'withdrawn',
  'deleted',
  'signed-in',
] as const satisfies readonly AuditRecord['outcome'][];

/** Records read per page at most: an action or outcome is a filter on one agency's trail, which no index answers. */
const AUDIT_SCAN = 500;

/**
 * One agency's trail, newest first, narrowed to an action and an outcome. The trail is read in pages
 * until `limit` records match or AUDIT_SCAN have been read; `nextCursor` continues from there, so a
 * rare outcome in a long trail is reached page by page rather than in one unbounded read.
 */
export async function auditTrail(
  ports: Pick<ArchivePorts, 'index'>,
  q: { agency: string; action?: AuditRecord['action']; outcome?: AuditRecord['outcome']; limit: number; cursor?: string },
) {
  const items: AuditRecord[] = [];
  let cursor = q.cursor;
  let read = 0;
  do {
    const page = await ports.index.listAudit(q.agency, Math.min(100, q.limit - items.length), cursor);
    read += page.items.length;
    items.push(...page.items.filter((r) => (!q.action || r.action === q.action) && (!q.outcome || r.outcome === q.outcome)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < q.limit && read < AUDIT_SCAN);
  return { agency: q.agency, items, nextCursor: cursor ?? null };
}
