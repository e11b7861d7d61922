import { existsSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ParseOptions, ParseResult } from './pipeline';
import { workerFromSource } from './worker-from-source';

/**
 * Parsing a document in a worker thread, so that no document can stall or exhaust the function
 * that reads it: the worker has a heap cap and a wall-clock budget, and on a breach it is
 * terminated and the document refused as TOO_COMPLEX, while a fresh worker serves the next one.
 * The model comes back by structured clone; the rules run in the caller.
 */

/** Set in `workerData`, so that the worker module does nothing when imported anywhere else. */
export const PARSE_WORKER_ROLE = 'gongkai-parse-worker';

export interface ParseJob {
  id: number;
  bytes: Uint8Array;
  options: ParseOptions;
}
/** `cpu`: the worker thread's /proc stat file (Linux), through which its CPU time is read. */
export type WorkerMessage = { ready: true; cpu?: string } | { id: number; begin: true } | { id: number; result: ParseResult };

/** The direct upload limit (MAX_BODY_BYTES of the HTTP edge): the size the base budget is for. */
const BUDGET_BYTES = 4 * 1024 * 1024;

export interface IsolationLimits {
  /**
   * Time one document of up to 4 MiB may take in the worker, counted from the moment a warm worker
   * takes it; a larger file (a large upload, read by the ingest) gets it per 4 MiB. Where Linux
   * tells the worker thread's CPU time, that is what is counted, so a busy machine (the local
   * server under load, a laptop running the CLI, a test run) does not refuse a real report; the
   * function on Lambda has its vCPU to itself, where CPU time and wall-clock time are the same.
   */
  budgetMs: number;
  /** the wall-clock ceiling, as a multiple of the budget: a worker that waits instead of computing, or a starved machine */
  wallFactor: number;
  /** V8 heap caps of the worker (resourceLimits); a breach ends the worker, not the process */
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  stackSizeMb: number;
  /** workers parsing at once; the rest wait their turn */
  maxWorkers: number;
  /** documents that may wait for a worker; past this, or past maxQueueMs of waiting, BUSY */
  maxQueued: number;
  maxQueueMs: number;
  /** how long a worker may take to load its modules: past this the deployment is broken */
  startupMs: number;
}

export const ISOLATION_LIMITS: IsolationLimits = {
  // The bound: 2 s for any input within the direct-upload limit, on one Lambda vCPU. What is
  // over it is refused; real reports are far under it, but not by as much as one might think: a
  // Chromium-printed page costs pdfjs alone about 130 ms of CPU (a Type 3 font per page), so a
  // ten-page CMS print takes a second and more. Hostile shapes are mostly stopped by the bounds
  // inside the extractors (pdf-preflight.ts, the .docx tag count) in milliseconds; this budget is
  // the last line, for what no bound names.
  budgetMs: 2000,
  wallFactor: 4,
  // The upload and validate functions have 1,769 MB (cdk/api-stack.ts): the worker's heap plus the
  // main thread's stay well under it, so a heap breach is the worker's end, never the function's.
  maxOldGenerationSizeMb: 512,
  maxYoungGenerationSizeMb: 64,
  stackSizeMb: 4,
  // A Lambda container handles one request at a time; the local server may handle several.
  maxWorkers: 2,
  maxQueued: 32,
  maxQueueMs: 10_000,
  // Generous: a bundle starts in well under a second, TypeScript sources under tsx in seconds.
  startupMs: 60_000,
};

const REUPLOAD = '请检查文件，或另存为新的 PDF/Word 后重新上传';

/** The budget of a document of `size` bytes. */
export const budgetFor = (size: number, limits: Pick<IsolationLimits, 'budgetMs'> = ISOLATION_LIMITS) =>
  Math.round(limits.budgetMs * Math.max(1, size / BUDGET_BYTES));

type Breach = 'time' | 'heap' | 'crash';

function breachResult(kind: Breach, budgetMs: number, limits: IsolationLimits): ParseResult {
  const seconds = (budgetMs / 1000).toFixed(1);
  const message =
    kind === 'time'
      ? `文件过于复杂，无法在限定时间（${seconds} 秒）内读完：${REUPLOAD}`
      : kind === 'heap'
        ? `文件过于复杂，读取所需的内存超过上限：${REUPLOAD}`
        : `文件过于复杂，读取时解析程序意外中止：${REUPLOAD}`;
  // The message beside it says which bound, in figures (the problem's detail is the clerk's).
  const [code, note] =
    kind === 'time'
      ? ['PARSE_TIME_LIMIT', `解析用时达到 ${seconds} 秒的上限，已中止`]
      : kind === 'heap'
        ? ['PARSE_MEMORY_LIMIT', `解析所需内存超过 ${limits.maxOldGenerationSizeMb} MB 的上限，已中止`]
        : ['PARSE_ABORTED', '解析线程意外退出'];
  return { ok: false, error: { code: 'TOO_COMPLEX', message }, messages: [{ level: 'error', code, message: note }] };
}

const busyResult = (): ParseResult => ({
  ok: false,
  error: { code: 'BUSY', message: '系统正忙，同时读取的文件过多，这份文件没有读取：请稍后重试' },
  messages: [],
});

/** How a worker is started: a bundle's own file, or (TypeScript sources) a bootstrap that loads tsx first. */
export interface WorkerEntry {
  source: URL | string;
  eval: boolean;
}

/** Where the worker module is: beside this source under tsx/vitest, or beside the bundle. */
export function workerEntry(here = import.meta.url): WorkerEntry {
  // The module's own URL; a test runner may add a query to it (?v=…).
  const self = new URL(here);
  self.search = '';
  // TypeScript sources (npm start, the tests): the worker bundled from them, as a function ships it.
  if (self.pathname.endsWith('.ts')) return { source: workerFromSource(new URL('./parse-worker.ts', self)), eval: false };
  // A Lambda bundle has it beside index.mjs; the CLI's split chunks live one folder below it.
  for (const rel of ['./parse-worker.mjs', '../parse-worker.mjs']) {
    const url = new URL(rel, self);
    if (existsSync(url)) return { source: url, eval: false };
  }
  throw new Error(`parse-worker.mjs is not shipped beside ${here}`);
}

type Outcome = { result: ParseResult } | { breach: Breach };

/** Clock ticks per second of /proc's utime and stime: USER_HZ, 100 on every Linux Lambda runs. */
const USER_HZ = 100;

/** The CPU time (user + system) a thread has used, from its /proc stat line; undefined where unreadable. */
export function threadCpuMs(statFile: string | undefined): number | undefined {
  if (!statFile) return undefined;
  try {
    // Fields after the command name (which may hold spaces, so split after its ')'): utime is the 12th, stime the 13th.
    const stat = readFileSync(statFile, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

/** One worker thread and the job it is running. */
class Slot {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  dead = false;
  /** where the worker thread's CPU time is read (Linux); elsewhere the budget is wall-clock */
  private cpu: string | undefined;
  private current: { id: number; begin: () => void; settle: (o: Outcome) => void } | undefined;

  constructor(entry: WorkerEntry, limits: IsolationLimits) {
    this.worker = new Worker(entry.source, {
      eval: entry.eval,
      workerData: { role: PARSE_WORKER_ROLE },
      // Not the parent's flags (--input-type, --expose-gc, a test runner's loaders).
      execArgv: [],
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb,
        stackSizeMb: limits.stackSizeMb,
      },
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`the parse worker did not start within ${limits.startupMs} ms`));
      }, limits.startupMs);
      timer.unref();
      this.worker.on('message', (m: WorkerMessage) => {
        if ('ready' in m) {
          clearTimeout(timer);
          this.cpu = m.cpu;
          resolve();
        } else if (this.current?.id === m.id) {
          if ('begin' in m) this.current.begin();
          else this.finish({ result: m.result });
        }
      });
      const ended = (err: unknown) => {
        this.dead = true;
        clearTimeout(timer);
        reject(new Error(`the parse worker failed to start: ${String(err)}`));
        const heap = (err as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        this.finish({ breach: heap ? 'heap' : 'crash' });
      };
      this.worker.on('error', ended);
      this.worker.on('exit', (code) => ended(`exit ${code}`));
    });
    // A rejection nobody awaits (a warm worker that failed) must not crash the process.
    this.ready.catch(() => {});
  }

  run(job: ParseJob, budgetMs: number, wallMs: number): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      // The wall-clock ceiling runs from the post; the budget from the worker's word that the
      // document's own work begins (after readying its kind's extractor, the same for every document).
      const posted = performance.now();
      let started = posted;
      let cpuAtStart = threadCpuMs(this.cpu);
      let timer: NodeJS.Timeout;
      // Checked when the budget could first be spent, then again for what is left of it.
      const check = () => {
        const wall = performance.now() - posted;
        const cpuNow = threadCpuMs(this.cpu);
        const used = cpuAtStart === undefined || cpuNow === undefined ? performance.now() - started : cpuNow - cpuAtStart;
        if (used >= budgetMs || wall >= wallMs) {
          this.kill();
          this.finish({ breach: 'time' });
          return;
        }
        timer = setTimeout(check, Math.max(20, Math.min(budgetMs - used, wallMs - wall)));
      };
      timer = setTimeout(check, budgetMs);
      this.current = {
        id: job.id,
        begin: () => {
          started = performance.now();
          cpuAtStart = threadCpuMs(this.cpu);
        },
        settle: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      };
      this.worker.ref();
      // The bytes are copied, not transferred: the caller stores them afterwards.
      this.worker.postMessage(job);
    });
  }

  /** Idle: the process may exit (the CLI) and the thread waits for the next job. */
  park(): void {
    this.worker.unref();
  }

  kill(): void {
    this.dead = true;
    void this.worker.terminate();
  }

  private finish(o: Outcome): void {
    const current = this.current;
    this.current = undefined;
    current?.settle(o);
  }
}

interface Waiting {
  start: () => void;
  timer?: NodeJS.Timeout;
}

export class IsolatedParser {
  private readonly idle: Slot[] = [];
  private running = 0;
  private readonly queue: Waiting[] = [];
  private nextId = 1;
  private entry: WorkerEntry | undefined;

  constructor(readonly limits: IsolationLimits = ISOLATION_LIMITS) {}

  /** Parses in a worker; a budget or heap breach answers TOO_COMPLEX, a full queue BUSY. */
  parse = async (bytes: Uint8Array, options: ParseOptions = {}): Promise<ParseResult> => {
    if (this.running >= this.limits.maxWorkers) {
      const turn = await this.waitTurn();
      if (!turn) return busyResult();
    } else {
      this.running++;
    }
    try {
      return await this.runJob(bytes, options);
    } finally {
      this.running--;
      this.next();
    }
  };

  /** Starts a worker ahead of the first document (at a cold start), so its loading is not in a request. */
  warm(): void {
    if (this.idle.length === 0 && this.running === 0) this.idle.push(this.spawnParked());
  }

  /** Ends every worker (tests, and the local server's stop). */
  async close(): Promise<void> {
    for (const w of this.queue.splice(0)) clearTimeout(w.timer);
    await Promise.all(this.idle.splice(0).map((s) => s.worker.terminate()));
  }

  private async runJob(bytes: Uint8Array, options: ParseOptions): Promise<ParseResult> {
    let slot = this.idle.pop();
    while (slot?.dead) slot = this.idle.pop();
    slot ??= this.spawn();
    slot.worker.ref();
    await slot.ready;
    const budgetMs = budgetFor(bytes.length, this.limits);
    const outcome = await slot.run({ id: this.nextId++, bytes, options }, budgetMs, budgetMs * this.limits.wallFactor);
    if ('result' in outcome) {
      this.release(slot);
      return outcome.result;
    }
    // The worker is gone: a fresh one waits for the next document.
    if (this.idle.length === 0) this.idle.push(this.spawnParked());
    return breachResult(outcome.breach, budgetMs, this.limits);
  }

  private release(slot: Slot): void {
    if (slot.dead) return;
    // One warm worker is kept; more are started only while documents arrive together.
    if (this.idle.length === 0) {
      slot.park();
      this.idle.push(slot);
    } else {
      slot.kill();
    }
  }

  private waitTurn(): Promise<boolean> {
    if (this.queue.length >= this.limits.maxQueued) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiting: Waiting = {
        start: () => {
          clearTimeout(waiting.timer);
          resolve(true);
        },
      };
      // The wait is not the document's fault: it is not charged to its budget, but past
      // maxQueueMs the caller is told to come back (a finite bound; the CLI waits as long as it takes).
      if (Number.isFinite(this.limits.maxQueueMs)) {
        waiting.timer = setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiting), 1);
          resolve(false);
        }, this.limits.maxQueueMs);
      }
      this.queue.push(waiting);
    });
  }

  /** A worker came free: the next waiting document takes it (the running count passes on). */
  private next(): void {
    const waiting = this.queue.shift();
    if (!waiting) return;
    this.running++;
    waiting.start();
  }

  private spawn(): Slot {
    this.entry ??= workerEntry();
    return new Slot(this.entry, this.limits);
  }

  private spawnParked(): Slot {
    const slot = this.spawn();
    slot.park();
    return slot;
  }
}

let shared: IsolatedParser | undefined;

/** The process's one isolated parser, created on first use. */
export const isolatedParser = (): IsolatedParser => {
  shared ??= new IsolatedParser();
  return shared;
};

/** parseReport, in the process's isolated parser: what every product entry point uses. */
export const isolatedParse = (bytes: Uint8Array, options: ParseOptions = {}): Promise<ParseResult> => isolatedParser().parse(bytes, options);
