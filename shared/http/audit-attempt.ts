import { $ZodError } from 'zod/v4/core';
import { type AuditEntry, recordAudit } from '../archive/audit';
import { AppError } from '../archive/errors';
import type { ArchivePorts } from '../archive/ports';
import type { AuditAction } from '../archive/types';
import { CallerRefused } from './auth';
import { AgencyPath } from './schemas';
import type { HttpResponse } from './types';

type AuditPorts = Pick<ArchivePorts, 'index' | 'now' | 'newId'>;

/** The agency a request names, if it is a well-formed id: only such a name goes into a record. */
export const agencyNamed = (id: unknown): string | undefined => {
  const r = AgencyPath.safeParse({ agency: id });
  return r.success ? r.data.agency : undefined;
};

/** An edge check's failure as the 400 the middleware would answer, so that it can be audited first. */
export function asProblem(err: unknown): unknown {
  if (!(err instanceof $ZodError)) return err;
  return new AppError(400, 'bad-request', 'Bad request', `请求参数不正确：${err.issues.map((i) => `${i.path.join('.') || '请求'} ${i.message}`).join('；')}`, {
    errors: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/**
 * Records a refusal of a known agency token (revoked, other agency's data, admin-only route) in
 * that token's agency's trail; `target` names the agency the request was about when it differs,
 * `tokenId` the token it was about.
 */
export async function auditRefusedCaller(
  ports: AuditPorts,
  err: unknown,
  action: AuditAction,
  body?: Uint8Array,
  about: { target?: string; tokenId?: string } = {},
): Promise<void> {
  if (!(err instanceof CallerRefused)) return;
  const { agency, tokenId } = err.caller;
  await recordAudit(
    ports,
    {
      agency,
      actor: `token:${tokenId}`,
      action,
      outcome: 'rejected',
      status: err.status,
      problem: err.slug,
      ...(about.target && about.target !== agency ? { target: about.target } : {}),
      ...(about.tokenId ? { tokenId: about.tokenId } : {}),
    },
    body,
  );
}

/** What a route learns as it goes: who is calling, and which agency and token the action is about. */
export interface AuditNote {
  actor?: string;
  agency?: string;
  tokenId?: string;
}

/**
 * Runs an admin-side action and files its outcome: done (201 created, 204 revoked) or refused (any
 * 4xx once the caller is known). A refused agency token is filed under its own agency. Where the
 * caller or the agency is still unknown there is no trail to file it in; a 5xx has no record.
 */
export function auditedAction(
  ports: AuditPorts,
  action: AuditAction,
  body: Uint8Array,
  run: (note: AuditNote) => Promise<HttpResponse>,
): Promise<HttpResponse> {
  return audit(ports, action, body, run, true);
}

/**
 * Runs a route whose refusals are filed as auditedAction files them, and nothing else: a read, or an
 * action whose use case files what it did itself. Every route that takes a token runs this way (or
 * through auditedAction, or the upload's own audit), so no refusal of a known caller goes unrecorded.
 */
export function auditedRefusals(
  ports: AuditPorts,
  action: AuditAction,
  body: Uint8Array,
  run: (note: AuditNote) => Promise<HttpResponse>,
): Promise<HttpResponse> {
  return audit(ports, action, body, run, false);
}

async function audit(
  ports: AuditPorts,
  action: AuditAction,
  body: Uint8Array,
  run: (note: AuditNote) => Promise<HttpResponse>,
  done: boolean,
): Promise<HttpResponse> {
  const note: AuditNote = {};
  const entry = (status: number): Omit<AuditEntry, 'outcome'> | undefined =>
    note.actor && note.agency ? { agency: note.agency, actor: note.actor, action, status, ...(note.tokenId ? { tokenId: note.tokenId } : {}) } : undefined;
  let res: HttpResponse;
  try {
    res = await run(note);
  } catch (caught) {
    const err = asProblem(caught);
    if (err instanceof CallerRefused) await auditRefusedCaller(ports, err, action, body, { target: note.agency, tokenId: note.tokenId });
    else if (err instanceof AppError && err.status < 500) {
      const e = entry(err.status);
      if (e) await recordAudit(ports, { ...e, outcome: 'rejected', problem: err.slug }, body);
    }
    throw err;
  }
  const e = done ? entry(res.status) : undefined;
  if (e) await recordAudit(ports, { ...e, outcome: res.status === 204 ? 'revoked' : 'created' }, body);
  return res;
}
