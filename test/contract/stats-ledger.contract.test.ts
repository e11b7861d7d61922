import { expect, it } from 'vitest';
import { describeContract } from './backends';
import { indexKeys, ROW_SHARDS } from '../../shared/storage/table-keys';
import { row } from './records';

describeContract('StatsLedger', (backend) => {
  it('writes a row only over the row read: its version and rev', async () => {
    const { index } = await backend.fresh();
    const v1 = row('a', 2021, 1, { rev: 1 });
    expect(await index.getRow('a', 2021)).toBeUndefined();
    expect(await index.putRow(v1, row('a', 2021, 1))).toBe(false);
    // Of racing first writers exactly one lands.
    const won = await Promise.all([v1, { ...v1, cells: { a: 9 } }].map((r) => index.putRow(r, undefined)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const stored = await index.getRow('a', 2021);
    expect(stored?.rev).toBe(1);
    expect(await index.putRow(row('a', 2021, 2, { rev: 2 }), undefined)).toBe(false);
    expect(await index.putRow(row('a', 2021, 2, { rev: 2 }), { ...v1, rev: 0 })).toBe(false);
    expect(await index.putRow(row('a', 2021, 2, { rev: 2 }), { ...v1, version: 2 })).toBe(false);
    expect(await index.putRow(row('a', 2021, 2, { rev: 2 }), stored)).toBe(true);
    expect(await index.getRow('a', 2021)).toEqual(row('a', 2021, 2, { rev: 2 }));
  });

  it("moves an own roll-up and its agencies' marks only from the marks read", async () => {
    const { index, clock } = await backend.fresh();
    clock.set(Date.UTC(2025, 5, 1));
    expect(await index.readOwn(2021, '440106')).toBeUndefined();
    expect(await index.addOwn(2021, '440106', { reports: 1, fees: 2.5 }, [{ agency: 'a', from: undefined, to: 1 }])).toBe(true);
    // A second fold that read the same (absent) mark is refused: the change is not counted twice.
    expect(await index.addOwn(2021, '440106', { reports: 1, fees: 2.5 }, [{ agency: 'a', from: undefined, to: 1 }])).toBe(false);
    expect(
      await index.addOwn(2021, '440106', { reports: 1 }, [
        { agency: 'a', from: 1, to: 1 },
        { agency: 'b', from: 3, to: 4 },
      ]),
    ).toBe(false);
    expect(
      await index.addOwn(2021, '440106', { reports: 1, fees: -0.5 }, [
        { agency: 'a', from: 1, to: 3 },
        { agency: 'b', from: undefined, to: 1 },
      ]),
    ).toBe(true);
    expect(await index.readOwn(2021, '440106')).toEqual({ values: { reports: 2, fees: 2, rev: 2, changedAt: Date.UTC(2025, 5, 1) }, marks: { a: 3, b: 1 } });
    // A county's own roll-up is its total; the marks are not part of it.
    expect(await index.getStats(2021, '440106')).toEqual({ reports: 2, fees: 2, rev: 2, changedAt: Date.UTC(2025, 5, 1) });
  });

  it("reads a total's parts and writes the total only over the revision read", async () => {
    const { index, clock } = await backend.fresh();
    await index.addOwn(2021, '440106', { reports: 1 }, [{ agency: 'a', from: undefined, to: 1 }]);
    await index.addOwn(2021, '440103', { reports: 2 }, [{ agency: 'b', from: undefined, to: 1 }]);
    await index.addOwn(2021, '440100', { reports: 3 }, [{ agency: 'c', from: undefined, to: 1 }]);
    await index.addOwn(2021, '110101', { reports: 4 }, [{ agency: 'd', from: undefined, to: 1 }]);
    const parts = await index.readParts(2021, '440100');
    expect(parts.rev).toBeUndefined();
    expect(parts.parts.map((p) => p.reports).sort()).toEqual([1, 2, 3]);
    clock.set(Date.UTC(2025, 5, 2));
    expect(await index.putTotal(2021, '440100', { reports: 6 }, undefined)).toBe(true);
    expect(await index.putTotal(2021, '440100', { reports: 7 }, undefined)).toBe(false);
    expect(await index.putTotal(2021, '440100', { reports: 6 }, 1)).toBe(true);
    expect(await index.getStats(2021, '440100')).toEqual({ reports: 6, rev: 2, changedAt: Date.UTC(2025, 5, 2) });
    expect((await index.readParts(2021, '440100')).rev).toBe(2);
    const many = await index.getStatsMany([
      { year: 2021, region: '440103' },
      { year: 2021, region: '999999' },
      { year: 2021, region: '440106' },
    ]);
    expect(many.map((s) => s?.reports)).toEqual([2, undefined, 1]);
    // The children's totals, without the region's own roll-up.
    expect((await index.childStats(2021, '440100')).map((c) => [c.region, c.stats.reports])).toEqual([
      ['440103', 2],
      ['440106', 1],
    ]);
    expect((await index.childStats(2021, '440000')).map((c) => c.region)).toEqual(['440100']);
    expect(await index.childStats(2021, '440106')).toEqual([]);
    expect(await index.getStats(2020, '440106')).toBeUndefined();
  });

  it('lists the rows of a year for the downloads, without an emptied row', async () => {
    const { index } = await backend.fresh();
    for (const [id, region, empty] of [
      ['b', '440106', false],
      ['a', '440103', false],
      ['c', '440104', true],
    ] as const) {
      await index.putRow(row(id, 2021, 1, { region, empty, rev: 1 }), undefined);
    }
    await index.noteYearsAndLevels([2021], ['区县级']);
    await index.noteYearsAndLevels([2020, 2021], []);
    expect(await index.statsMeta()).toEqual({ years: [2021, 2020], levels: ['区县级'] });
    const listed: unknown[] = [];
    await index.listRows('all', (r) => listed.push(r));
    expect(listed).toEqual([row('a', 2021, 1, { region: '440103', empty: false, rev: 1 }), row('b', 2021, 1, { region: '440106', empty: false, rev: 1 })]);
    const got = await index.getRows([
      { agency: 'b', year: 2021 },
      { agency: 'x', year: 2021 },
    ]);
    expect(got).toEqual([row('b', 2021, 1, { region: '440106', empty: false, rev: 1 })]);
  });

  it("lists a year's rows from every shard of the downloads index, by region then agency", async () => {
    const { index } = await backend.fresh();
    // Enough agencies to land on every shard, written in an order unlike the listing's.
    const ids = Array.from({ length: 60 }, (_, i) => `agency-${String(i).padStart(2, '0')}`);
    expect(new Set(ids.map((id) => indexKeys.rows(2021, id))).size).toBe(ROW_SHARDS);
    const regionOf = (i: number) => (i % 3 === 0 ? '440106' : i % 3 === 1 ? '110118' : '440103');
    for (const [i, id] of [...ids.entries()].reverse()) await index.putRow(row(id, 2021, 1, { region: regionOf(i), rev: 1 }), undefined);
    await index.putRow(row('other-year', 2020, 1, { region: '110118', rev: 1 }), undefined);
    const listed: { agency: string; region?: string }[] = [];
    await index.listRows(2021, (r) => listed.push(r));
    const expected = ids.map((id, i) => ({ agency: id, region: regionOf(i) })).sort((a, b) => (a.region + a.agency < b.region + b.agency ? -1 : 1));
    expect(listed.map((r) => ({ agency: r.agency, region: r.region }))).toEqual(expected);
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
