import { expect, it } from 'vitest';
import { describeContract } from './backends';
import { derived } from './records';
import { defined } from '../support/defined';

const entry = (agency: string) => ({ agency, year: 2021, version: 1, signature: `sig-${agency}` });

describeContract('SimilarityStore', (backend) => {
  it('writes derived findings under an optimistic rev: of racing writers from one rev exactly one lands', async () => {
    const { index } = await backend.fresh();
    expect(await index.putDerived(derived('a', 2021, 1), 1)).toBe(false);
    expect(await index.putDerived(derived('a', 2021, 1), undefined)).toBe(true);
    expect(await index.putDerived(derived('a', 2021, 1), undefined)).toBe(false);
    const racing = await Promise.all(['x', 'y', 'z'].map((n) => index.putDerived(derived('a', 2021, 2, { updatedAt: n }), 1)));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect((await index.getDerived('a', 2021))?.updatedAt).toBe(['x', 'y', 'z'][racing.indexOf(true)]);
    expect(await index.deleteDerived('a', 2021, 1)).toBe(false);
    expect(await index.deleteDerived('a', 2021, 2)).toBe(true);
    expect(await index.getDerived('a', 2021)).toBeUndefined();
  });

  it('reads many, and lists the most copied of a year, highest share first', async () => {
    const { index } = await backend.fresh();
    await index.putDerived(derived('a', 2021, 1, { topShare: 0.5 }), undefined);
    await index.putDerived(derived('b', 2021, 1, { topShare: 0.9 }), undefined);
    await index.putDerived(derived('c', 2021, 1), undefined);
    await index.putDerived(derived('d', 2022, 1, { topShare: 0.7 }), undefined);
    const many = await index.getDerivedMany([
      { agency: 'a', year: 2021 },
      { agency: 'x', year: 2021 },
    ]);
    expect(many.map((d) => d.agency)).toEqual(['a']);
    const first = await index.listCopied(2021, 1);
    expect(first.items.map((d) => d.agency)).toEqual(['b']);
    expect((await index.listCopied(2021, 5, defined(first.nextCursor))).items.map((d) => d.agency)).toEqual(['a']);
  });

  it('files reports in buckets, at most perBand from each, one entry per agency', async () => {
    const { index } = await backend.fresh();
    await index.putBuckets(2021, ['b1', 'b2'], entry('a'));
    await index.putBuckets(2021, ['b1'], entry('b'));
    await index.putBuckets(2021, ['b2'], entry('c'));
    await index.putBuckets(2022, ['b1'], { ...entry('z'), year: 2022 });
    const found = await index.queryBuckets(2021, ['b1', 'b2'], 5);
    expect(found.map((e) => e.agency).sort()).toEqual(['a', 'b', 'c']);
    expect(found.find((e) => e.agency === 'a')).toEqual(entry('a'));
    expect((await index.queryBuckets(2021, ['b1'], 1)).map((e) => e.agency)).toEqual(['a']);
    // Filed anew under other bands: out of its old ones in the same batch, whatever the batch's size (32 bands).
    const many = Array.from({ length: 32 }, (_, i) => `n${i}`);
    await index.putBuckets(2021, many, { ...entry('a'), version: 2 }, ['b1', 'n0']);
    expect((await index.queryBuckets(2021, ['b1'], 5)).map((e) => e.agency)).toEqual(['b']);
    expect(await index.queryBuckets(2021, ['n0', 'n31'], 5)).toEqual([{ ...entry('a'), version: 2 }]);
    await index.deleteBuckets(2021, [...many, 'b1', 'b2'], 'a');
    expect((await index.queryBuckets(2021, ['b1', 'b2'], 5)).map((e) => e.agency).sort()).toEqual(['b', 'c']);
  });
});
