import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportRow } from '../shared/archive/submit-report';
import { recordRow } from '../shared/archive/stats';
import { adminVerifier } from '../shared/archive/tokens';
import type { Agency, VersionRecord } from '../shared/archive/types';
import { childRegions } from '../shared/regions/regions';
import { parseReport } from '../shared/parse/pipeline';
import { startLocalArchive } from '../local/local-archive';
import { readSample } from '../test/support/fixtures';
import { fmt, median, table } from './measure';
import { defined } from '../test/support/defined';

process.env.LOG_LEVEL = 'silent';

/** The counties the seeded agencies sit in: the same 100 for both sizes, so both trees have the same shape. */
const COUNTIES = childRegions('000000')
  .flatMap((p) => childRegions(p.code).slice(0, 2))
  .flatMap((c) => childRegions(c.code).slice(0, 2))
  .slice(0, 100)
  .map((r) => r.code);
const LEVELS = ['区县级部门', '区县级政府', '市级部门'];
const YEARS = [2019, 2020, 2021, 2022, 2023];

/**
 * Home, browse and statistics with 10,000 reports archived against the same pages with 100. The
 * archive is seeded through the commit path's index writes (the listing copy, the row and the
 * statistics, as `publishCommitted` makes them), with the sample's cells, so the pages read what uploads write.
 */
export async function siteBench(): Promise<void> {
  const parsed = await parseReport(readSample());
  if (!parsed.ok) throw new Error('the sample does not parse');
  const at = async (count: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-site-bench-'));
    const archive = await startLocalArchive({ dataDir: dir, admin: adminVerifier('bench-admin-token-0123456789abcdef'), persist: false });
    try {
      const started = performance.now();
      const batch: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const id = `agency-${String(i).padStart(5, '0')}`;
        const agency: Agency = {
          id,
          name: `测试机关${i}`,
          region: COUNTIES[i % COUNTIES.length],
          level: LEVELS[i % LEVELS.length],
          aliases: [],
          createdAt: '',
        };
        const year = defined(YEARS[i % YEARS.length]);
        const record: VersionRecord = {
          agency: id,
          year,
          version: 1,
          sha256: 'a'.repeat(64),
          size: 7000,
          contentType: 'text/plain',
          filename: 'r.txt',
          createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
          format: '2021',
          title: `${agency.name}${year}年政府信息公开工作年度报告`,
          region: agency.region,
          agencyName: agency.name,
          level: agency.level,
          search: agency.name,
          errors: i % 17 === 0 ? 1 : 0,
          warnings: 0,
          hasErrors: i % 17 === 0,
          checked: i % 23 !== 0,
          keys: { original: 'o', json: 'j', html: 'h' },
          changedCells: [],
        };
        batch.push(archive.ports.index.publishLatest(record).then(() => recordRow(archive.ports, reportRow(agency, record, parsed.report))));
        if (batch.length === 25) await Promise.all(batch.splice(0));
      }
      await Promise.all(batch);
      const seeding = performance.now() - started;
      const pages = {
        home: ['/'],
        browse: ['/reports', '/reports?year=2022', `/reports?region=${defined(COUNTIES[0]).slice(0, 2)}0000`, '/reports?year=2022&has=errors'],
        stats: ['/stats/2022', `/stats/2022?region=${defined(COUNTIES[0]).slice(0, 2)}0000`],
      };
      const out: Record<string, number> = {};
      for (const [name, urls] of Object.entries(pages)) {
        const xs: number[] = [];
        for (let i = 0; i < 40; i++) {
          const t = performance.now();
          const r = await fetch(`${archive.url}${urls[i % urls.length]}`);
          const body = await r.text();
          if (r.status !== 200 || !body.includes('</html>')) throw new Error(`${urls[i % urls.length]}: ${r.status}`);
          xs.push(performance.now() - t);
        }
        out[name] = median(xs);
      }
      return { pages: out, seeding };
    } finally {
      await archive.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const small = await at(100);
  // SITE_BENCH_N: a smaller archive for a quick look; the bar is stated at 10,000.
  const n = Number(process.env.SITE_BENCH_N ?? 10_000);
  const large = await at(n);
  console.log('\n## site pages (median ms of 40 renders each, over HTTP to npm start’s stack)\n');
  console.log(
    table([
      ['page', '100 reports', `${n.toLocaleString('en')} reports`, '÷', 'target ≤ 1.5'],
      ...Object.keys(small.pages).map((k) => {
        const ratio = defined(large.pages[k]) / defined(small.pages[k]);
        return [k, fmt(defined(small.pages[k]), 2), fmt(defined(large.pages[k]), 2), fmt(ratio, 2), ratio <= 1.5 ? 'yes' : 'NO'];
      }),
    ]),
  );
  console.log(`\nseeding through the commit path: ${fmt(large.seeding / n, 2)} ms per report at ${n.toLocaleString('en')}`);
}
