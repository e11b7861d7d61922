import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { checkReport as CheckReport } from '../shared/check/check-report';
import type { parseReport as ParseReport } from '../shared/parse/pipeline';
import type { renderReport as RenderReport } from '../shared/render/render-report';
import { median } from './measure';

/**
 * The commit whose parser the speed bars are measured against ("today's speed", issue 17 §5).
 * BENCH_BASE names another; BENCH_BASE=none leaves the comparison out.
 */
export const SPEED_BASE = '2523c82';

/** parse + check + render, as the core bench runs it: the length of the page, or a throw. */
export type Pipeline = (bytes: Uint8Array, filename: string) => Promise<string>;

interface Modules {
  checkReport: typeof CheckReport;
  parseReport: typeof ParseReport;
  renderReport: typeof RenderReport;
}

export interface Parser {
  pipeline: Pipeline;
  /** everything the pipeline produces (model, findings, messages, page), to compare two parsers' results */
  outcome: (bytes: Uint8Array, filename: string) => Promise<string>;
}

export function parserOf({ checkReport, parseReport, renderReport }: Modules): Parser {
  const check = async (bytes: Uint8Array, filename: string) => {
    const r = await checkReport(bytes, { filename }, {}, parseReport);
    if (r.error) throw new Error(`bench input did not parse: ${r.error.message}`);
    return r;
  };
  return {
    pipeline: async (bytes, filename) => renderReport(await check(bytes, filename)),
    outcome: async (bytes, filename) => {
      const r = await check(bytes, filename);
      return JSON.stringify(r) + renderReport(r);
    },
  };
}

export interface Base extends Parser {
  commit: string;
}

/**
 * The base commit's parser, checked out of this repository's history with `git archive` into a
 * temporary directory (its `shared/` and package.json, beside a link to this node_modules) and
 * imported from there, so both parsers run in this one process and every ratio comes from one run.
 * Undefined, with the reason printed, when there is no git history to take it from.
 */
export async function loadBase(): Promise<Base | undefined> {
  const commit = process.env.BENCH_BASE ?? SPEED_BASE;
  if (commit === 'none') return undefined;
  if (spawnSync('git', ['cat-file', '-e', `${commit}^{commit}`], { stdio: 'ignore' }).status !== 0) {
    console.log(`(no commit ${commit} in this checkout: the comparison with it is left out)`);
    return undefined;
  }
  const dir = join(tmpdir(), `gongkai-bench-base-${commit}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['archive', '--format=tar', commit, 'shared', 'package.json'], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const load = (p: string) => import(pathToFileURL(join(dir, p)).href);
  const [{ checkReport }, { parseReport }, { renderReport }] = await Promise.all([
    load('shared/check-report.ts'),
    load('shared/parse/pipeline.ts'),
    load('shared/render/render-report.ts'),
  ]);
  return { commit, ...parserOf({ checkReport, parseReport, renderReport }) };
}

/** Calls per second of this process's CPU time (all its threads, the collector's too), after a warm-up. */
async function cpuThroughput(fn: () => Promise<unknown>, minMs: number): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  const start = process.cpuUsage();
  let n = 0;
  let ms = 0;
  while (ms < minMs) {
    for (let i = 0; i < 10; i++) await fn();
    n += 10;
    const used = process.cpuUsage(start);
    ms = (used.user + used.system) / 1000;
  }
  return (n * 1000) / ms;
}

/**
 * Ours against the base on one input, in alternated rounds: the median of each round's ratio, and
 * whether the two gave the same results. Each side is timed by the CPU time it used, not the clock:
 * on a machine shared with other work, wall time also counts the waits for a core.
 */
export async function againstBase(ours: Parser, base: Parser, bytes: Uint8Array, filename: string, rounds = 9, roundMs = 300) {
  const same = (await ours.outcome(bytes, filename)) === (await base.outcome(bytes, filename));
  const ratios: number[] = [];
  const oursPerS: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const a = await cpuThroughput(() => ours.pipeline(bytes, filename), roundMs);
    const b = await cpuThroughput(() => base.pipeline(bytes, filename), roundMs);
    ratios.push(a / b);
    oursPerS.push(a);
  }
  return { ratio: median(ratios), oursPerS: median(oursPerS), same };
}
