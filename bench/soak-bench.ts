import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleVariant } from '../test/support/variants';
import { registerAgencies, servedAt } from './local-server';
import { fmt, table } from './measure';

/**
 * `npm run bench soak`: SOAK_UPLOADS (2,000) uploads through the archive started as `npm start`
 * starts it, in its own process. After upload 300 and after the last it prints the handlers'
 * process heap (after a full collection, asked through the preloaded heap probe) and the RSS of
 * the whole process tree (the archive and the storage servers it started), summed from /proc.
 * Bars: tree growth under 300 MB, handler heap growth under 20 MB.
 */
const UPLOADS = Number(process.env.SOAK_UPLOADS ?? 2000);
const FIRST = Math.min(300, UPLOADS);
const AGENCIES = Number(process.env.SOAK_AGENCIES ?? 200);
const CLIENTS = 4;
const ADMIN = 'soak-admin-token-0123456789abcdefgh';
const MB = 1024 * 1024;
const BARS = { tree: 300 * MB, heap: 20 * MB };

interface Heap {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
  collected: boolean;
}

/** The pids of `root` and of every process under it, from the parent pid in each /proc/{pid}/stat. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields after it are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid))?.push(Number(name));
    } catch {
      // The process ended while the tree was read.
    }
  }
  const out: number[] = [];
  for (const queue = [root]; queue.length; ) {
    const pid = queue.pop() as number;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function rssOf(pid: number): number {
  try {
    const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** What a process of the tree is: the archive's own (handlers), a storage server, or a helper (tsx's esbuild). */
function roleOf(pid: number, root: number): string {
  if (pid === root) return 'handlers';
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = args.findIndex((a) => a.endsWith('emulator-process.ts'));
    return at >= 0 ? (args[at + 1] ?? 'storage') : 'other';
  } catch {
    return 'other';
  }
}

/** RSS by role, and the sum over the tree. */
function treeRss(root: number): { total: number; byRole: Map<string, number> } {
  const byRole = new Map<string, number>();
  for (const pid of processTree(root)) byRole.set(roleOf(pid, root), (byRole.get(roleOf(pid, root)) ?? 0) + rssOf(pid));
  return { total: [...byRole.values()].reduce((a, b) => a + b, 0), byRole };
}

function ask<T>(child: ChildProcess, message: object, kind: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if ((m as { kind?: string }).kind !== kind) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
    child.send(message);
  });
}

export async function soakBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-soak-'));
  const server = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', './bench/heap-probe.ts', 'local/start.ts'], {
    env: { ...process.env, PORT: '0', GONGKAI_DATA_DIR: dir, GONGKAI_ADMIN_TOKEN: ADMIN, GONGKAI_UPLOADS_PER_HOUR: '1000000', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const pid = server.pid as number;
  const base = await servedAt(server);
  // In several districts: many roll-ups are written.
  const tokens = await registerAgencies(base, ADMIN, AGENCIES, (i) => ({ id: `soak-${i}`, region: `1101${String((i % 17) + 1).padStart(2, '0')}` }));

  let next = 0;
  let stored = 0;
  const failures = new Map<number, number>();
  const upload = async (n: number) => {
    const a = n % AGENCIES;
    const r = await fetch(`${base}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[a]}`, 'content-type': 'text/plain' },
      body: sampleVariant(10_000 + n),
    });
    const answer = await r.text();
    if (r.status >= 400 && !failures.size) console.error(`upload ${n}: ${r.status} ${answer.slice(0, 300)}`);
    if (r.status === 201 || r.status === 200) stored++;
    else failures.set(r.status, (failures.get(r.status) ?? 0) + 1);
  };
  const run = async (until: number) => {
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < until) await upload(next++);
      }),
    );
  };
  const measure = async () => ({ heap: await ask<Heap>(server, { kind: 'heap' }, 'heap'), tree: treeRss(pid), processes: processTree(pid).length });

  const started = performance.now();
  const before = await measure();
  await run(FIRST);
  const first = await measure();
  // A snapshot swells the RSS it is taken in: the first is taken only when asked, and its run's RSS is not the bar's.
  if (process.env.SOAK_SNAPSHOTS) await ask(server, { kind: 'snapshot', file: join(process.env.SOAK_SNAPSHOTS, 'first.heapsnapshot') }, 'snapshot');
  await run(UPLOADS);
  const last = await measure();
  if (process.env.SOAK_SNAPSHOTS) await ask(server, { kind: 'snapshot', file: join(process.env.SOAK_SNAPSHOTS, 'last.heapsnapshot') }, 'snapshot');
  const seconds = (performance.now() - started) / 1000;
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });

  const mb = (bytes: number) => fmt(bytes / MB, 1);
  const heapGrowth = last.heap.heapUsed - first.heap.heapUsed;
  const treeGrowth = last.tree.total - first.tree.total;
  console.log(
    `\nsoak: ${fmt(UPLOADS)} uploads (${AGENCIES} agencies, ${CLIENTS} clients) in ${fmt(seconds, 0)} s; stored ${fmt(stored)}; refused ${[...failures].map(([s, n]) => `${s}×${n}`).join(', ') || 'none'}`,
  );
  if (!first.heap.collected) console.log('(heap read without --expose-gc in the archive process: not after a full collection)');
  console.log(
    table([
      ['after upload', 'handler heap MB', 'external MB', 'handlers RSS MB', 'dynamo RSS MB', 's3 RSS MB', 'other RSS MB', 'tree RSS MB', 'processes'],
      ...[
        ['0', before],
        [String(FIRST), first],
        [String(UPLOADS), last],
      ].map(([label, m]) => {
        const x = m as typeof before;
        const role = (r: string) => mb(x.tree.byRole.get(r) ?? 0);
        return [
          label as string,
          mb(x.heap.heapUsed),
          mb(x.heap.external),
          role('handlers'),
          role('dynamo'),
          role('s3'),
          role('other'),
          mb(x.tree.total),
          String(x.processes),
        ];
      }),
    ]),
  );
  const per = UPLOADS > FIRST ? (bytes: number) => `${fmt(bytes / 1024 / (UPLOADS - FIRST), 1)} KB/upload` : () => '';
  console.log(
    `growth ${FIRST}→${UPLOADS}: handler heap ${mb(heapGrowth)} MB (${per(heapGrowth)}; bar < ${mb(BARS.heap)} MB) ${heapGrowth < BARS.heap ? 'ok' : 'OVER'}; ` +
      `process tree RSS ${mb(treeGrowth)} MB (${per(treeGrowth)}; bar < ${mb(BARS.tree)} MB) ${treeGrowth < BARS.tree ? 'ok' : 'OVER'}`,
  );
  if (stored + [...failures.values()].reduce((s, n) => s + n, 0) !== UPLOADS) console.log('FAIL: some uploads were not answered');
}
