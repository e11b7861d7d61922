import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { sampleVariant } from '../test/support/variants';
import { fmt, table } from './measure';
import { registerAgencies, servedAt } from './local-server';
import { defined } from '../test/support/defined';

/**
 * `npm run load`: 50 concurrent clients on loopback mixing uploads, validations and reads for
 * LOAD_SECONDS (60), at most LOAD_MAX_REQUESTS. Then every stored original is fetched and checked
 * against its SHA-256, and every accepted upload is found in the index. Fails on any 5xx.
 */
process.env.LOG_LEVEL = 'error';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const MAX_REQUESTS = Number(process.env.LOAD_MAX_REQUESTS ?? 500_000);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const AGENCIES = Number(process.env.LOAD_AGENCIES ?? 50);
const ADMIN = 'load-admin-token-0123456789abcdefgh';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// The archive runs as `npm start` does, in its own process: the clients here do not steal its loop.
const dir = mkdtempSync(join(tmpdir(), 'gongkai-load-'));
const server = spawn(
  process.execPath,
  [...(process.env.LOAD_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/srvprof'] : []), '--import', 'tsx', 'local/start.ts'],
  {
    // The load is many uploads per agency: the hourly limit is not what it measures.
    env: { ...process.env, PORT: '0', GONGKAI_DATA_DIR: dir, GONGKAI_ADMIN_TOKEN: ADMIN, GONGKAI_UPLOADS_PER_HOUR: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const base = await servedAt(server);
const tokens = await registerAgencies(base, ADMIN, AGENCIES, (i) => ({ id: `load-${i}`, region: `11000${i % 3}` }));
// A pool of report bodies: picking from it repeats some uploads, which must be idempotent.
const bodies = Array.from({ length: 400 }, (_, i) => sampleVariant(1000 + i));

type Op = 'upload' | 'validate' | 'list' | 'report' | 'html' | 'original' | 'versions' | 'agency';
const latencies = new Map<Op, number[]>();
const statuses = new Map<number, number>();
const accepted: { agency: string; version: number; sha256: string }[] = [];
let requests = 0;
let serverErrors = 0;
const deadline = performance.now() + SECONDS * 1000;

function pick(): Op {
  const x = Math.random();
  if (x < 0.25) return 'upload';
  if (x < 0.35) return 'validate';
  const reads: Op[] = ['list', 'report', 'html', 'original', 'versions', 'agency'];
  return defined(reads[Math.floor(Math.random() * reads.length)]);
}

async function one(op: Op): Promise<void> {
  const a = Math.floor(Math.random() * AGENCIES);
  const agency = `load-${a}`;
  const t = performance.now();
  let r: Response;
  switch (op) {
    case 'upload': {
      const body = defined(bodies[Math.floor(Math.random() * bodies.length)]);
      r = await fetch(`${base}/v1/reports`, { method: 'POST', headers: { authorization: `Bearer ${tokens[a]}`, 'content-type': 'text/plain' }, body });
      if (r.status === 200 || r.status === 201) {
        const j = (await r.json()) as { version: number; sha256: string };
        if (j.sha256 !== sha(body)) throw new Error('upload answered with another hash');
        accepted.push({ agency, version: j.version, sha256: j.sha256 });
      } else await r.arrayBuffer();
      break;
    }
    case 'validate':
      r = await fetch(`${base}/v1/validate`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: bodies[0] });
      await r.arrayBuffer();
      break;
    default: {
      const path = {
        list: `/v1/reports?limit=20${Math.random() < 0.5 ? '&year=2021' : ''}`,
        report: `/v1/reports/${agency}/2021`,
        html: `/v1/reports/${agency}/2021/html`,
        original: `/v1/reports/${agency}/2021/original`,
        versions: `/v1/reports/${agency}/2021/versions`,
        agency: `/v1/agencies/${agency}`,
      }[op as Exclude<Op, 'upload' | 'validate'>];
      r = await fetch(`${base}${path}`);
      await r.arrayBuffer();
    }
  }
  const ms = performance.now() - t;
  (latencies.get(op) ?? defined(latencies.set(op, []).get(op))).push(ms);
  statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  if (r.status >= 500) serverErrors++;
}

async function client(): Promise<void> {
  while (performance.now() < deadline && requests < MAX_REQUESTS) {
    requests++;
    await one(pick());
  }
}

console.log(`load: ${CLIENTS} clients, ${SECONDS} s, loopback ${base}`);
const started = performance.now();
await Promise.all(Array.from({ length: CLIENTS }, client));
const elapsed = (performance.now() - started) / 1000;

// Verification: every original by its SHA-256, every accepted upload in the index, gapless.
let verified = 0;
const problems: string[] = [];
for (let i = 0; i < AGENCIES; i++) {
  const agency = `load-${i}`;
  const res = await fetch(`${base}/v1/reports/${agency}/2021/versions`);
  if (res.status === 404) continue;
  const { versions } = (await res.json()) as { versions: { version: number; sha256: string }[] };
  for (const [k, v] of versions.entries()) if (v.version !== k + 1) problems.push(`${agency}: version ${v.version} at position ${k + 1}`);
  if (new Set(versions.map((v) => v.sha256)).size !== versions.length) problems.push(`${agency}: the same bytes stored twice`);
  for (const v of versions) {
    const original = new Uint8Array(await (await fetch(`${base}/v1/reports/${agency}/2021/original?version=${v.version}`)).arrayBuffer());
    if (sha(original) !== v.sha256) problems.push(`${agency} v${v.version}: original does not match its SHA-256`);
    else verified++;
  }
  for (const a of accepted.filter((x) => x.agency === agency)) {
    if (!versions.some((v) => v.version === a.version && v.sha256 === a.sha256)) problems.push(`${agency}: accepted v${a.version} is missing`);
  }
}
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dir, { recursive: true, force: true });

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
const all = [...latencies.values()].flat();
console.log(
  `\n${fmt(requests)} requests in ${fmt(elapsed, 1)} s = ${fmt(requests / elapsed, 0)} req/s; statuses ${[...statuses]
    .sort()
    .map(([s, n]) => `${s}×${fmt(n)}`)
    .join(', ')}\n`,
);
console.log(
  table([
    ['operation', 'count', 'p50 ms', 'p99 ms'],
    ...[...latencies].map(([op, xs]) => [op, fmt(xs.length), fmt(pct(xs, 50), 1), fmt(pct(xs, 99), 1)]),
    ['all', fmt(all.length), fmt(pct(all, 50), 1), fmt(pct(all, 99), 1)],
  ]),
);
console.log(`\n5xx: ${serverErrors}; uploads accepted: ${fmt(accepted.length)}; originals verified by SHA-256: ${fmt(verified)}; problems: ${problems.length}`);
for (const p of problems.slice(0, 20)) console.error(`FAIL ${p}`);
process.exitCode = serverErrors > 0 || problems.length > 0 ? 1 : 0;
