import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkReport } from '../shared/check-report';
import { renderReport } from '../shared/render/render-report';
import { layout } from '../test/support/document';
import { toDocx } from '../test/support/docx-writer';
import { toHtml, toText } from '../test/support/layouts';
import { buildReport, distinctNumbers } from '../test/support/sample-reports';
import { fmt, median, table, throughput } from './measure';

const SAMPLE = fileURLToPath(new URL('../test/fixtures/miyun-kw-2021.txt', import.meta.url));

async function pipeline(bytes: Uint8Array, filename: string) {
  const r = await checkReport(bytes, { filename });
  if (r.error) throw new Error(`bench input did not parse: ${r.error.message}`);
  return renderReport(r).length;
}

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

  // Memory: 10,000 reports through the pipeline, heap measured after GC at checkpoints.
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const all = inputs.map(([, b, f]) => [b, f] as const);
  const marks: number[] = [];
  for (let i = 1; i <= 10_000; i++) {
    const [b, f] = all[i % all.length]!;
    await pipeline(b, f);
    if (i === 1000 || i === 5000 || i === 10_000) marks.push(heap());
  }
  console.log('\n## memory over 10,000 reports (heap after GC)\n');
  console.log(table([
    ['after', '1,000', '5,000', '10,000', '10,000 ÷ 1,000'],
    ['heap MiB', ...marks.map((m) => fmt(m / 2 ** 20, 1)), fmt(marks[2]! / marks[0]!, 3)],
  ]));
  if (!gc) console.log('(run with --expose-gc for exact figures)');
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
  console.log(table([
    ['command', 'ms', '÷ node -e ""', 'target'],
    ["node -e ''", fmt(bare, 1), '1.00', ''],
    ['gongkai validate sample', fmt(cli, 1), fmt(cli / bare, 2), '< 500 ms'],
  ]));
}
