import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { adminVerifier } from '../shared/archive/tokens';
import type { VersionRecord } from '../shared/archive/types';
import { FUNCTION_GROUPS } from '../functions/route-table';
import { startLocalArchive, BUCKET, TABLE } from '../local/local-archive';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/local-stack';
import { fmt, median, table } from './measure';
import { copiedTextBench } from './copied-text-bench';
import { sampleVariant } from '../test/support/variants';
import { defined } from '../test/support/defined';

process.env.LOG_LEVEL = 'silent';
const ADMIN = 'bench-admin-token-0123456789abcdef';
const N = 200;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

async function medianOf(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push((await timed(() => fn(i)))[0]);
  return median(xs);
}

/**
 * Upload latency against the storage operations one upload makes, each counted as the upload sends
 * it (the clients report every command) and timed alone with the SDK against the same servers. The
 * sum is sequential; the upload sends many of its operations at once, so the ratio shows what the
 * code adds (parse, check, render, HTTP) and what running operations in parallel saves.
 */
async function uploadBench() {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
  const counts = new Map<string, number>();
  let counting = false;
  const archive = await startLocalArchive({
    dataDir: dir,
    admin: adminVerifier(ADMIN),
    observe: (_service, command) => {
      if (counting) counts.set(command, (counts.get(command) ?? 0) + 1);
    },
  });
  try {
    // 200 agencies with the sample's name, each uploading its first version: the common case. All
    // share the sample's narrative, so each upload also names (and is named by) the copies before it.
    const tokens: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await fetch(`${archive.url}/v1/agencies`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: `bench-${i}`, name: '北京市密云区科学技术委员会' }),
      });
      tokens.push(((await r.json()) as { token: string }).token);
    }
    const body = sampleVariant(7);
    counting = true;
    const upload = await medianOf(N, async (i) => {
      const r = await fetch(`${archive.url}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'text/plain' },
        body,
      });
      if (r.status !== 201) throw new Error(`upload ${r.status}`);
      await r.arrayBuffer();
    });
    counting = false;

    // Each kind of operation, timed alone with the SDK against the same servers.
    const { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, BatchGetItemCommand, BatchWriteItemCommand, DeleteItemCommand } =
      await import('@aws-sdk/client-dynamodb');
    const { S3Client, PutObjectCommand, GetObjectCommand } = await import('@aws-sdk/client-s3');
    const ddb = new DynamoDBClient({ endpoint: archive.dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const s3 = new S3Client({
      endpoint: archive.s3.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const first = defined((await archive.ports.index.listVersions('bench-0', 2021))[0]);
    const doc = await archive.ports.archive.get(first.keys.json);
    const item = (pk: string) => ({ PK: { S: pk }, SK: { S: 'V#000001' }, body: { S: 'x'.repeat(1500) } });
    const raw: Record<string, () => Promise<unknown>> = {
      GetItemCommand: () => ddb.send(new GetItemCommand({ TableName: TABLE, Key: marshall({ PK: 'AGENCY#bench-1', SK: 'PROFILE' }), ConsistentRead: true })),
      QueryCommand: () =>
        ddb.send(
          new QueryCommand({
            TableName: TABLE,
            KeyConditionExpression: 'PK = :p',
            ExpressionAttributeValues: marshall({ ':p': 'REPORT#bench-1#2021' }),
            ConsistentRead: true,
          }),
        ),
      PutItemCommand: () => ddb.send(new PutItemCommand({ TableName: TABLE, Item: item(`RAW#${Math.random()}`) })),
      UpdateItemCommand: () =>
        ddb.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: marshall({ PK: 'RAW#counter', SK: 'C' }),
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: marshall({ ':one': 1 }),
          }),
        ),
      BatchGetItemCommand: () =>
        ddb.send(
          new BatchGetItemCommand({
            RequestItems: { [TABLE]: { Keys: [marshall({ PK: 'AGENCY#bench-1', SK: 'PROFILE' }), marshall({ PK: 'AGENCY#bench-2', SK: 'PROFILE' })] } },
          }),
        ),
      BatchWriteItemCommand: () =>
        ddb.send(
          new BatchWriteItemCommand({
            RequestItems: { [TABLE]: Array.from({ length: 16 }, (_, i) => ({ PutRequest: { Item: item(`RAW#b${i}#${Math.random()}`) } })) },
          }),
        ),
      DeleteItemCommand: () => ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: marshall({ PK: 'RAW#gone', SK: 'V#000001' }) })),
      PutObjectCommand: () =>
        s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `raw/${Math.random()}`, Body: defined(doc).bytes, ContentType: 'application/json' })),
      GetObjectCommand: async () => (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: first.keys.json }))).Body?.transformToByteArray(),
    };
    const rows: [string, number, number][] = [];
    for (const [command, count] of [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const op = raw[command];
      if (!op) throw new Error(`the bench has no raw timing for ${command}`);
      rows.push([command, count / N, await medianOf(N, op)]);
    }
    ddb.destroy();
    s3.destroy();
    const sum = rows.reduce((s, [, perUpload, ms]) => s + perUpload * ms, 0);
    console.log('\n## upload latency vs. the storage operations it makes (median of 200, same servers)\n');
    console.log(
      table([
        ['operation (as the upload sends it)', 'per upload', 'median ms', 'subtotal ms'],
        ...rows.map(([n, c, ms]) => [n, fmt(c, 1), fmt(ms, 2), fmt(c * ms, 1)]),
        ['sum of its operations, one after another', '', '', fmt(sum, 1)],
        ['POST /v1/reports (HTTP, parse, check, render, store, derive)', '', '', fmt(upload, 1)],
      ]),
    );
    console.log(`\nupload ÷ its operations = ${fmt(upload / sum, 2)}   (target ≤ 1.5)`);
  } finally {
    await archive.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A clean version's listing record, for seeding the index directly (agency, year and region added by the caller). */
const cleanRecord = (): Omit<VersionRecord, 'agency' | 'year'> => ({
  version: 1,
  sha256: 'a'.repeat(64),
  size: 7000,
  contentType: 'text/plain',
  filename: 'r.txt',
  createdAt: new Date().toISOString(),
  format: '2021',
  title: '某机关年度政府信息公开工作年度报告',
  errors: 0,
  warnings: 0,
  hasErrors: false,
  keys: { original: 'o', json: 'j', html: 'h' },
  changedCells: [],
});

/** One page of the listing with 10,000 reports indexed, against the same with 100. */
async function listBench() {
  const at = async (count: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
    const archive = await startLocalArchive({ dataDir: dir, admin: adminVerifier(ADMIN), persist: false });
    try {
      const base = cleanRecord();
      const batch: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        batch.push(
          archive.ports.index.publishLatest({
            ...base,
            agency: `agency-${String(i).padStart(5, '0')}`,
            year: 2015 + (i % 10),
            region: `11${String(i % 50).padStart(4, '0')}`,
          }),
        );
        if (batch.length === 50) await Promise.all(batch.splice(0));
      }
      await Promise.all(batch);
      const pages = ['/v1/reports?limit=20', '/v1/reports?year=2021&limit=20', '/v1/reports?region=110007&limit=20'];
      const ms = await medianOf(60, async (i) => {
        const r = await fetch(`${archive.url}${pages[i % pages.length]}`);
        const j = (await r.json()) as { items: unknown[] };
        if (j.items.length === 0) throw new Error('empty page');
      });
      return ms;
    } finally {
      await archive.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const small = await at(100);
  const large = await at(10_000);
  console.log('\n## one page of GET /v1/reports (median of 60; all, by year, by region)\n');
  console.log(
    table([
      ['reports indexed', 'median ms'],
      ['100', fmt(small, 2)],
      ['10,000', fmt(large, 2)],
    ]),
  );
  console.log(`\nlist at 10,000 ÷ list at 100 = ${fmt(large / small, 2)}   (target ≤ 1.5)`);
}

/**
 * A filtered one-item page over 240 clean reports against an unfiltered one: each filter is one
 * Query on an index built for it (reports with errors are a sparse index), so filtering cannot be
 * used to make the API read the whole table.
 */
async function filterBench() {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
  const archive = await startLocalArchive({ dataDir: dir, admin: adminVerifier(ADMIN), persist: false });
  try {
    const base = { ...cleanRecord(), year: 2023, region: '440106', checked: true };
    await Promise.all(Array.from({ length: 240 }, (_, i) => archive.ports.index.publishLatest({ ...base, agency: `clean-${i}` })));
    const page = (q: string) => async () => {
      const r = await fetch(`${archive.url}/v1/reports?${q}`);
      await r.json();
    };
    const rows: (string | number)[][] = [['query (240 clean reports)', 'median ms', '÷ unfiltered', 'target ≤ 3']];
    const unfiltered = await medianOf(60, page('limit=1'));
    rows.push(['limit=1', fmt(unfiltered, 2), '1.00', '']);
    for (const q of ['hasErrors=true&limit=1', 'has=unchecked&limit=1', 'year=2023&region=440100&has=errors&limit=1', 'hasErrors=false&limit=1']) {
      const ms = await medianOf(60, page(q));
      rows.push([q, fmt(ms, 2), fmt(ms / unfiltered, 2), ms / unfiltered <= 3 ? 'yes' : 'NO']);
    }
    console.log('\n## a filtered one-item page against an unfiltered one (median of 60)\n');
    console.log(table(rows));
  } finally {
    await archive.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each function's asset as `cdk synth` writes it: index.mjs and, beside it, what it imports on first use. */
function synthesizedBundles(): Map<string, string> {
  // Inside the project, so the runtime-provided SDK resolves from node_modules as it would on Lambda.
  const out = join('dist', 'bench-synth');
  rmSync(out, { recursive: true, force: true });
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_')));
  const r = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', out], { env: { ...env, AWS_EC2_METADATA_DISABLED: 'true' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cdk synth failed: ${r.stderr}`);
  const bundles = new Map<string, string>();
  for (const stack of ['GongkaiApi', 'GongkaiArchive']) {
    const template = JSON.parse(readFileSync(join(out, `${stack}.template.json`), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: unknown } } }>;
    };
    for (const [id, res] of Object.entries(template.Resources)) {
      const key = res.Properties.Code?.S3Key;
      const group = FUNCTION_GROUPS.find((g) => id.toLowerCase().startsWith(`${g}function`));
      if (res.Type === 'AWS::Lambda::Function' && group && typeof key === 'string') bundles.set(group, join(out, `asset.${key.replace(/\.zip$/, '')}`));
    }
  }
  return bundles;
}

const fileKb = (dir: string) => statSync(join(dir, 'index.mjs')).size / 1024;
const chunksKb = (dir: string) => {
  const chunks = join(dir, 'chunks');
  return existsSync(chunks) ? readdirSync(chunks).reduce((kb, f) => kb + statSync(join(chunks, f)).size / 1024, 0) : 0;
};

/**
 * Each function's synthesized bundle: its size, and the time to import it in a fresh process against a
 * bare `node -e 0`, the two alternated round by round (a busy machine slows both alike), median of 9.
 */
async function bundleBench() {
  const bundles = synthesizedBundles();
  const rounds = 9;
  const env = { ...process.env, TABLE_NAME: 't', BUCKET_NAME: 'b', AWS_REGION: 'us-east-1' };
  const spawnMs = (args: string[]) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore', env });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const times = new Map<string, number[]>([['bare', []], ...[...bundles.keys()].map((g): [string, number[]] => [g, []])]);
  for (let i = 0; i < rounds; i++) {
    defined(times.get('bare')).push(spawnMs(['-e', '0']));
    for (const [group, dir] of bundles) defined(times.get(group)).push(spawnMs([join(dir, 'index.mjs')]));
  }
  const bare = median(defined(times.get('bare')));
  const rows: (string | number)[][] = [['function', 'index.mjs KB', 'chunks KB', 'cold import ms', '÷ node -e 0', 'size ≤ 400 KB', 'import ≤ 1.5×']];
  for (const [group, dir] of bundles) {
    const ms = median(defined(times.get(group)));
    const kb = fileKb(dir);
    rows.push([group, fmt(kb, 1), fmt(chunksKb(dir), 1), fmt(ms, 1), fmt(ms / bare, 2), kb <= 400 ? 'yes' : 'NO', ms / bare <= 1.5 ? 'yes' : 'NO']);
  }
  console.log(`\n## function bundles as \`cdk synth\` writes them (AWS SDK from the nodejs22.x runtime)\n`);
  console.log(`bare node -e 0: ${fmt(bare, 1)} ms (median of ${rounds}, alternated with the imports)\n`);
  console.log(table(rows));
}

export async function archiveBench(which?: string): Promise<void> {
  if (!which || which === 'upload') await uploadBench();
  if (!which || which === 'list') await listBench();
  if (!which || which === 'filter') await filterBench();
  if (!which || which === 'bundles') await bundleBench();
  if (!which || which === 'scale') await copiedTextBench();
}
