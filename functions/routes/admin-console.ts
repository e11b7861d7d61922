import { listAgencies, listAgencyTokens, updateAgency, withdrawVersion } from '#shared/archive/admin';
import { getAgency, registerAgency, revokeToken, rotateToken } from '#shared/archive/agencies';
import { auditTrail, CONSOLE_AUDIT, recordAudit } from '#shared/archive/audit';
import { coverage } from '#shared/archive/coverage';
import { AppError, forbidden } from '#shared/archive/errors';
import { DEFAULT_LOGINS_PER_HOUR, loginCounter, takeLoginSlot } from '#shared/archive/login-limit';
import { listVersions } from '#shared/archive/read-reports';
import { agencyNamed, auditedAction } from '#shared/http/audit-attempt';
import { answerOf, problemOf } from '#shared/http/problems';
import { cookieValue, csrfMatches, csrfToken, isLoopbackHost, newSession, readSession, SESSION_COOKIE, sessionCookie } from '#shared/http/console-session';
import {
  AgencyListQuery,
  AgencyPatchBody,
  AgencyPath,
  ConsoleAgencyQuery,
  ConsoleAssetPath,
  ConsoleAuditQuery,
  ConsoleCoverageQuery,
  LoginForm,
  NewAgencyBody,
  TokenPath,
  WithdrawBody,
  WithdrawPath,
} from '#shared/http/schemas';
import type { HttpRequest, HttpResponse, RouteHandler } from '#shared/http/types';
import { chinaDate } from '#shared/rules/deadline';
import { type AgencyConsoleView, agencyAdminPath, renderConsoleAgencies, renderConsoleAgency } from '#shared/site/admin-agency-pages';
import { renderConsoleError, renderConsoleHome, renderLogin } from '#shared/site/admin-layout';
import { CONSOLE_JS } from '#shared/site/admin-script';
import { renderConsoleAudit, renderConsoleCoverage } from '#shared/site/admin-trail-pages';
import { siteCsp } from '#shared/site/layout';
import { must } from '#shared/model/must';
import type { RouteDeps } from '../deps';
import type { RouteHandlers } from '../route-table';

/**
 * The admin console at /admin: HTML forms over the admin API's use cases and edge schemas, signed in
 * with the admin token. The session is a signed cookie (shared/http/console-session.ts); every POST
 * is refused (403) without the session's CSRF token, and every page without a session sends the
 * browser to the sign-in form. Nothing here is cached anywhere.
 */
export interface ConsoleDeps extends RouteDeps {
  /** the key of the session and CSRF HMACs: derived from the admin secret in Lambda */
  sessionKey: () => Promise<Uint8Array>;
  loginsPerHour?: number;
}

const HEADERS = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};
const html = (body: string, status = 200, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  body,
  contentType: 'text/html; charset=utf-8',
  headers: { ...HEADERS, 'content-security-policy': siteCsp({ script: true }), ...headers },
});
const redirect = (location: string, headers: Record<string, string> = {}): HttpResponse => ({
  status: 303,
  body: '',
  contentType: 'text/plain; charset=utf-8',
  headers: { ...HEADERS, location, ...headers },
});

/** A form's fields; empty ones are left out, as the site's filters do. */
function formOf(req: HttpRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) if (v.trim() !== '') out[k] = v;
  return out;
}
const present = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''));
const aliasesOf = (text: string | undefined) =>
  (text ?? '')
    .split(/[、,，;；\n]+/)
    .map((a) => a.trim())
    .filter(Boolean);
const profileOf = (form: Record<string, string>) => ({
  name: form.name,
  region: form.region,
  level: form.level,
  kind: form.kind,
});

/** A problem as the console's HTML page, with its status and headers; `csrf` when signed in (its links back). */
export function consolePageOf(problem: AppError, csrf?: string): HttpResponse {
  const { status, zh, headers } = answerOf(problem);
  return html(renderConsoleError(zh, problem.detail, csrf), status, headers);
}

export const adminConsoleRoutes = (deps: ConsoleDeps): RouteHandlers<'admin'> => {
  const { ports, auth } = deps;
  const perHour = deps.loginsPerHour ?? DEFAULT_LOGINS_PER_HOUR;
  const secure = (req: HttpRequest) => !isLoopbackHost(req.headers.host);
  const sessionOf = async (req: HttpRequest) => {
    const key = await deps.sessionKey();
    return { key, session: readSession(key, cookieValue(req.headers.cookie, SESSION_COOKIE), ports.now()) };
  };

  type Signed = (req: HttpRequest, csrf: string) => Promise<HttpResponse>;
  const failed = (err: unknown, csrf: string | undefined): HttpResponse => {
    const problem = problemOf(err);
    if (!problem) throw err;
    return consolePageOf(problem, csrf);
  };
  /** A page for a signed-in admin; anyone else is sent to the sign-in form. */
  const page =
    (handler: Signed): RouteHandler =>
    async (req) => {
      const { key, session } = await sessionOf(req);
      if (session?.role !== 'a') return redirect('/admin');
      const csrf = csrfToken(key, session);
      try {
        return await handler(req, csrf);
      } catch (err) {
        return failed(err, csrf);
      }
    };
  /** A form post: the admin's session and that session's CSRF token, or 403 before anything is read. */
  const action =
    (handler: Signed): RouteHandler =>
    async (req) => {
      const { key, session } = await sessionOf(req);
      if (session?.role !== 'a' || !csrfMatches(key, session, formOf(req).csrf)) {
        return failed(forbidden('表单已失效（会话过期或缺少校验码）：请重新登录后再提交'), undefined);
      }
      const csrf = csrfToken(key, session);
      try {
        return await handler(req, csrf);
      } catch (err) {
        return failed(err, csrf);
      }
    };

  async function agencyView(id: string, extra: Partial<AgencyConsoleView> = {}): Promise<AgencyConsoleView> {
    const [agency, tokens] = await Promise.all([getAgency(ports, id), listAgencyTokens(ports, id, 100)]);
    const years = await Promise.all(agency.reports.map(async (r) => ({ year: r.year, versions: (await listVersions(ports, id, r.year)).versions.reverse() })));
    return { agency, tokens: tokens.items, years, ...extra };
  }

  /** A new pre-session for the sign-in form, whose CSRF token the form carries. */
  async function loginPage(req: HttpRequest, status = 200, message?: string, headers: Record<string, string> = {}) {
    const key = await deps.sessionKey();
    const pre = newSession(key, 'p', ports.now());
    return html(renderLogin({ csrf: csrfToken(key, pre.session), message }), status, {
      ...headers,
      'set-cookie': sessionCookie(pre.value, { secure: secure(req) }),
    });
  }

  const loginAudit = (req: HttpRequest, outcome: 'rejected' | 'signed-in', status: number, problem?: string) =>
    recordAudit(ports, {
      agency: CONSOLE_AUDIT,
      actor: `console:${req.sourceIp || 'unknown'}`,
      action: 'admin-login',
      outcome,
      status,
      ...(problem ? { problem } : {}),
    });

  return {
    'GET /admin': async (req) => {
      const { key, session } = await sessionOf(req);
      if (session?.role === 'a') return html(renderConsoleHome(csrfToken(key, session)));
      return loginPage(req);
    },
    'POST /admin/login': async (req) => {
      const { key, session } = await sessionOf(req);
      const form = formOf(req);
      // The form's own token: a page elsewhere cannot sign a browser in (or out) behind its back.
      if (!session || !csrfMatches(key, session, form.csrf)) return loginPage(req, 403, '登录表单已失效：请重新输入令牌');
      try {
        await takeLoginSlot(loginCounter(ports.index), ports.now(), req.sourceIp || 'unknown', perHour);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const { status, headers } = answerOf(err);
        await loginAudit(req, 'rejected', status, err.slug);
        return loginPage(req, status, err.detail, headers);
      }
      const parsed = LoginForm.safeParse(form);
      if (!parsed.success || !(await auth.admin())(parsed.data.token)) {
        await loginAudit(req, 'rejected', 401, 'unauthorized');
        return loginPage(req, 401, '管理员令牌不正确');
      }
      await loginAudit(req, 'signed-in', 303);
      // A new session id on sign-in: the pre-session's id (and its CSRF token) end here.
      const signed = newSession(key, 'a', ports.now());
      return redirect('/admin/agencies', { 'set-cookie': sessionCookie(signed.value, { secure: secure(req) }) });
    },
    'POST /admin/logout': action(async (req) => redirect('/admin', { 'set-cookie': sessionCookie('', { secure: secure(req), maxAge: 0 }) })),
    'GET /admin/agencies': page(async (req, csrf) => {
      const q = AgencyListQuery.parse(present(req.query));
      const list = await listAgencies(ports, { ...q, limit: q.limit ?? 50 });
      return html(renderConsoleAgencies({ query: q, ...list }, csrf));
    }),
    'POST /admin/agencies': action(async (req, csrf) => {
      const form = formOf(req);
      let created: Awaited<ReturnType<typeof registerAgency>> | undefined;
      await auditedAction(ports, 'register-agency', req.body, async (note) => {
        note.agency = agencyNamed(form.id);
        note.actor = 'admin';
        const input = NewAgencyBody.parse(present({ id: form.id, ...profileOf(form) }));
        created = await registerAgency(ports, { ...input, aliases: aliasesOf(form.aliases) });
        note.tokenId = created.tokenId;
        return { status: 201 };
      });
      const done = must(created, 'auditedAction returns only after its action ran');
      return html(renderConsoleAgency(await agencyView(done.id, { issued: done }), csrf), 201);
    }),
    'GET /admin/agencies/{agency}': page(async (req, csrf) => {
      const { agency } = AgencyPath.parse(req.params);
      return html(renderConsoleAgency(await agencyView(agency, ConsoleAgencyQuery.parse(present(req.query))), csrf));
    }),
    'POST /admin/agencies/{agency}': action(async (req) => {
      const { agency } = AgencyPath.parse(req.params);
      const form = formOf(req);
      const edit = AgencyPatchBody.parse({ ...present(profileOf(form)), aliases: aliasesOf(form.aliases) });
      await updateAgency(ports, agency, edit, { body: req.body });
      return redirect(`${agencyAdminPath(agency)}?done=saved`);
    }),
    'POST /admin/agencies/{agency}/tokens': action(async (req, csrf) => {
      let issued: Awaited<ReturnType<typeof rotateToken>> | undefined;
      await auditedAction(ports, 'issue-token', req.body, async (note) => {
        note.agency = agencyNamed(req.params.agency);
        note.actor = 'admin';
        issued = await rotateToken(ports, AgencyPath.parse(req.params).agency);
        note.tokenId = issued.tokenId;
        return { status: 201 };
      });
      const done = must(issued, 'auditedAction returns only after its action ran');
      return html(renderConsoleAgency(await agencyView(done.id, { issued: done }), csrf), 201);
    }),
    'POST /admin/agencies/{agency}/tokens/{tokenId}/revoke': action(async (req) => {
      const { agency, tokenId } = TokenPath.parse(req.params);
      await auditedAction(ports, 'revoke-token', req.body, async (note) => {
        Object.assign(note, { agency, actor: 'admin', tokenId });
        await revokeToken(ports, agency, tokenId);
        return { status: 204 };
      });
      return redirect(`${agencyAdminPath(agency)}?done=revoked`);
    }),
    'POST /admin/reports/{agency}/{year}/versions/{n}/withdraw': action(async (req) => {
      const { agency, year, n } = WithdrawPath.parse(req.params);
      const { reason } = WithdrawBody.parse({ reason: formOf(req).reason ?? '' });
      await withdrawVersion(ports, { agency, year, version: n }, reason);
      return redirect(`${agencyAdminPath(agency)}?done=withdrawn`);
    }),
    'GET /admin/audit': page(async (req, csrf) => {
      const q = ConsoleAuditQuery.parse(present(req.query));
      const trail = q.agency ? await auditTrail(ports, { ...q, agency: q.agency, limit: 50 }) : { items: [], nextCursor: null };
      return html(renderConsoleAudit({ query: q, ...trail }, csrf));
    }),
    'GET /admin/coverage': page(async (req, csrf) => {
      const q = ConsoleCoverageQuery.parse(present(req.query));
      // By default last year's reports: the ones whose deadlines fall in the current year.
      const year = q.year ?? Number(chinaDate(ports.now()).slice(0, 4)) - 1;
      const result = await coverage(ports, { year, region: q.region, limit: 100, cursor: q.cursor });
      return html(renderConsoleCoverage({ ...result, region: q.region }, csrf));
    }),
    'GET /admin/assets/{file}': async (req) => {
      ConsoleAssetPath.parse(req.params);
      return { status: 200, body: CONSOLE_JS, contentType: 'text/javascript; charset=utf-8', headers: { 'cache-control': 'no-store' } };
    },
  };
};
