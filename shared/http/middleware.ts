import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, directAccess, problemType } from '../archive/errors';
import { StorageUnavailable } from '../storage/ports';
import { log, logger, observability, recordUpload } from './observability';
import { ORIGIN_HEADER, type OriginCheck } from './origin-check';
import { answerOf, problemOf } from './problems';
import { MAX_BODY_BYTES, MAX_RESPONSE_BYTES, type HttpRequest, type HttpResponse, type RouteHandler } from './types';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The one middy stack every function uses: request parsing, errors as problem+json, headers, logs.
 * With `origin` (every deployed function; see functions/runtime.ts originCheck) a request that did
 * not come through CloudFront is refused before anything of it is read. A function of HTML pages
 * gives its `errorPage`: a failure no route caught (the function's time run out, a direct access)
 * is then its page too, not problem+json.
 */
export function httpHandler(routes: Record<string, RouteHandler>, options: { origin?: OriginCheck; errorPage?: ErrorPage } = {}) {
  const { origin } = options;
  return middy<Event, Result>()
    .use(observability())
    .use(requestLog())
    .use(problemResponses(options.errorPage))
    .handler(async (event) => {
      if (origin && !(await origin(headerOf(event, ORIGIN_HEADER)))) throw directAccess();
      const route = routes[event.routeKey];
      if (!route) throw new AppError('not-found', `没有这个接口：${event.requestContext?.http?.method ?? ''} ${event.rawPath ?? ''}`);
      const req = await requestFor(event, route);
      fieldsByRequest.set(req, fieldsOf(event));
      const result = toResult(await route(req), event);
      // Past the limit Lambda replaces the answer with a bare 502; refuse it here, as a problem.
      if (resultBytes(result) > MAX_RESPONSE_BYTES) throw responseTooLarge();
      return result;
    });
}

/** A header of the event by its lower-case name (API Gateway lower-cases them; a hand-made event may not). */
function headerOf(event: Event, name: string): string | undefined {
  const headers = event.headers ?? {};
  if (name in headers) return headers[name];
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/**
 * About what Lambda counts against its limit: the result as it serializes it. Measured from the body
 * already built, never by serializing it again (a copy of up to 6 MB per request): the body's bytes,
 * plus what JSON escaping adds to them in that envelope (a JSON body's quotes, a text body's line
 * breaks; base64 has none), plus the headers and the envelope's few keys.
 */
function resultBytes(result: Result): number {
  let bytes = 64; // {"statusCode":200,"headers":{},"body":"","isBase64Encoded":true}
  for (const [k, v] of Object.entries(result.headers ?? {})) bytes += Buffer.byteLength(k) + Buffer.byteLength(String(v)) + 6;
  const body = result.body ?? '';
  bytes += Buffer.byteLength(body);
  if (!result.isBase64Encoded) bytes += escapeBytes(body);
  return bytes;
}

/** The bytes JSON escaping adds to a string: `\"` `\\` `\n` and the like one each, other controls (`\u0001`) five. */
function escapeBytes(s: string): number {
  let extra = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) extra += 1;
    else if (c < 0x20) extra += 5;
  }
  return extra;
}

const responseTooLarge = () =>
  new AppError(
    'response-too-large',
    `结果超过接口 ${MAX_RESPONSE_BYTES / 1024 / 1024} MB 的返回上限，无法返回：请删去文件中与年报无关的大段内容后重试，或用命令行 npx gongkai validate 在本地检查`,
    { limitBytes: MAX_RESPONSE_BYTES },
  );

/** The request; one over the body limit is shown to the route's `tooLarge` hook, then refused. */
async function requestFor(event: Event, route: RouteHandler): Promise<HttpRequest> {
  try {
    return toRequest(event);
  } catch (err) {
    if (route.tooLarge && err instanceof AppError && err.slug === 'payload-too-large') await route.tooLarge(toRequest(event, Number.POSITIVE_INFINITY));
    throw err;
  }
}

function toRequest(event: Event, limit = MAX_BODY_BYTES): HttpRequest {
  const raw = event.body ?? '';
  const size = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw);
  if (size > limit + 4) throw tooLarge();
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (body.length > limit) throw tooLarge();
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  // Payload v2 moves the Cookie header into `cookies` (the admin console's session travels there).
  if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
  return {
    method: event.requestContext.http.method,
    routeKey: event.routeKey,
    path: event.rawPath,
    params: event.pathParameters ?? {},
    query: queryOf(event),
    headers,
    body,
    requestId: event.requestContext.requestId,
    sourceIp: event.requestContext.http.sourceIp,
  };
}

/**
 * The query as sent. API Gateway's queryStringParameters are decoded from rawQueryString; reading
 * the raw string ourselves gives one decoding for Lambda and the local server alike, and lets a
 * name sent as raw UTF-8 bytes (curl does not encode `?filename=广州….pdf`) that reaches us as
 * Latin-1 characters be read back as the UTF-8 it was. Repeated keys join with commas, as API Gateway does.
 */
function queryOf(event: Event): Record<string, string | undefined> {
  if (!event.rawQueryString) return event.queryStringParameters ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(event.rawQueryString)) {
    const key = utf8FromLatin1(k);
    const value = utf8FromLatin1(v);
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function utf8FromLatin1(s: string): string {
  if (!/[\u0080-\u00ff]/.test(s) || /[^\u0000-\u00ff]/.test(s)) return s;
  try {
    return strictUtf8.decode(Buffer.from(s, 'latin1'));
  } catch {
    return s;
  }
}

/** Over the direct limit the clerk is told the way that takes files up to 50 MB. */
export const tooLarge = () =>
  new AppError(
    'payload-too-large',
    `文件超过直接上传 ${MAX_BODY_BYTES / 1024 / 1024} MB 的上限：更大的文件（最大 50 MB）请先 POST /v1/uploads 申请上传地址，再把文件 PUT 到返回的地址`,
    { limitBytes: MAX_BODY_BYTES, largeUploads: '/v1/uploads' },
  );

function baseHeaders(contentType: string, event: Event): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': contentType,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': API_CSP,
  };
  if (event.requestContext?.http?.method === 'GET') h['access-control-allow-origin'] = '*';
  return h;
}

function toResult(res: HttpResponse, event: Event): Result {
  if (res.json !== undefined || res.body === undefined) {
    return {
      statusCode: res.status,
      headers: { ...baseHeaders('application/json; charset=utf-8', event), ...res.headers },
      body: JSON.stringify(res.json ?? null),
    };
  }
  const headers = { ...baseHeaders(res.contentType ?? 'application/octet-stream', event), ...res.headers };
  if (typeof res.body === 'string') return { statusCode: res.status, headers, body: res.body };
  return { statusCode: res.status, headers, body: Buffer.from(res.body).toString('base64'), isBase64Encoded: true };
}

/** A surface's page for a problem, with the problem's status and headers. */
export type ErrorPage = (problem: AppError) => HttpResponse | Promise<HttpResponse>;

/** Errors → RFC 9457 (or the function's error page). Only a 4xx says what went wrong; a 5xx says nothing of the internals. */
function problemResponses(errorPage?: ErrorPage): middy.MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const err = request.error;
      const event = request.event;
      if (err instanceof StorageUnavailable) {
        const cause = err.cause as Error | undefined;
        log('error', 'storage unavailable', {
          requestId: event?.requestContext?.requestId,
          service: err.service,
          cause: `${cause?.name}: ${cause?.message}`.slice(0, 500),
        });
      }
      let problem = problemOf(err);
      if (problem?.slug === 'timed-out') log('error', 'timed out', { requestId: event?.requestContext?.requestId, route: event?.routeKey });
      if (!problem) {
        log('error', 'unhandled error', { requestId: event?.requestContext?.requestId, error: String((err as Error)?.stack ?? err).slice(0, 2000) });
        problem = new AppError('internal', '服务器内部错误，已记录。请稍后重试');
      }
      if (event) fieldsOf(event).problem = problem.slug;
      if (errorPage && event) {
        request.response = toResult(await errorPage(problem), event);
        return;
      }
      const answer = answerOf(problem);
      request.response = {
        statusCode: answer.status,
        headers: { ...baseHeaders('application/problem+json; charset=utf-8', event), ...answer.headers },
        body: JSON.stringify({
          type: problemType(problem.slug),
          title: answer.title,
          status: answer.status,
          detail: problem.detail,
          instance: event?.rawPath,
          ...problem.extra,
        }),
      };
    },
  };
}

/** What a request's log line says beyond the event: the caller's agency, the problem answered. */
type LogFields = { agency?: string; problem?: string };
const fieldsByEvent = new WeakMap<object, LogFields>();
const fieldsByRequest = new WeakMap<HttpRequest, LogFields>();
function fieldsOf(event: Event): LogFields {
  const f = fieldsByEvent.get(event) ?? {};
  fieldsByEvent.set(event, f);
  return f;
}

/** Lets a route name the agency it acts for once it knows it (after authentication). */
export function annotate(req: HttpRequest, fields: { agency?: string }): void {
  const f = fieldsByRequest.get(req);
  if (f && fields.agency) f.agency = fields.agency;
}

/** Routes whose answers count as upload outcomes: accepted (2xx) or refused by the problem's slug (4xx). */
export const UPLOAD_ROUTES: ReadonlySet<string> = new Set(['POST /v1/reports']);

/**
 * One structured line per request: request id, route, agency when known, status, problem type and
 * duration. Never the Authorization header, a token, a query string or the body.
 */
function requestLog(): middy.MiddlewareObj<Event, Result> {
  // Per request, not per middleware: the local server runs requests of one handler concurrently.
  const startedAt = new WeakMap<object, number>();
  const done = (request: middy.Request<Event, Result>) => {
    const started = startedAt.get(request) ?? performance.now();
    const e = request.event;
    const f = e ? fieldsOf(e) : {};
    const status = request.response?.statusCode;
    logger.info('request', {
      requestId: e?.requestContext?.requestId,
      method: e?.requestContext?.http?.method,
      route: e?.routeKey,
      agency: f.agency ?? e?.pathParameters?.agency?.slice(0, 100),
      status,
      ...(f.problem ? { problem: problemType(f.problem) } : {}),
      ms: Math.round(performance.now() - started),
    });
    if (e && UPLOAD_ROUTES.has(e.routeKey) && status !== undefined && status < 500) {
      recordUpload(status < 400 ? { accepted: true } : { accepted: false, reason: f.problem ?? `http-${status}` });
    }
  };
  return {
    before: (request) => {
      startedAt.set(request, performance.now());
    },
    after: done,
    onError: (request) => {
      // Runs after the problem middleware has set the response (onError runs in reverse order).
      if (request.response) done(request);
    },
  };
}

// Other modules log through the same Powertools logger.
export { log };
