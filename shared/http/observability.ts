import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type middy from '@middy/core';
import { METRICS } from './metric-names';

/**
 * Logs, metrics and traces (Powertools for AWS Lambda), created once per process. Outside Lambda
 * (npm start, tests) nothing here reaches AWS: metrics are off unless POWERTOOLS_METRICS_DISABLED
 * says otherwise, and the tracer is never loaded.
 */
const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
// Read by every Metrics instance when it is built, the single-metric ones included: outside Lambda
// there is no CloudWatch reading stdout, and EMF lines would only bury the request log.
process.env.POWERTOOLS_METRICS_DISABLED ??= inLambda ? 'false' : 'true';

/**
 * LOG_LEVEL as it is now, not as it was when this module loaded: the tests and the local server set
 * it after their imports. `silent` is Powertools' SILENT. An unknown value leaves the level alone.
 */
const LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']);
function wantedLevel(): Parameters<Logger['setLogLevel']>[0] | undefined {
  const level = (process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL || '').toUpperCase();
  return LEVELS.has(level) ? (level as Parameters<Logger['setLogLevel']>[0]) : undefined;
}
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || METRICS.service, logLevel: wantedLevel() ?? 'INFO' });
/** Run after Powertools' own per-invocation reset of the level to the one it was built with. */
export function syncLogLevel(): void {
  const level = wantedLevel();
  if (level) logger.setLogLevel(level);
}

/** The one logging call outside the request log (the scheduled export uses it). */
export function log(level: 'error' | 'warn' | 'info', msg: string, fields: Record<string, unknown>): void {
  syncLogLevel();
  logger[level](msg, fields);
}

/**
 * Powertools warns when an invocation flushes no metrics, which is every page read: that is the
 * normal case here, so it goes to debug; its other warnings (a bad dimension) stay warnings.
 */
const metricsLogger = {
  debug: (...a: unknown[]) => logger.debug(String(a[0]), ...a.slice(1).map((x) => ({ detail: x }))),
  info: (...a: unknown[]) => logger.info(String(a[0])),
  warn: (...a: unknown[]) => (String(a[0]).startsWith('No application metrics') ? logger.debug(String(a[0])) : logger.warn(String(a[0]))),
  error: (...a: unknown[]) => logger.error(String(a[0])),
};

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS.namespace,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || METRICS.service,
  logger: metricsLogger,
});

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** A metric with a dimension of its own, flushed at once (the invocation's other metrics keep theirs). */
function count(name: string, dimension: [string, string] | undefined, value: number, unit: Unit = MetricUnit.Count): void {
  const single = metrics.singleMetric();
  if (dimension) single.addDimension(dimension[0], dimension[1].slice(0, 250) || 'unknown');
  single.addMetric(name, unit, value);
}

/** An upload's outcome: accepted (stored or already stored), or refused with the problem's slug. */
export function recordUpload(outcome: { accepted: true } | { accepted: false; reason: string }): void {
  if (outcome.accepted) count(METRICS.uploadAccepted, undefined, 1);
  else count(METRICS.uploadRefused, ['reason', outcome.reason], 1);
}

/** Findings of a checked upload, one count per rule. */
export function recordFindings(findings: readonly { rule: string }[]): void {
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  for (const [rule, n] of byRule) count(METRICS.findings, ['rule', rule], n);
}

export function recordParse(input: { kind: string; ms: number }): void {
  count(METRICS.parseTime, ['kind', input.kind], Math.round(input.ms), MetricUnit.Milliseconds);
}

/** What the submit use case reports as it goes (see `Submission.observe`), as metrics. */
export const submitMetrics = { parsed: recordParse, checked: recordFindings };

/**
 * The X-Ray tracer, loaded only in Lambda with tracing on: the X-Ray SDK installs an async hook on
 * import that slows every promise in the process, which the local server and the tests never need.
 */
let tracerLoad: Promise<Tracer | undefined> | undefined;
export function tracer(): Promise<Tracer | undefined> {
  const enabled = inLambda && (process.env.POWERTOOLS_TRACE_ENABLED ?? 'true').toLowerCase() !== 'false';
  tracerLoad ??= enabled
    ? import('@aws-lambda-powertools/tracer').then(
        // The functions call only AWS services, each through a captured client: patching http(s) too would trace every call twice.
        ({ Tracer }) => new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || METRICS.service, captureHTTPsRequests: false }),
      )
    : Promise.resolve(undefined);
  return tracerLoad;
}

/** An AWS SDK client, traced when the tracer runs. */
export async function traced<T>(client: T): Promise<T> {
  const t = await tracer();
  return t ? t.captureAWSv3Client(client) : client;
}

type AnyRequest = middy.Request<unknown, unknown>;

/**
 * Powertools' handler segment, except that an answered problem (4xx) closes it as a response does:
 * a refused upload is an outcome, not a fault. The response is never recorded (bodies reach 6 MB
 * and carry reports); unhandled errors are.
 */
function traceHandler(): middy.MiddlewareObj {
  let inner: middy.MiddlewareObj | undefined;
  return {
    before: async (request: AnyRequest) => {
      const t = await tracer();
      if (!t) return;
      inner ??= captureLambdaHandler(t, { captureResponse: false });
      await inner.before?.(request);
      const route = (request.event as { routeKey?: string } | undefined)?.routeKey;
      if (route) t.putAnnotation('route', route);
    },
    after: async (request: AnyRequest) => {
      await inner?.after?.(request);
    },
    onError: async (request: AnyRequest) => {
      const status = (request.response as { statusCode?: number } | undefined)?.statusCode;
      if (status !== undefined && status < 500) await inner?.after?.(request);
      else await inner?.onError?.(request);
    },
  };
}

/**
 * The Powertools middlewares every function uses, outermost first: the Lambda context on every log
 * line (never the event: it holds the Authorization header and the body), the handler's trace, and
 * the metrics flushed at the end with a cold-start count.
 */
export function observability(): middy.MiddlewareObj[] {
  return [
    injectLambdaContext(logger, { logEvent: false }),
    { before: () => syncLogLevel() },
    traceHandler(),
    logMetrics(metrics, { captureColdStartMetric: true }),
  ] as middy.MiddlewareObj[];
}
