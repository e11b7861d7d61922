import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLING, PARSE_WORKER, parseWorkerCommand } from '../../cdk/constructs/bundling';
import { checkReport } from '../../shared/check/check-report';
import { budgetFor, ISOLATION_LIMITS, IsolatedParser, threadCpuMs, workerEntry } from '../../shared/parse/isolated-parse';
import { parseReport } from '../../shared/parse/pipeline';
import { layout } from '../support/document';
import { toDocx } from '../support/docx-writer';
import { readSample } from '../support/fixtures';
import { nestedForms } from '../support/hostile-pdfs';
import { buildReport, distinctNumbers } from '../support/sample-reports';

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const PDF = repo('test/fixtures/pdf/libreoffice-2019-hangzhou.pdf');

// The product's limits: the tests below show what they do, not a test's own.
const parser = new IsolatedParser();
afterAll(() => parser.close());

describe('the model comes back from the worker intact', () => {
  const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
  it.each([
    ['text', () => Promise.resolve(readSample())],
    ['PDF', () => Promise.resolve(readFileSync(PDF))],
    ['.docx', () => toDocx(layout(report))],
  ])('%s: the same result as a parse in this thread', { timeout: 120_000 }, async (_kind, make) => {
    const bytes = await make();
    const isolated = await parser.parse(bytes, { filename: 'report' });
    expect(isolated).toMatchObject({ ok: true });
    expect(isolated).toEqual(await parseReport(bytes, { filename: 'report' }));
  });

  it('checkReport parses in the isolated parser by default, and the rules run on what came back', async () => {
    const viaWorker = await checkReport(readSample());
    const inThread = await checkReport(readSample(), {}, {}, parseReport);
    expect(viaWorker).toEqual(inThread);
    expect(viaWorker.findings).toBeDefined();
  }, 120_000);
});

describe('a breach ends the worker, not the function', () => {
  it('forms drawing forms pass every preflight bound and are stopped by the time budget; the next document is read', async () => {
    const r = await parser.parse(nestedForms());
    expect(r).toMatchObject({ ok: false, error: { code: 'TOO_COMPLEX' }, messages: [{ code: 'PARSE_TIME_LIMIT' }] });
    expect(!r.ok && r.error.message).toContain('无法在限定时间（2.0 秒）内读完');
    const next = await parser.parse(readSample());
    expect(next.ok && next.report.agency).toBe('北京市密云区科学技术委员会');
  }, 120_000);

  it('a heap breach is TOO_COMPLEX too', async () => {
    // 32 MB holds the bundled worker and its text reader, not the blocks and lines of 500 reports in one text (under the line and cell limits).
    const small = new IsolatedParser({ ...ISOLATION_LIMITS, maxOldGenerationSizeMb: 32, budgetMs: 600_000 });
    try {
      const big = Buffer.concat(Array.from({ length: 500 }, () => readSample()));
      const r = await small.parse(big);
      expect(r).toMatchObject({ ok: false, error: { code: 'TOO_COMPLEX' }, messages: [{ code: 'PARSE_MEMORY_LIMIT' }] });
      expect(!r.ok && r.error.message).toContain('内存超过上限');
      expect((await small.parse(readSample())).ok).toBe(true);
    } finally {
      await small.close();
    }
  }, 120_000);
});

describe('workers at once, and the queue', () => {
  it('past the workers and the queue, a document is answered BUSY', async () => {
    const one = new IsolatedParser({ ...ISOLATION_LIMITS, maxWorkers: 1, maxQueued: 0 });
    try {
      const [a, b] = await Promise.all([one.parse(readSample()), one.parse(readSample())]);
      expect(a.ok).toBe(true);
      expect(b).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    } finally {
      await one.close();
    }
  }, 120_000);

  it('documents within the queue wait their turn and are all read', async () => {
    const one = new IsolatedParser({ ...ISOLATION_LIMITS, maxWorkers: 1, maxQueued: 5, maxQueueMs: Number.POSITIVE_INFINITY });
    try {
      const all = await Promise.all([1, 2, 3].map(() => one.parse(readSample())));
      expect(all.map((r) => r.ok)).toEqual([true, true, true]);
    } finally {
      await one.close();
    }
  }, 120_000);

  it('the budget is per 4 MiB', () => {
    expect(budgetFor(10)).toBe(2000);
    expect(budgetFor(4 * 1024 * 1024)).toBe(2000);
    expect(budgetFor(50 * 1024 * 1024)).toBe(25_000);
  });
});

describe('where the worker is, and what it costs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-entry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('beside a bundle, or one folder above a split chunk; TypeScript sources bundle it', () => {
    mkdirSync(join(dir, 'chunks'));
    expect(() => workerEntry(pathToFileURL(join(dir, 'index.mjs')).href)).toThrow(/not shipped/);
    writeFileSync(join(dir, 'parse-worker.mjs'), '');
    expect(workerEntry(pathToFileURL(join(dir, 'index.mjs')).href)).toEqual({ source: pathToFileURL(join(dir, 'parse-worker.mjs')), eval: false });
    expect(workerEntry(pathToFileURL(join(dir, 'chunks/chunk-X.mjs')).href)).toEqual({ source: pathToFileURL(join(dir, 'parse-worker.mjs')), eval: false });
    // From the sources, the worker is bundled (by content hash) where node_modules resolves, not run through a loader.
    const ts = workerEntry(`${pathToFileURL(repo('shared/parse/isolated-parse.ts')).href}?v=1`);
    expect(ts.eval).toBe(false);
    expect(String(ts.source)).toMatch(/\/node_modules\/\.cache\/gongkai\/parse-worker-[0-9a-f]{16}\.mjs$/);
    expect(existsSync(new URL(String(ts.source)))).toBe(true);
  });

  it('reads a thread’s CPU time from its /proc stat line, whatever its name', () => {
    const file = join(dir, 'stat');
    // utime 150 and stime 25 ticks (fields 14 and 15); the name holds a space and a parenthesis.
    writeFileSync(file, '4242 (node (a) b) R 1 2 3 4 5 6 7 8 9 10 150 25 0 0 20 0 1 0');
    expect(threadCpuMs(file)).toBe(1750);
    expect(threadCpuMs(join(dir, 'missing'))).toBeUndefined();
    expect(threadCpuMs(undefined)).toBeUndefined();
  });
});

describe('the validate function as bundled for Lambda', () => {
  it('ships the worker beside index.mjs: a hostile file is refused in the budget, the next is read, and the process exits', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gongkai-bundle-'));
    try {
      await build({
        entryPoints: [repo('functions/validate.ts')],
        bundle: true,
        platform: 'node',
        format: FUNCTION_BUNDLING.format,
        target: FUNCTION_BUNDLING.target,
        minify: FUNCTION_BUNDLING.minify,
        mainFields: FUNCTION_BUNDLING.mainFields,
        external: FUNCTION_BUNDLING.external,
        banner: { js: FUNCTION_BUNDLING.banner },
        outfile: join(out, 'index.mjs'),
        logLevel: 'error',
      });
      // The very command the CDK functions run after esbuild.
      execFileSync('bash', ['-c', parseWorkerCommand(out)]);
      // pdfjs stays beside the bundle, imported when the worker starts, never inlined.
      expect(readFileSync(join(out, PARSE_WORKER.file), 'utf8')).toContain('import("pdfjs-dist/legacy/build/pdf.mjs")');
      symlinkSync(repo('node_modules'), join(out, 'node_modules'));
      writeFileSync(join(out, 'hostile.pdf'), nestedForms());
      const script = `const { handler } = await import('./index.mjs');
        const { readFileSync } = await import('node:fs');
        const call = async (file) => {
          const r = await handler({ version: '2.0', routeKey: 'POST /v1/validate', rawPath: '/v1/validate', rawQueryString: '', headers: {}, requestContext: { http: { method: 'POST', path: '/v1/validate', sourceIp: '127.0.0.1' }, requestId: 't' }, body: readFileSync(file).toString('base64'), isBase64Encoded: true }, {});
          return { status: r.statusCode, body: JSON.parse(r.body) };
        };
        const answers = [await call('hostile.pdf'), await call(${JSON.stringify(PDF)})];
        process.stdout.write(JSON.stringify(answers));`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: out,
        encoding: 'utf8',
        env: { ...process.env, LOG_LEVEL: 'silent' },
        timeout: 120_000,
      });
      // Exited by itself: the warm worker does not hold the process.
      expect(run.status, run.stderr).toBe(0);
      const [hostile, real] = JSON.parse(run.stdout);
      expect(hostile).toMatchObject({ status: 422, body: { type: 'urn:gongkai:problem:too-complex', code: 'TOO_COMPLEX' } });
      expect(hostile.body.detail).toContain('文件过于复杂');
      expect(real).toMatchObject({ status: 200, body: { report: { agency: '杭州市人民政府' } } });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
