import { $ZodError } from 'zod/v4/core';
import { type AuditEntry, recordAudit } from '../archive/audit';
import { AppError } from '../archive/errors';
import { problemOf } from './problems';
import type { ArchivePorts } from '../archive/ports';
import type { AuditAction } from '../archive/types';
import type { ReportIndex } from '../storage/ports';
import { CallerRefused, requireAgency } from './auth';
import { AgencyPath } from './schemas';
import type { HttpRequest, HttpResponse, RouteHandler } from './types';
import { problemStatus } from '../archive/problem-catalogue';

type AuditPorts = Pick<ArchivePorts, 'index' | 'now' | 'newId'>;

/** The agency a request names, if it is a well-formed id: only such a name goes into a record. */
export const agencyNamed = (id: unknown): string | undefined => {
  const r = AgencyPath.safeParse({ agency: id });
  return r.success ? r.data.agency : undefined;
};

/** An edge check's failure as the 400 the middleware would answer, so that it can be audited first. */
export function asProblem(err: unknown): unknown {
  return err instanceof $ZodError ? problemOf(err) : err;
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
      status: problemStatus(err.slug),
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
 * A route's hook for a body over the limit, which the middleware refuses before the route runs: a
 * known agency token's attempt is filed as the 413 it gets, with the body's hash; an unknown caller's
 * (or the admin's, which has no trail of its own) gets the 413 all the same. `about`: the agency the
 * request named.
 */
export function auditTooLarge(ports: AuditPorts, index: ReportIndex, action: AuditAction, about?: (req: HttpRequest) => unknown) {
  return async (req: HttpRequest): Promise<void> => {
    let who: { agency: string; tokenId: string };
    try {
      const caller = await requireAgency(req, index);
      who = { agency: caller.agency.id, tokenId: caller.tokenId };
    } catch (err) {
      if (!(err instanceof CallerRefused)) return;
      who = err.caller;
    }
    const target = agencyNamed(about?.(req));
    await recordAudit(
      ports,
      {
        agency: who.agency,
        actor: `token:${who.tokenId}`,
        action,
        outcome: 'rejected',
        status: 413,
        problem: 'payload-too-large',
        ...(target && target !== who.agency ? { target } : {}),
      },
      req.body,
    );
  };
}

/**
 * A route whose refusals are filed under `action`: any 4xx once the caller is known (a refused agency
 * token under its own agency, naming the one it tried; the admin's under the agency the request was
 * about), and a body over the limit (auditTooLarge). With `done`, its outcome too (201 created, 204
 * revoked); without, the use case files what it did itself, or nothing was done (a read). Where the
 * caller or the agency is still unknown there is no trail to file it in; a 5xx has no record. Every
 * route that takes a token runs this way (the direct upload through its own audit), so no refusal of
 * a known caller goes unrecorded.
 */
export function refusalsFiled(
  ports: AuditPorts,
  index: ReportIndex,
  action: AuditAction,
  run: (req: HttpRequest, note: AuditNote) => Promise<HttpResponse>,
  options: { done?: boolean; about?: (req: HttpRequest) => unknown } = {},
): RouteHandler {
  const handler: RouteHandler = (req) => audit(ports, action, req.body, (note) => run(req, note), options.done ?? false);
  handler.tooLarge = auditTooLarge(ports, index, action, options.about);
  return handler;
}

/** Runs an action outside a route (the admin console's forms) and files it as `refusalsFiled` with `done` does. */
export function auditedAction(
  ports: AuditPorts,
  action: AuditAction,
  body: Uint8Array,
  run: (note: AuditNote) => Promise<HttpResponse>,
): Promise<HttpResponse> {
  return audit(ports, action, body, run, true);
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
    else if (err instanceof AppError && problemStatus(err.slug) < 500) {
      const e = entry(problemStatus(err.slug));
      if (e) await recordAudit(ports, { ...e, outcome: 'rejected', problem: err.slug }, body);
    }
    throw err;
  }
  const e = done ? entry(res.status) : undefined;
  if (e) await recordAudit(ports, { ...e, outcome: res.status === 204 ? 'revoked' : 'created' }, body);
  return res;
}
