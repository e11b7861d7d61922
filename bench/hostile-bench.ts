import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { strToU8, zipSync } from 'fflate';
import { handler } from '../functions/validate';
import { ISOLATION_LIMITS } from '../shared/parse/isolated-parse';
import { buildReport, distinctNumbers } from '../test/support/sample-reports';
import { HOSTILE_DOCX, HOSTILE_PDFS, nestedForms } from '../test/support/hostile-pdfs';
import { mutatedDocs } from '../test/support/doc-mutations';
import { fixturePath } from '../test/support/fixtures';
import { dataDescriptorDocx } from '../test/support/zip-bomb';
import { fmt, table } from './measure';
import { defined } from '../test/support/defined';

const SAMPLE = fileURLToPath(new URL('../test/fixtures/miyun-kw-2021.txt', import.meta.url));
const BOUND_MS = 2000;

/** The validate function as Lambda calls it: event in, result out, the whole middy stack between. */
async function validate(bytes: Uint8Array, filename: string): Promise<APIGatewayProxyStructuredResultV2> {
  const event = {
    version: '2.0',
    routeKey: 'POST /v1/validate',
    rawPath: '/v1/validate',
    rawQueryString: `filename=${encodeURIComponent(filename)}`,
    queryStringParameters: { filename },
    headers: {},
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
    requestContext: { http: { method: 'POST', path: '/v1/validate' }, requestId: 'bench' },
  } as unknown as APIGatewayProxyEventV2;
  return (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
}

/** The sample report followed by 100,000 rows of ten tab-separated numbers: a million cells. */
function millionCells(): Uint8Array {
  const row = '12\t34\t56\t78\t90\t12\t34\t56\t78\t9\n';
  return Buffer.concat([readFileSync(SAMPLE), Buffer.from(row.repeat(100_000))]);
}

/** One table of 66,500 rows × 10 cells, numbers varied so it compresses like a real file. */
function docxCells(cells: number): Uint8Array {
  const parts: string[] = ['<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>'];
  for (let i = 0; i < cells; i += 10) {
    parts.push('<w:tr>');
    for (let j = 0; j < 10; j++) parts.push(`<w:tc><w:p><w:t>${(i + j) % 99991}</w:t></w:p></w:tc>`);
    parts.push('</w:tr>');
  }
  parts.push('</w:tbl></w:body></w:document>');
  return zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(parts.join('')) }, { level: 9 });
}

export async function hostileBench(): Promise<void> {
  process.env.LOG_LEVEL = 'silent';
  const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
  // Built one at a time, just before its call, so the resident set read after it is the call's.
  const inputs: [string, () => Uint8Array | Promise<Uint8Array>, string][] = [
    ['text: ~1,000,000 tab-separated cells', millionCells, 'cells.txt'],
    ['.docx: 665,000 table cells', () => docxCells(665_000), 'cells.docx'],
    ['.docx: data descriptors, inflates 30 MB', () => dataDescriptorDocx(report, 30 * 1024 * 1024), 'bomb.docx'],
    ...HOSTILE_PDFS.map(([name, make]): [string, () => Uint8Array, string] => [name, make, 'hostile.pdf']),
    ...HOSTILE_DOCX.map(([name, make]): [string, () => Uint8Array, string] => [name, make, 'hostile.docx']),
    ['PDF: forms drawing forms, 100^4 strings (the time budget)', nestedForms, 'forms.pdf'],
    ['the sample report, after them all', () => readFileSync(SAMPLE), 'sample.txt'],
  ];
  // The function's worker starts with it; the first answer waits for it, as a cold start does.
  let started = performance.now();
  await validate(readFileSync(SAMPLE), 'sample.txt');
  const cold = performance.now() - started;
  const rows: (string | number)[][] = [['input', 'bytes', 'ms', 'status', 'answer bytes', 'RSS after MB', `under ${BOUND_MS / 1000} s`]];
  for (const [name, make, filename] of inputs) {
    const bytes = await make();
    (globalThis as { gc?: () => void }).gc?.();
    started = performance.now();
    const result = await validate(bytes, filename);
    const ms = performance.now() - started;
    const body = String(result.body ?? '');
    const code = result.statusCode === 200 ? '' : ` ${JSON.parse(body).code ?? JSON.parse(body).type}`;
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    rows.push([name, fmt(bytes.length), fmt(ms), `${result.statusCode}${code}`, fmt(Buffer.byteLength(body)), rss, ms < BOUND_MS ? 'yes' : 'NO']);
  }
  const { budgetMs, maxOldGenerationSizeMb } = ISOLATION_LIMITS;
  console.log(
    `\n## hostile inputs through the validate function (each parsed in its worker thread: ${budgetMs / 1000} s of its CPU, heap ${maxOldGenerationSizeMb} MB)\n`,
  );
  console.log(`first call, waiting for the worker to start: ${fmt(cold)} ms`);
  // The worker threads' heaps are in the process's resident set.
  console.log(`peak RSS of the process over the whole run: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
  console.log(table(rows));
  // The .doc tests only check that each mutated copy is read or refused with a code; the time is measured here.
  const doc = readFileSync(fixturePath('doc/beijing-2022-2021-format.doc'));
  const times: number[] = [];
  for (const bytes of mutatedDocs(doc, 200)) {
    started = performance.now();
    await validate(bytes, 'mutated.doc');
    times.push(performance.now() - started);
  }
  const slowest = Math.max(...times);
  console.log(
    `\n.doc: 200 copies with bytes, words and sector ids overwritten: median ${fmt(defined(times.sort((a, b) => a - b)[100]))} ms, slowest ${fmt(slowest)} ms, under ${BOUND_MS / 1000} s: ${slowest < BOUND_MS ? 'yes' : 'NO'}`,
  );
}
