import { describe, expect, it } from 'vitest';
import { foldLocally } from '../../local/stats-fold';
import { foldChanges } from '../../shared/archive/fold-stats';
import { aggregate, readChildStats, readStats, recordRow, recountWithout } from '../../shared/archive/stats';
import type { RowChange } from '../../shared/archive/types';
import { reportRow } from '../support/report-rows';
import { memoryIndex } from '../../shared/storage/memory/memory-index';
import type { ReportIndex } from '../../shared/storage/ports';

const row = reportRow;

/** An index whose row writes are logged, and the fold over that log, as `npm start` runs them. */
function archive() {
  const stored = memoryIndex();
  const local = foldLocally(stored, 3_600_000);
  return { index: local.index, stored, fold: local.fold, stop: local.stop };
}

const national = async (index: ReportIndex, year: number | 'all' = 2021) => aggregate(await readStats(index, year, '000000'));

/** Counts the fold's writes of each roll-up. */
function counting(index: ReportIndex) {
  const writes = new Map<string, number>();
  const bump = (k: string) => writes.set(k, (writes.get(k) ?? 0) + 1);
  const counted: ReportIndex = {
    ...index,
    addOwn: (year, region, adds, marks) => {
      bump(`own ${region}`);
      return index.addOwn(year, region, adds, marks);
    },
    putTotal: (year, region, values, rev) => {
      bump(`total ${region}`);
      return index.putTotal(year, region, values, rev);
    },
  };
  return { counted, writes };
}

describe('the statistics fold', () => {
  it('sums every level from the rows, as a hand sum does', async () => {
    const { index, fold, stop } = archive();
    await recordRow({ index }, row('a', 1, { x: 2 }));
    await recordRow({ index }, row('b', 1, { x: 3 }, { region: '440103' }));
    await recordRow({ index }, row('c', 1, { x: 5 }, { region: '440100', level: '市级' }));
    await recordRow({ index }, row('d', 1, { x: 7 }, { region: '110101', checked: false }));
    await recordRow({ index }, row('e', 1, { x: 11 }, { region: undefined, level: '中央' }));
    expect((await national(index)).reports).toBe(0);
    await fold();
    expect(await national(index)).toMatchObject({ reports: 5, checked: 4, unchecked: 1, cells: { x: 21 } });
    expect(aggregate(await index.getStats(2021, '440100'))).toMatchObject({ reports: 3, cells: { x: 10 } });
    expect(aggregate(await index.getStats(2021, '440000'))).toMatchObject({ reports: 3, cells: { x: 10 } });
    expect(aggregate(await index.getStats(2021, '110000'))).toMatchObject({ reports: 1, unchecked: 1, cells: {} });
    expect((await readChildStats(index, 2021, '000000')).map((c) => [c.region, c.stats.reports])).toEqual([
      ['110000', 1],
      ['440000', 3],
    ]);
    expect(await index.statsMeta()).toEqual({ years: [2021], levels: ['中央', '区县级', '市级'] });
    await stop();
  });

  it('counts a correction once: the later version replaces the earlier one', async () => {
    const { index, fold, stop } = archive();
    await recordRow({ index }, row('a', 1, { x: 2, y: 1 }));
    await fold();
    await recordRow({ index }, row('a', 2, { x: 5 }));
    await fold();
    expect(await national(index)).toMatchObject({ reports: 1, cells: { x: 5 } });
    expect((await national(index)).cells.y).toBeUndefined();
    // A late old version changes nothing, folded or not.
    await recordRow({ index }, row('a', 1, { x: 2, y: 1 }));
    await fold();
    expect(await national(index)).toMatchObject({ reports: 1, cells: { x: 5 } });
    await stop();
  });

  it('changes nothing when a batch is delivered again, whole or in part', async () => {
    const index = memoryIndex();
    const v1 = row('a', 1, { x: 2 }, { rev: 1 });
    const v2 = row('a', 2, { x: 5 }, { rev: 2 });
    const other = row('b', 1, { x: 3 }, { rev: 1, region: '110101' });
    const batch: RowChange[] = [{ new: v1 }, { old: v1, new: v2 }, { new: other }];
    await foldChanges(index, batch);
    const once = await national(index);
    expect(once).toMatchObject({ reports: 2, cells: { x: 8 } });
    await foldChanges(index, batch);
    await foldChanges(index, batch.slice(1));
    await foldChanges(index, batch.slice(0, 1));
    expect(await national(index)).toMatchObject({ reports: 2, cells: { x: 8 } });
    // Only the delivery of a change not yet applied moves the figures.
    await foldChanges(index, [{ old: v2, new: row('a', 3, { x: 1 }, { rev: 3 }) }]);
    expect(await national(index)).toMatchObject({ reports: 2, cells: { x: 4 } });
  });

  it('falls back to the newest version left when one is withdrawn, and to nothing when none is left', async () => {
    const { index, fold, stop } = archive();
    const v1 = row('a', 1, { x: 2 });
    await recordRow({ index }, v1);
    await recordRow({ index }, row('a', 2, { x: 5 }));
    await fold();
    await recountWithout({ index }, { agency: 'a', year: 2021 }, 2, v1);
    await fold();
    expect(await national(index)).toMatchObject({ reports: 1, cells: { x: 2 } });
    // Sent again, and the withdrawn version's upload finishing late: nothing moves.
    await recountWithout({ index }, { agency: 'a', year: 2021 }, 2, v1);
    await recordRow({ index }, row('a', 2, { x: 5 }));
    await fold();
    expect(await national(index)).toMatchObject({ reports: 1, cells: { x: 2 } });
    await recountWithout({ index }, { agency: 'a', year: 2021 }, 1, undefined);
    await fold();
    expect(await national(index)).toMatchObject({ reports: 0, cells: {} });
    await stop();
  });

  it('counts 50 concurrent uploads of one agency-year once, as the newest', async () => {
    const { index, fold, stop } = archive();
    await Promise.all(Array.from({ length: 50 }, (_, i) => recordRow({ index }, row('a', i + 1, { x: i + 1 }))));
    await fold();
    expect(await national(index)).toMatchObject({ reports: 1, cells: { x: 50 } });
    expect((await index.getRow('a', 2021))?.version).toBe(50);
    await stop();
  });

  it('writes each roll-up once per batch: 100 uploads in a county are one write of the country', async () => {
    const index = memoryIndex();
    const { counted, writes } = counting(index);
    const batch = Array.from({ length: 100 }, (_, i) => ({ new: row(`a${i}`, 1, { x: 1 }, { rev: 1, region: i % 2 ? '440106' : '440103' }) }));
    await foldChanges(counted, batch);
    expect(Object.fromEntries(writes)).toEqual({ 'own 440106': 2, 'own 440103': 2, 'total 440100': 1, 'total 440000': 1, 'total 000000': 1 });
    expect(await national(index)).toMatchObject({ reports: 100, cells: { x: 100 } });
  });

  it('sums the years for the figures across years: counts only', async () => {
    const { index, fold, stop } = archive();
    await recordRow({ index }, row('a', 1, { x: 2 }));
    await recordRow({ index }, row('a', 1, { x: 3 }, { year: 2022, errors: 1 }));
    await fold();
    expect(await national(index, 'all')).toMatchObject({ reports: 2, withErrors: 1, cells: {} });
    expect((await readChildStats(index, 'all', '440000')).map((c) => [c.region, c.stats.reports])).toEqual([['440100', 2]]);
    await stop();
  });
});
