import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminVerifier } from '../../shared/archive/tokens';
import { inject } from 'vitest';
import { startLocalArchive, type LocalArchive } from '../../local/local-archive';
import type { ServerHandle } from '../../local/local-stack';
import { readSample } from './fixtures';

export const ADMIN = 'test-admin-token-0123456789-abcdef';
process.env.LOG_LEVEL ??= 'silent';

/**
 * A fresh archive on real local servers: S3 in a temp folder, DynamoDB a new table on the worker's
 * in-memory dynalite (test/support/shared-dynamo.ts) or, in a project without one, on its own.
 * Tests upload far more than an agency may in an hour; the limit has its own test.
 */
export async function freshArchive(
  options: { uploadsPerHour?: number; lambdaMs?: number } = {},
): Promise<LocalArchive & { dir: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-it-'));
  const server = workerDynamo();
  const archive = await startLocalArchive({
    dataDir: dir,
    admin: adminVerifier(ADMIN),
    uploadsPerHour: options.uploadsPerHour ?? 100_000,
    lambdaMs: options.lambdaMs,
    persist: false,
    ...(server ? { dynamo: { server, table: `gongkai-${randomUUID()}` } } : {}),
  });
  return {
    ...archive,
    dir,
    async close() {
      await archive.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits out the turn of the clock hour when it is less than a minute away: the upload limit counts
 * per clock hour, so uploads straddling the turn would be two hours' worth and a limit test would
 * see its over-the-limit upload accepted.
 */
export async function clearOfHourTurn(): Promise<void> {
  const left = 3_600_000 - (Date.now() % 3_600_000);
  if (left < 60_000) await new Promise((r) => setTimeout(r, left + 1_000));
}

export function client(base: string) {
  return async (method: string, path: string, opts: { token?: string; body?: string | Uint8Array; type?: string; json?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Uint8Array | undefined = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    } else if (opts.type) headers['content-type'] = opts.type;
    const res = await fetch(`${base}${path}`, { method, headers, body });
    const buf = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      headers: res.headers,
      bytes: buf,
      text: buf.toString('utf8'),
      json: type.includes('json') && buf.length ? JSON.parse(buf.toString('utf8')) : undefined,
    };
  };
}

export const MIYUN = { id: 'miyun-kw', name: '北京市密云区科学技术委员会', region: '110118', aliases: ['密云区科委'] };

export async function registerMiyun(call: ReturnType<typeof client>) {
  const r = await call('POST', '/v1/agencies', { token: ADMIN, json: MIYUN });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${r.text}`);
  return r.json.token as string;
}

export { readSample };

/** The worker's shared server, as a handle that cannot stop it: it belongs to the run, not to a test. */
function workerDynamo(): ServerHandle | undefined {
  const endpoints: string[] | undefined = inject('dynamoEndpoints');
  const endpoint = endpoints?.[Number(process.env.VITEST_POOL_ID ?? 1) - 1];
  if (!endpoint) return undefined;
  const refuse = async () => {
    throw new Error('the shared dynalite belongs to the test run');
  };
  return { endpoint, port: Number(new URL(endpoint).port), start: refuse, stop: refuse };
}
