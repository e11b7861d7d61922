import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Metrics are off outside Lambda; this file turns them on (before the modules load) to read the EMF lines.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

import { AppError } from '../../shared/archive/errors';
import { httpHandler } from '../../shared/http/middleware';
import { METRICS } from '../../shared/http/metric-names';
import { submitMetrics, tracer } from '../../shared/http/observability';
import { defined } from '../support/defined';

const TOKEN = 'gk_0123456789abcdef.s3cr3t-value-never-logged';
const BODY = '这是请求体的内容，不能出现在日志里';

const event = (routeKey: string, body = BODY): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey,
    rawPath: '/v1/reports',
    rawQueryString: 'filename=a.txt',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
    isBase64Encoded: false,
    body,
    requestContext: { http: { method: routeKey.split(' ')[0] }, requestId: 'req-42' },
  }) as unknown as APIGatewayProxyEventV2;

const lines: string[] = [];
const write = process.stdout.write.bind(process.stdout);
beforeAll(() => {
  process.env.LOG_LEVEL = 'info';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
});
afterAll(() => {
  process.stdout.write = write;
  process.env.LOG_LEVEL = 'silent';
});

/** The JSON lines written while `run` ran. */
async function captured(run: () => Promise<unknown>) {
  const from = lines.length;
  await run();
  return lines
    .slice(from)
    .map((l) => JSON.parse(l) as Record<string, unknown> & { _aws?: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } });
}
const emf = (out: Awaited<ReturnType<typeof captured>>) => out.filter((l) => l._aws);
const requestLine = (out: Awaited<ReturnType<typeof captured>>) => defined(out.find((l) => l.message === 'request'));

describe('the request log (Powertools logger)', () => {
  it('one line per request: request id, route, agency, status, problem type and duration; never the token or the body', async () => {
    const handler = httpHandler({
      'POST /v1/reports': async () => {
        throw new AppError('validation-failed', '报告有错误');
      },
      'GET /v1/reports/{agency}/{year}': async () => ({ status: 200, json: { ok: true } }),
    });
    const out = await captured(() => handler(event('POST /v1/reports'), { awsRequestId: 'lambda-1', functionName: 'upload' } as Context));
    const line = requestLine(out);
    expect(line).toMatchObject({
      level: 'INFO',
      service: METRICS.service,
      requestId: 'req-42',
      method: 'POST',
      route: 'POST /v1/reports',
      status: 422,
      problem: 'urn:gongkai:problem:validation-failed',
      function_request_id: 'lambda-1',
    });
    expect(typeof line.ms).toBe('number');
    const text = out.map((l) => JSON.stringify(l)).join('\n');
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('Bearer');
    expect(text).not.toContain(BODY);

    const read = { ...event('GET /v1/reports/{agency}/{year}', ''), pathParameters: { agency: 'miyun-kw', year: '2021' } };
    const ok = requestLine(await captured(() => handler(read, {} as Context)));
    expect(ok).toMatchObject({ route: 'GET /v1/reports/{agency}/{year}', agency: 'miyun-kw', status: 200 });
    expect(ok.problem).toBeUndefined();
  });

  it('never logs the event, even when POWERTOOLS_LOGGER_LOG_EVENT asks for it', async () => {
    process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
    try {
      const handler = httpHandler({ 'POST /v1/validate': async () => ({ status: 200, json: {} }) });
      const out = await captured(() => handler(event('POST /v1/validate'), {} as Context));
      expect(out.map((l) => JSON.stringify(l)).join('\n')).not.toContain('s3cr3t');
    } finally {
      delete process.env.POWERTOOLS_LOGGER_LOG_EVENT;
    }
  });

  it('LOG_LEVEL=silent silences it, read when the request comes', async () => {
    const handler = httpHandler({ 'POST /v1/validate': async () => ({ status: 200, json: {} }) });
    process.env.LOG_LEVEL = 'silent';
    try {
      const out = await captured(() => handler(event('POST /v1/validate'), {} as Context));
      expect(out.filter((l) => l.message)).toEqual([]);
    } finally {
      process.env.LOG_LEVEL = 'info';
    }
  });
});

describe('metrics (EMF)', () => {
  it('an accepted upload and uploads refused by reason, the oversized body included', async () => {
    const handler = httpHandler({
      'POST /v1/reports': async (req) => {
        if (req.query.filename === 'a.txt') return { status: 201, json: {} };
        throw new AppError('unsupported-media-type', '格式不支持');
      },
    });
    const accepted = emf(await captured(() => handler(event('POST /v1/reports'), {} as Context)));
    expect(accepted.map((m) => [defined(defined(m._aws).CloudWatchMetrics[0]).Namespace, m[METRICS.uploadAccepted], m.service])).toContainEqual([
      METRICS.namespace,
      1,
      METRICS.service,
    ]);

    const refused = emf(await captured(() => handler({ ...event('POST /v1/reports'), rawQueryString: 'filename=b.png' }, {} as Context)));
    const r = defined(refused.find((m) => METRICS.uploadRefused in m));
    expect(r).toMatchObject({ reason: 'unsupported-media-type', [METRICS.uploadRefused]: 1 });
    expect(defined(defined(r._aws).CloudWatchMetrics[0]).Dimensions).toEqual([['service', 'reason']]);

    // Refused before the route runs: the body is over the limit.
    const big = 'x'.repeat(4 * 1024 * 1024 + 10);
    const tooLarge = emf(await captured(() => handler(event('POST /v1/reports', big), {} as Context)));
    expect(tooLarge.find((m) => METRICS.uploadRefused in m)).toMatchObject({ reason: 'payload-too-large' });
  });

  it('other routes count no uploads', async () => {
    const handler = httpHandler({ 'POST /v1/validate': async () => ({ status: 200, json: {} }) });
    const out = emf(await captured(() => handler(event('POST /v1/validate'), {} as Context)));
    expect(out.filter((m) => METRICS.uploadAccepted in m || METRICS.uploadRefused in m)).toEqual([]);
  });

  it('findings by rule and parse time by input kind, as the submit use case reports them', async () => {
    const out = emf(
      await captured(async () => {
        submitMetrics.parsed({ kind: 'pdf', ms: 812.4 });
        submitMetrics.checked([{ rule: 'table-sum' }, { rule: 'table-sum' }, { rule: 'cross-year' }]);
      }),
    );
    expect(out.find((m) => METRICS.parseTime in m)).toMatchObject({ kind: 'pdf', [METRICS.parseTime]: 812 });
    const findings = out.filter((m) => METRICS.findings in m).map((m) => [m.rule, m[METRICS.findings]]);
    expect(findings).toEqual([
      ['table-sum', 2],
      ['cross-year', 1],
    ]);
  });
});

describe('tracing', () => {
  it('is never loaded outside Lambda', async () => {
    expect(process.env.AWS_LAMBDA_FUNCTION_NAME).toBeUndefined();
    expect(await tracer()).toBeUndefined();
  });
});
