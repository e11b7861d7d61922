import { expect, it } from 'vitest';
import { AlreadyExists } from '../../shared/storage/ports';
import { describeContract } from './backends';
import { agency } from './records';
import { defined } from '../support/defined';

const token = (tokenId: string, agencyId = 'a') => ({
  tokenId,
  agency: agencyId,
  salt: 'salt',
  hash: 'hash',
  createdAt: `2024-01-01T00:00:0${tokenId.length}.000Z`,
});

describeContract('AgencyStore', (backend) => {
  it('registers an agency once, edits only an existing one, removes it idempotently', async () => {
    const { index } = await backend.fresh();
    await index.putAgency(agency('a'));
    await expect(index.putAgency(agency('a', { name: 'other' }))).rejects.toBeInstanceOf(AlreadyExists);
    expect(await index.getAgency('a')).toEqual(agency('a'));
    expect(await index.updateAgency(agency('a', { name: '改名', aliases: ['别名'] }))).toBe(true);
    expect(await index.updateAgency(agency('z'))).toBe(false);
    expect(await index.getAgency('z')).toBeUndefined();
    expect((await index.getAgency('a'))?.name).toBe('改名');
    await index.deleteAgency('a');
    await index.deleteAgency('a');
    expect(await index.getAgency('a')).toBeUndefined();
  });

  it('lists agencies by region, name or alias and level, in pages', async () => {
    const { index } = await backend.fresh();
    await index.putAgency(agency('b', { region: '440106', name: '天河区科学技术局' }));
    await index.putAgency(agency('a', { region: '440103', name: '荔湾区教育局', aliases: ['荔湾教育'] }));
    await index.putAgency(agency('c', { region: '110101', name: '东城区教育委员会', level: '地市级' }));
    const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id);
    expect(ids(await index.listAgencies({ limit: 10 }))).toEqual(['c', 'a', 'b']);
    expect(ids(await index.listAgencies({ region: '440100', limit: 10 }))).toEqual(['a', 'b']);
    expect(ids(await index.listAgencies({ q: '教育', limit: 10 }))).toEqual(['c', 'a']);
    expect(ids(await index.listAgencies({ q: '荔湾教育', limit: 10 }))).toEqual(['a']);
    expect(ids(await index.listAgencies({ level: '地市级', limit: 10 }))).toEqual(['c']);
    const first = await index.listAgencies({ limit: 2 });
    expect(ids(first)).toEqual(['c', 'a']);
    expect(ids(await index.listAgencies({ limit: 2, cursor: defined(first.nextCursor) }))).toEqual(['b']);
    // The search text is the adapter's own: a caller never reads it.
    expect(first.items[0]).toEqual(agency('c', { region: '110101', name: '东城区教育委员会', level: '地市级' }));
  });

  it('issues a token id once, lists it without its hash, revokes it once', async () => {
    const { index } = await backend.fresh();
    await index.putToken(token('t1'));
    await index.putToken(token('t22'));
    await expect(index.putToken(token('t1'))).rejects.toBeInstanceOf(AlreadyExists);
    expect(await index.getToken('t1')).toEqual(token('t1'));
    await index.revokeToken('t1', '2024-05-01T00:00:00.000Z');
    await index.revokeToken('t1', '2024-06-01T00:00:00.000Z');
    expect((await index.getToken('t1'))?.revokedAt).toBe('2024-05-01T00:00:00.000Z');
    const listed = await index.listTokens('a', 10);
    expect(listed.items).toEqual([
      { tokenId: 't1', createdAt: token('t1').createdAt, revokedAt: '2024-05-01T00:00:00.000Z' },
      { tokenId: 't22', createdAt: token('t22').createdAt },
    ]);
    const page = await index.listTokens('a', 1);
    expect((await index.listTokens('a', 1, defined(page.nextCursor))).items.map((t) => t.tokenId)).toEqual(['t22']);
    await expect(index.listTokens('a', 1, 'bad')).rejects.toMatchObject({ slug: 'bad-cursor' });
  });

  it('removes a token and its list entry idempotently; revoking a removed token changes nothing', async () => {
    const { index } = await backend.fresh();
    await index.putToken(token('t1'));
    await index.deleteToken('a', 't1');
    await index.deleteToken('a', 't1');
    expect(await index.getToken('t1')).toBeUndefined();
    expect((await index.listTokens('a', 10)).items).toEqual([]);
    await index.revokeToken('t1', '2024-05-01T00:00:00.000Z');
    expect(await index.getToken('t1')).toBeUndefined();
  });
});
