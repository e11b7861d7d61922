import { expect, it } from 'vitest';
import { VersionTaken } from '../../shared/storage/ports';
import { describeContract } from './backends';
import { version } from './records';
import { defined } from '../support/defined';

const withdrawal = (reason: string) => ({ at: '2024-02-01T00:00:00.000Z', reason, actor: 'admin' });

describeContract('VersionStore', (backend) => {
  it('commits each number once: of racing commits for one number exactly one lands, the others get VersionTaken', async () => {
    const { index } = await backend.fresh();
    const racing = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => index.commitVersion(version('a', 2021, 1, { sha256: `s${i}` }))));
    expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = racing.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.reason).toBeInstanceOf(VersionTaken);
    expect(defined(refused[0]).reason.version).toBe(1);
    const winner = (racing as PromiseSettledResult<void>[]).findIndex((r) => r.status === 'fulfilled');
    expect((await index.getVersion('a', 2021, 1))?.sha256).toBe(`s${winner}`);
  });

  it('lists versions oldest first, the newest and the hashes, strongly consistent', async () => {
    const { index } = await backend.fresh();
    for (const n of [1, 2, 3]) await index.commitVersion(version('a', 2021, n));
    await index.commitVersion(version('a', 2022, 1));
    expect((await index.listVersions('a', 2021)).map((v) => v.version)).toEqual([1, 2, 3]);
    expect((await index.latestVersion('a', 2021))?.version).toBe(3);
    expect(await index.latestVersion('a', 2020)).toBeUndefined();
    expect(await index.versionHashes('a', 2021)).toEqual([1, 2, 3].map((n) => ({ version: n, sha256: `sha-a-2021-${n}` })));
    expect(await index.countVersions('a', [2021, 2022, 2023])).toBe(4);
    expect(await index.getVersion('a', 2021, 9)).toBeUndefined();
  });

  it('moves LATEST forward only: an older version published late does not replace a newer one', async () => {
    const { index } = await backend.fresh();
    await index.publishLatest(version('a', 2021, 2));
    await index.publishLatest(version('a', 2021, 1));
    expect((await index.listLatest({ year: 2021, limit: 10 })).items.map((v) => v.version)).toEqual([2]);
    // The same version again rewrites its copy (reindexing).
    await index.publishLatest(version('a', 2021, 2, { title: 'retitled' }));
    expect((await index.listLatest({ agency: 'a', limit: 10 })).items.map((v) => v.title)).toEqual(['retitled']);
  });

  it('withdraws a version once: a second withdrawal returns the first, a missing version nothing', async () => {
    const { index } = await backend.fresh();
    await index.commitVersion(version('a', 2021, 1));
    expect(await index.withdrawVersion('a', 2021, 1, withdrawal('first'))).toEqual(withdrawal('first'));
    expect(await index.withdrawVersion('a', 2021, 1, withdrawal('second'))).toEqual(withdrawal('first'));
    expect((await index.getVersion('a', 2021, 1))?.withdrawn).toEqual(withdrawal('first'));
    expect(await index.withdrawVersion('a', 2021, 2, withdrawal('none'))).toBeUndefined();
    // Withdrawn versions still count: their numbers are never given again.
    expect(await index.countVersions('a', [2021])).toBe(1);
  });

  it('replaces LATEST only while it still lists the withdrawn version', async () => {
    const { index } = await backend.fresh();
    await index.publishLatest(version('a', 2021, 2));
    // A stale withdrawal of version 1 leaves version 2 listed.
    await index.replaceLatest('a', 2021, 1, undefined);
    expect((await index.listLatest({ year: 2021, limit: 10 })).items.map((v) => v.version)).toEqual([2]);
    await index.replaceLatest('a', 2021, 2, version('a', 2021, 1));
    expect((await index.listLatest({ year: 2021, limit: 10 })).items.map((v) => v.version)).toEqual([1]);
    await index.replaceLatest('a', 2021, 1, undefined);
    expect((await index.listLatest({ year: 2021, limit: 10 })).items).toEqual([]);
  });

  it('lists by year, region, flags and agency, in pages that go on from their cursor', async () => {
    const { index } = await backend.fresh();
    await index.publishLatest(version('a', 2021, 1, { region: '440106' }));
    await index.publishLatest(version('b', 2021, 2, { region: '440103', hasErrors: true, createdAt: '2024-03-01T00:00:00.000Z' }));
    await index.publishLatest(version('c', 2021, 1, { region: '110101', checked: false }));
    await index.publishLatest(version('a', 2022, 1, { region: '440106' }));
    const names = (page: { items: { agency: string; year: number }[] }) => page.items.map((v) => `${v.agency}${v.year}`);
    expect(names(await index.listLatest({ year: 2021, limit: 10 }))).toEqual(['c2021', 'b2021', 'a2021']);
    expect(names(await index.listLatest({ year: 2021, region: '440100', limit: 10 }))).toEqual(['b2021', 'a2021']);
    expect(names(await index.listLatest({ region: '440000', limit: 10 }))).toEqual(['b2021', 'a2021', 'a2022']);
    expect(names(await index.listLatest({ has: 'errors', limit: 10 }))).toEqual(['b2021']);
    expect(names(await index.listLatest({ has: 'unchecked', limit: 10 }))).toEqual(['c2021']);
    expect(names(await index.listLatest({ agency: 'a', limit: 10 }))).toEqual(['a2022', 'a2021']);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await index.listLatest({ year: 2021, limit: 1, cursor });
      seen.push(...names(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['c2021', 'b2021', 'a2021']);
    await expect(index.listLatest({ year: 2021, limit: 1, cursor: 'not-a-cursor' })).rejects.toMatchObject({ slug: 'bad-cursor' });
    expect(names({ items: await index.listRecent('recent', 2) })).toEqual(['b2021', 'c2021']);
    expect(names({ items: await index.listRecent('corrected', 10) })).toEqual(['b2021']);
  });
});
