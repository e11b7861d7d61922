import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { checkReport } from '../shared/check/check-report';
import { ReportSchema } from '../shared/model/report';
import { renderReport } from '../shared/render/render-report';
import { httpHandler } from '../shared/http/middleware';
import { adminVerifier } from '../shared/archive/tokens';

/** The admin token of the fuzzed JSON edges (admin tokens are at least 32 characters). */
const FUZZ_ADMIN = 'fuzz-admin-token-0123456789abcdefgh';
import { agencyRoutes } from '../functions/routes/agencies';
import { readRoutes } from '../functions/routes/read';
import { BUCKET, TABLE } from '../local/local-archive';
import { createPorts } from '../functions/runtime';
import { LOCAL_CREDENTIALS, LOCAL_REGION, ensureTable, startDynamo, startS3 } from '../local/local-stack';
import { layout } from '../test/support/document';
import { toDocx } from '../test/support/docx-writer';
import { encode, toHtml, toText } from '../test/support/layouts';
import { buildReport, distinctNumbers } from '../test/support/sample-reports';
import { agencyBody, docxDocument, htmlDocument, listQuery, mutationsOf, textDocument, xmlMutationsOf } from './generators';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must } from '../shared/model/must';

export interface FuzzStats {
  target: string;
  inputs: number;
  parsedAsReport: number;
  refused: number;
  slowestMs: number;
  slowestBytes: number;
  failures: string[];
}

const SAMPLE = readFileSync(new URL('../local/demo/miyun-kw-2021.txt', import.meta.url));

/** One input through the whole pipeline; a failure is an exception anywhere or an invalid model. */
async function exercise(bytes: Uint8Array, stats: FuzzStats, contentType?: string) {
  const t = performance.now();
  let failure: string | undefined;
  try {
    const r = await checkReport(bytes, contentType ? { contentType } : {});
    if (r.error) {
      stats.refused++;
      const internal = r.messages.find((m) => m.code === 'INTERNAL');
      if (internal) failure = `parser error: ${internal.message}`;
    } else {
      stats.parsedAsReport++;
      const valid = ReportSchema.safeParse(r.report);
      if (!valid.success) failure = `invalid model: ${valid.error.issues[0]?.message}`;
      renderReport(r);
    }
  } catch (err) {
    failure = `threw: ${(err as Error).message}`;
  }
  const ms = performance.now() - t;
  stats.inputs++;
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowestBytes = bytes.length;
  }
  if (failure && stats.failures.length < 10) stats.failures.push(`${failure} (input ${Buffer.from(bytes).subarray(0, 80).toString('base64')}…)`);
}

const newStats = (target: string): FuzzStats => ({ target, inputs: 0, parsedAsReport: 0, refused: 0, slowestMs: 0, slowestBytes: 0, failures: [] });

export async function fuzzParsers(perParser: number, seed: number): Promise<FuzzStats[]> {
  const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
  const items = layout(report);
  const half = Math.ceil(perParser / 2);
  const runs = (n: number, arb: fc.Arbitrary<Uint8Array>, stats: FuzzStats, type?: string) =>
    fc.assert(
      fc.asyncProperty(arb, (b) => exercise(b, stats, type)),
      { numRuns: n, seed, endOnFailure: true },
    );

  const text = newStats('text');
  await runs(
    half,
    textDocument.map((s) => new Uint8Array(Buffer.from(s))),
    text,
  );
  const textSeeds = [
    SAMPLE,
    encode(toText(items, 'pdfText'), 'gb18030'),
    encode(toText(items, 'pipeRows'), 'utf16le'),
    Buffer.from(toText(items, 'blankLineCells')),
  ];
  for (const s of textSeeds) await runs(Math.ceil((perParser - half) / textSeeds.length), mutationsOf(s), text);

  const html = newStats('html');
  await runs(
    half,
    htmlDocument.map((s) => new Uint8Array(Buffer.from(s))),
    html,
    'text/html',
  );
  await runs(perParser - half, mutationsOf(Buffer.from(toHtml(items, report.title))), html, 'text/html');

  const docx = newStats('docx');
  const realDocx = await toDocx(items);
  const xml = new TextDecoder().decode(must(unzipSync(realDocx)['word/document.xml'], 'a .docx holds word/document.xml'));
  await runs(half, docxDocument, docx);
  await runs(Math.ceil((perParser - half) / 2), xmlMutationsOf(xml), docx);
  await runs(Math.floor((perParser - half) / 2), mutationsOf(realDocx), docx);
  return [text, html, docx];
}

/** The JSON API's edges against the real handlers and a real local DynamoDB-API server. */
export async function fuzzApi(perTarget: number, seed: number): Promise<FuzzStats[]> {
  process.env.LOG_LEVEL = 'silent';
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-fuzz-'));
  const dynamo = await startDynamo(undefined);
  const s3 = await startS3(join(dir, 's3'), BUCKET);
  await ensureTable(dynamo.endpoint, TABLE);
  const ports = createPorts(
    { table: TABLE, bucket: BUCKET },
    { dynamodb: dynamo.endpoint, s3: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS },
  );
  const deps = { ports, auth: { index: ports.index, admin: async () => adminVerifier(FUZZ_ADMIN) } };
  const agencies = httpHandler(agencyRoutes(deps));
  const read = httpHandler(readRoutes(deps));
  const event = (routeKey: string, body: string | undefined, query: Record<string, string> = {}): APIGatewayProxyEventV2 =>
    ({
      version: '2.0',
      routeKey,
      rawPath: '/v1/x',
      rawQueryString: '',
      headers: { authorization: `Bearer ${FUZZ_ADMIN}`, 'content-type': 'application/json' },
      queryStringParameters: query,
      requestContext: { http: { method: routeKey.split(' ')[0], path: '/v1/x' }, requestId: 'fuzz' },
      body,
      isBase64Encoded: false,
    }) as unknown as APIGatewayProxyEventV2;
  const ctx = { getRemainingTimeInMillis: () => 30_000 } as never;

  const check = async (stats: FuzzStats, run: () => Promise<{ statusCode?: number; body?: string }>, allowed: number[], input: unknown) => {
    const t = performance.now();
    const r = await run();
    const ms = performance.now() - t;
    stats.inputs++;
    if (ms > stats.slowestMs) stats.slowestMs = ms;
    if ((r.statusCode ?? 0) < 400) stats.parsedAsReport++;
    else stats.refused++;
    if (!allowed.includes(r.statusCode ?? 0) && stats.failures.length < 10)
      stats.failures.push(`status ${r.statusCode} for ${JSON.stringify(input).slice(0, 300)}`);
  };
  try {
    const bodies = newStats('json: POST /v1/agencies');
    await fc.assert(
      fc.asyncProperty(agencyBody, (b) => check(bodies, () => agencies(event('POST /v1/agencies', b), ctx), [201, 400, 409], b)),
      { numRuns: perTarget, seed },
    );
    const queries = newStats('query: GET /v1/reports');
    await fc.assert(
      fc.asyncProperty(listQuery, (q) => check(queries, () => read(event('GET /v1/reports', undefined, q), ctx), [200, 400], q)),
      { numRuns: perTarget, seed },
    );
    return [bodies, queries];
  } finally {
    await Promise.all([dynamo.stop(), s3.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The stated bound: any 5 MB input parses in under 2 s. Shapes chosen to stress each stage. */
export async function fiveMegabyteInputs(): Promise<{ name: string; ms: number; heapMb: number }[]> {
  const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
  const items = layout(report);
  const pad = (s: string, to = 5 * 1024 * 1024) => s.repeat(Math.ceil(to / Buffer.byteLength(s)));
  const shapes: [string, () => Uint8Array][] = [
    ['100,000-row text table', () => Buffer.from(toText(items, 'tabRows') + '行政许可\t1\t2\t3\t4\t5\t6\t7\n'.repeat(100_000))],
    ['one 5 MB line of CJK', () => Buffer.from(pad('政'))],
    ['5 MB of pipe rules', () => Buffer.from(pad('|-- '))],
    ['5 MB of "1 " (one line)', () => Buffer.from(pad('1 '))],
    ['5 MB of short lines "1"', () => Buffer.from(pad('1\n'))],
    ['5 MB of labels', () => Buffer.from(pad('（一）予以公开\n'))],
    ['5 MB of numbering', () => Buffer.from(pad('(一)1.'))],
    [
      '5 MB HTML, 100,000-row table',
      () => Buffer.from(toHtml(items, report.title).replace('</tbody>', `${'<tr><td>行政许可</td><td>1</td></tr>'.repeat(140_000)}</tbody>`)),
    ],
    ['5 MB HTML of unclosed <p>', () => Buffer.from(pad('<p>政'))],
    ['5 MB of the sample repeated', () => Buffer.from(pad(SAMPLE.toString('utf8')))],
  ];
  const results: { name: string; ms: number; heapMb: number }[] = [];
  for (const [name, make] of shapes) {
    const bytes = make();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t = performance.now();
    const r = await checkReport(bytes);
    const ms = performance.now() - t;
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    if (r.messages.some((m) => m.code === 'INTERNAL')) throw new Error(`${name}: parser error`);
    results.push({ name: `${name} (${(bytes.length / 2 ** 20).toFixed(1)} MB)`, ms, heapMb });
  }
  return results;
}
