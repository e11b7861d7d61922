import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkReport } from '../shared/check/check-report';
import { parseReport } from '../shared/parse/pipeline';
import { renderReport } from '../shared/render/render-report';
import { layout } from '../test/support/document';
import { fixturePath } from '../test/support/fixtures';
import { toDocx } from '../test/support/docx-writer';
import { toHtml, toText } from '../test/support/layouts';
import { PDF_RECIPES, pdfFixturePath } from '../test/support/pdf-fixtures';
import { buildReport, distinctNumbers } from '../test/support/sample-reports';
import { againstBase, loadBase, parserOf } from './base-compare';
import { bundledParser } from './bundled-parser';
import { fmt, median, table, throughput } from './measure';
import { defined } from '../test/support/defined';

const SAMPLE = fileURLToPath(new URL('../test/fixtures/miyun-kw-2021.txt', import.meta.url));

/**
 * The parser's own speed, in this thread: the isolated parser the functions use adds one worker
 * round-trip per document (its bound is the hostile bench's business, not this one's).
 */
const ours = parserOf({ checkReport, parseReport, renderReport });
const pipeline = ours.pipeline;

/** The floor: what any reader of the file must do at least — decode the bytes and split lines. */
const decoder = new TextDecoder('utf-8');
const floor = (bytes: Uint8Array) => decoder.decode(bytes).split('\n').length;

export async function coreBench(): Promise<void> {
  const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
  const items = layout(report);
  const inputs: [string, Uint8Array, string, number][] = [
    ['text (sample, one cell per line)', readFileSync(SAMPLE), 'r.txt', 3000],
    ['text (PDF-extracted layout)', Buffer.from(toText(items, 'pdfText')), 'r.txt', 3000],
    ['HTML (CMS page)', Buffer.from(toHtml(items, report.title)), 'r.html', 1000],
    ['DOCX', await toDocx(items), 'r.docx', 300],
  ];
  const rows: (string | number)[][] = [['layout', 'bytes', 'reports/s', 'target', 'floor/s', 'ours÷floor', 'meets']];
  for (const [name, bytes, filename, target] of inputs) {
    await pipeline(bytes, filename);
    const ours = await throughput(() => pipeline(bytes, filename));
    const base = await throughput(() => floor(bytes), 500);
    rows.push([name, bytes.length, fmt(ours), `≥ ${fmt(target)}`, fmt(base), `${fmt(ours / base, 4)}`, ours >= target ? 'yes' : 'NO']);
  }
  console.log('\n## parse + validate + render, one core\n');
  console.log(table(rows));
  await baseBench(inputs);
  await pdfBench();

  // Memory: 10,000 reports through the pipeline, heap measured after GC at checkpoints.
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const all = inputs.map(([, b, f]) => [b, f] as const);
  const marks: number[] = [];
  for (let i = 1; i <= 10_000; i++) {
    const [b, f] = defined(all[i % all.length]);
    await pipeline(b, f);
    if (i === 1000 || i === 5000 || i === 10_000) marks.push(heap());
  }
  console.log('\n## memory over 10,000 reports (heap after GC)\n');
  console.log(
    table([
      ['after', '1,000', '5,000', '10,000', '10,000 ÷ 1,000'],
      ['heap MiB', ...marks.map((m) => fmt(m / 2 ** 20, 1)), fmt(defined(marks[2]) / defined(marks[0]), 3)],
    ]),
  );
  if (!gc) console.log('(run with --expose-gc for exact figures)');
}

/**
 * The same inputs through this parser and the base commit's (issue 17 §5: text ≥ 2× the base's
 * speed, the others no slower), both in this process, alternated round by round.
 */
async function baseBench(inputs: [string, Uint8Array, string, number][]): Promise<void> {
  const base = await loadBase();
  if (!base) return;
  const rows: (string | number)[][] = [['layout', 'reports/s', `÷ ${base.commit} (same run)`, 'bar', 'meets', 'same results']];
  for (const [name, bytes, filename] of inputs) {
    const r = await againstBase(ours, base, bytes, filename);
    const bar = name.startsWith('text') ? 2 : 1;
    // A layout that should not regress is allowed the rounds' noise (5%).
    const meets = r.ratio >= (bar === 2 ? 2 : 0.95);
    rows.push([name, fmt(r.oursPerS), fmt(r.ratio, 2), bar === 2 ? '≥ 2×' : '≥ 1× (no regression)', meets ? 'yes' : 'NO', r.same ? 'yes' : 'NO']);
  }
  console.log(`\n## against ${base.commit}'s parser, parse + validate + render (median of 9 alternated rounds)\n`);
  console.log(table(rows));
}

/** Whole-process CLI time for the sample, cold, against a bare `node -e ''`. */
export function cliBench(): void {
  const runs = 15;
  const time = (args: string[]) =>
    median(
      Array.from({ length: runs }, () => {
        const t = process.hrtime.bigint();
        const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
        if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
        return Number(process.hrtime.bigint() - t) / 1e6;
      }),
    );
  const bare = time(['-e', '']);
  const cli = time(['bin/gongkai.mjs', 'validate', SAMPLE]);
  console.log('\n## CLI cold start (median of 15 processes)\n');
  console.log(
    table([
      ['command', 'ms', '÷ node -e ""', 'target'],
      ["node -e ''", fmt(bare, 1), '1.00', ''],
      ['gongkai validate sample', fmt(cli, 1), fmt(cli / bare, 2), '< 500 ms'],
    ]),
  );
}

/**
 * PDF: the floor is what any reader of a PDF's text must do at least — pdfjs opening the
 * document and `getTextContent` on every page — over the same fixture files, same options.
 * A PDF takes a second or so, so each figure is the time of whole passes over the fixtures.
 */
export async function pdfBench(): Promise<void> {
  const files = PDF_RECIPES.map((r) => [r.file, readFileSync(pdfFixturePath(r.file))] as const);
  // PDF_BENCH_CORPUS=1 adds every PDF of the corpus (test/fixtures/pdf-corpus/): the bar is each
  // file. Any other value is a pattern: the corpus files it matches alone, to time a few again.
  const corpusDir = fixturePath('pdf-corpus');
  const corpus = process.env.PDF_BENCH_CORPUS;
  if (corpus && existsSync(corpusDir)) {
    const match = corpus === '1' ? () => true : (n: string) => new RegExp(corpus).test(n);
    if (corpus !== '1') files.length = 0;
    for (const f of readdirSync(corpusDir)
      .filter((n) => n.endsWith('.pdf') && match(n))
      .sort())
      files.push([`pdf-corpus/${f}`, readFileSync(join(corpusDir, f))]);
  }
  // Ours is the parser as it ships (bundled, minified); the floor opens each document as it does:
  // the same loaded library, the same options.
  const shipped = await bundledParser();
  const { pipeline } = parserOf(shipped);
  const { lib: pdfjs, options } = await shipped.loadPdfjs();
  const textLayer = async (bytes: Uint8Array) => {
    const doc = await pdfjs.getDocument({ ...options, data: new Uint8Array(bytes) }).promise;
    let items = 0;
    for (let p = 1; p <= doc.numPages; p++) items += (await (await doc.getPage(p)).getTextContent()).items.length;
    await doc.destroy();
    return items;
  };
  // Ours and the floor take turns, one pass each, the one going first alternating: a machine that
  // slows or speeds up while a file is timed slows both alike. Each figure is the median pass, in
  // the CPU time of this process (all its threads: pdfjs inflates streams off the main thread): on
  // a machine shared with other work, wall time counts the turns others get too.
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const once = async (fn: () => Promise<unknown>) => {
    const start = cpu();
    await fn();
    return cpu() - start;
  };
  const passes = Number(process.env.PDF_BENCH_PASSES ?? 7);
  const rows: (string | number)[][] = [['PDF', 'bytes', 'reports/s', 'floor/s', 'ours÷floor (time)', '≤ 1.5×']];
  let oursTime = 0;
  let floorTime = 0;
  const ratios: number[] = [];
  for (const [file, bytes] of files) {
    const ours = () => pipeline(bytes, file);
    const base = () => textLayer(bytes);
    await ours();
    await base();
    const o: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < passes; i++) {
      if (i % 2 === 0) {
        o.push(await once(ours));
        b.push(await once(base));
      } else {
        b.push(await once(base));
        o.push(await once(ours));
      }
    }
    const [t, f] = [median(o), median(b)];
    oursTime += t;
    floorTime += f;
    ratios.push(t / f);
    rows.push([file, bytes.length, fmt(1 / t, 2), fmt(1 / f, 2), fmt(t / f, 2), t / f <= 1.5 ? 'yes' : 'NO']);
  }
  const over = rows.filter((r) => r[5] === 'NO').length;
  rows.push([
    `all fixtures (${over} of ${files.length} files over 1.5×)`,
    files.reduce((n, [, b]) => n + b.length, 0),
    fmt(files.length / oursTime, 2),
    fmt(files.length / floorTime, 2),
    fmt(oursTime / floorTime, 2),
    oursTime / floorTime <= 1.5 ? 'yes' : 'NO',
  ]);
  console.log(
    `\n## PDF parse + validate + render as bundled for the functions, one core (median CPU time of ${passes} passes per file, taking turns with the floor: pdfjs getTextContent on every page)\n`,
  );
  console.log(table(rows));
  // The bar is each file's: the worst one and how many are over say more than the total does.
  const over15 = ratios.filter((r) => r > 1.5).length;
  console.log(
    `\nper file: max ${fmt(Math.max(...ratios), 2)}×, median ${fmt(median(ratios), 2)}×, ${over15} of ${ratios.length} over 1.5× (${over15 === 0 ? 'meets' : 'does NOT meet'} the per-file bar)`,
  );
}
