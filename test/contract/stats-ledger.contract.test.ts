import { expect, it } from 'vitest';
import { describeContract } from './backends';
import { row } from './records';
import { defined } from '../support/defined';

const update = (token: string, adds: Record<string, number>, region = '440106') => ({ year: 2021, region, adds, token });

describeContract('StatsLedger', (backend) => {
  it('leases an agency-year to one owner at a time: of racing owners exactly one wins until it expires', async () => {
    const { index } = await backend.fresh();
    const won = await Promise.all(['p', 'q', 'r', 's'].map((owner) => index.leaseRow('a', 2021, owner, 1000, 500)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const holder = defined(['p', 'q', 'r', 's'][won.indexOf(true)]);
    const other = holder === 'p' ? 'q' : 'p';
    // The holder takes it again; another owner only once it has run out.
    expect(await index.leaseRow('a', 2021, holder, 1200, 500)).toBe(true);
    expect(await index.leaseRow('a', 2021, other, 1700, 500)).toBe(false);
    expect(await index.leaseRow('a', 2021, other, 1701, 500)).toBe(true);
    // The old holder's release is refused: the lease is someone else's now.
    await index.releaseRow('a', 2021, holder);
    expect(await index.leaseRow('a', 2021, holder, 1800, 500)).toBe(false);
    await index.releaseRow('a', 2021, other);
    expect(await index.leaseRow('a', 2021, holder, 1800, 500)).toBe(true);
  });

  it('writes a row only under the lease and over the version read', async () => {
    const { index } = await backend.fresh();
    const lease = { owner: 'p', until: 5000 };
    expect(await index.putRow(row('a', 2021, 1), undefined, lease)).toBe(false);
    await index.leaseRow('a', 2021, 'p', 1000, 4000);
    expect(await index.getRow('a', 2021)).toBeUndefined();
    expect(await index.putRow(row('a', 2021, 1, { pending: [update('t:x', { n: 1 })] }), 1, lease)).toBe(false);
    expect(await index.putRow(row('a', 2021, 1, { pending: [update('t:x', { n: 1 })] }), undefined, lease)).toBe(true);
    expect(await index.putRow(row('a', 2021, 2), undefined, lease)).toBe(false);
    expect(await index.putRow(row('a', 2021, 2), 1, { owner: 'q', until: 5000 })).toBe(false);
    const stored = await index.getRow('a', 2021);
    expect(stored).toMatchObject({ version: 1, pending: [update('t:x', { n: 1 })] });
    expect(stored).not.toHaveProperty('lease');
    // A newer version's pending updates are not cleared by an older commit.
    expect(await index.putRow(row('a', 2021, 2, { pending: [update('t:y', { n: 2 })] }), 1, lease)).toBe(true);
    await index.clearPending('a', 2021, 1);
    expect((await index.getRow('a', 2021))?.pending).toEqual([update('t:y', { n: 2 })]);
    await index.clearPending('a', 2021, 2);
    expect((await index.getRow('a', 2021))?.pending).toBeUndefined();
  });

  it('applies a statistics update exactly once under its token, however often it is retried', async () => {
    const { index, clock } = await backend.fresh();
    clock.set(Date.UTC(2025, 5, 1));
    await Promise.all(Array.from({ length: 5 }, () => index.applyStats(update('t:a:2021:1', { reports: 1, fees: 2.5 }))));
    await index.applyStats(update('t:a:2021:1', { reports: 1, fees: 2.5 }));
    await index.applyStats(update('t:b:2021:1', { reports: 1 }));
    // The change time is the injected clock's, and the tokens are not numbers a reader sees.
    expect(await index.getStats(2021, '440106')).toEqual({ reports: 2, fees: 2.5, changedAt: Date.UTC(2025, 5, 1) });
    // Once its token is cleared, the update is done with: the same token would count again.
    await index.clearStatsToken(update('t:a:2021:1', {}));
    await index.applyStats(update('t:a:2021:1', { reports: 1 }));
    expect((await index.getStats(2021, '440106'))?.reports).toBe(3);
  });

  it('reads roll-ups one at a time, many at once, and the level under a region', async () => {
    const { index } = await backend.fresh();
    await index.applyStats(update('t:1', { reports: 1 }, '440106'));
    await index.applyStats(update('t:2', { reports: 2 }, '440103'));
    await index.applyStats(update('t:3', { reports: 3 }, '440100'));
    await index.applyStats(update('t:4', { reports: 4 }, '110101'));
    const many = await index.getStatsMany([
      { year: 2021, region: '440103' },
      { year: 2021, region: '999999' },
      { year: 2021, region: '440106' },
    ]);
    expect(many.map((s) => s?.reports)).toEqual([2, undefined, 1]);
    expect((await index.childStats(2021, '440100')).map((c) => [c.region, c.stats.reports])).toEqual([
      ['440103', 2],
      ['440106', 1],
    ]);
    expect((await index.childStats(2021, '440000')).map((c) => c.region)).toEqual(['440100']);
    expect(await index.childStats(2021, '440106')).toEqual([]);
    expect(await index.getStats('all', '440106')).toBeUndefined();
  });

  it('lists the rows of a year for the downloads, without an emptied row, pending updates or lease', async () => {
    const { index } = await backend.fresh();
    for (const [id, region, empty] of [
      ['b', '440106', false],
      ['a', '440103', false],
      ['c', '440104', true],
    ] as const) {
      await index.leaseRow(id, 2021, 'p', 0, 1000);
      await index.putRow(row(id, 2021, 1, { region, empty, pending: [update('t:z', { n: 1 })] }), undefined, { owner: 'p', until: 1000 });
    }
    await index.noteYearAndLevel(2021, '区县级');
    await index.noteYearAndLevel(2020, undefined);
    expect(await index.statsMeta()).toEqual({ years: [2021, 2020], levels: ['区县级'] });
    const listed: unknown[] = [];
    await index.listRows('all', (r) => listed.push(r));
    expect(listed).toEqual([row('a', 2021, 1, { region: '440103', empty: false }), row('b', 2021, 1, { region: '440106', empty: false })]);
    const got = await index.getRows([
      { agency: 'b', year: 2021 },
      { agency: 'x', year: 2021 },
    ]);
    expect(got).toEqual([row('b', 2021, 1, { region: '440106', empty: false })]);
  });

  it('records a downloads build unless a later one is recorded', async () => {
    const { index } = await backend.fresh();
    const state = (rev: number) => ({ rev, build: `b${rev}`, builtAt: '2024-01-01T00:00:00.000Z', changedAt: rev });
    await index.putExportState(2021, state(2));
    await index.putExportState(2021, state(1));
    expect(await index.getExportState(2021)).toEqual(state(2));
    await index.putExportState(2021, state(3));
    expect(await index.getExportState(2021)).toEqual(state(3));
    expect(await index.getExportState('all')).toBeUndefined();
  });
});
