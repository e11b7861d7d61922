import { DescribeTableCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type ServerHandle, ensureTable, startDynamo } from '../../local/local-stack';
import { searchText } from '../../shared/archive/search-text';
import { ALL_INDEXES, INDEXES, KEY } from '../../shared/storage/table-design';
import { describeContract } from './backends';
import { agency, derived, row, version } from './records';

/**
 * The indexes project only what their readers need (table-design.ts). Records with every optional
 * field set go through each reader that reads an index: what comes back must be whole, and each
 * filter must still select. On dynalite, which keeps only the projected attributes, a reader that
 * relied on anything else would lose a field or a filter would select nothing; the in-memory twin
 * reads its listings through the same projection.
 */
describeContract('Index projections', (backend) => {
  const full = (id: string, year: number, over: Parameters<typeof version>[3] = {}) =>
    version(id, year, 2, {
      agencyName: `${id} 机关`,
      level: '区县级',
      search: searchText([`${id} 机关`, `${id} 别名`]),
      published: `${year + 1}-01-20`,
      unread: [{ table: 'applications', rows: ['x'] }],
      changedCells: [{ table: 'applications', row: 'x', column: 'total', from: 1, to: 2 }],
      changedCellsTruncated: true,
      ...over,
    });

  it('lists whole LATEST records through every listing index, and every filter selects on the index', async () => {
    const { index } = await backend.fresh();
    const a = full('a', 2021, { region: '440106' });
    const b = full('b', 2021, { region: '440103', hasErrors: true, level: '市级', checked: false, createdAt: '2024-03-01T00:00:00.000Z' });
    for (const v of [a, b]) await index.publishLatest(v);
    const whole = async (q: Parameters<typeof index.listLatest>[0]) => (await index.listLatest(q)).items;
    expect(await whole({ year: 2021, limit: 10 })).toEqual([b, a]);
    expect(await whole({ agency: 'a', limit: 10 })).toEqual([a]);
    expect(await whole({ region: '440000', limit: 10 })).toEqual([b, a]);
    expect(await whole({ limit: 10 })).toEqual([b, a]);
    expect(await whole({ has: 'errors', limit: 10 })).toEqual([b]);
    expect(await whole({ has: 'unchecked', limit: 10 })).toEqual([b]);
    expect(await index.listRecent('recent', 5)).toEqual([b, a]);
    expect(await index.listRecent('corrected', 5)).toEqual([b, a]);
    // Filters the key cannot answer, on each listing index.
    for (const q of [{ year: 2021 }, { agency: 'b' }, { region: '440000' }, {}, { has: 'errors' as const }, { has: 'unchecked' as const }]) {
      expect(await whole({ ...q, level: '市级', limit: 10 })).toEqual([b]);
      expect(await whole({ ...q, q: 'b 别名', limit: 10 })).toEqual([b]);
    }
    for (const q of [{ year: 2021 }, { region: '440000' }, {}]) {
      expect(await whole({ ...q, hasErrors: false, limit: 10 })).toEqual([a]);
      expect(await whole({ ...q, has: 'unchecked', limit: 10 })).toEqual([b]);
    }
    expect(await whole({ year: 2021, region: '440106', limit: 10 })).toEqual([a]);
    expect(await whole({ agency: 'b', region: '440106', limit: 10 })).toEqual([]);
  });

  it('lists whole profiles, whole rows and whole derived records', async () => {
    const { index } = await backend.fresh();
    const profile = agency('p', { aliases: ['别名'], kind: 'government', updatedAt: '2024-02-01T00:00:00.000Z' });
    await index.putAgency(profile);
    expect((await index.listAgencies({ limit: 10 })).items).toEqual([profile]);
    expect((await index.listAgencies({ q: '别名', level: '区县级', limit: 10 })).items).toEqual([profile]);

    const r = row('p', 2021, 1, { level: '区县级', published: '2022-01-20', entered: ['a'], withdrawn: [3], empty: false, rev: 1 });
    expect(await index.putRow(r, undefined)).toBe(true);
    const listed: unknown[] = [];
    await index.listRows(2021, (x) => listed.push(x));
    expect(listed).toEqual([r]);

    const d = derived('p', 2021, 1, {
      agencyName: 'p 机关',
      region: '440106',
      previous: { year: 2020, version: 1 },
      signature: 'c2ln',
      bands: ['0-ab'],
      similar: [{ agency: 'q', year: 2021, version: 1, share: 0.9 }],
      previousShare: 0.2,
      topShare: 0.9,
    });
    await index.putDerived(d, undefined);
    expect((await index.listCopied(2021, 10)).items).toEqual([d]);
  });
});

describe('Index projections on the table (dynalite)', () => {
  let server: ServerHandle;
  let client: DynamoDBClient;
  const table = 'projections';
  beforeAll(async () => {
    server = await startDynamo(undefined);
    await ensureTable(server.endpoint, table);
    client = new DynamoDBClient({ endpoint: server.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  it('creates each index with its projection, never ALL', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    const got = Object.fromEntries((Table?.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g.Projection]));
    expect(Object.keys(got).sort()).toEqual(ALL_INDEXES.map((i) => i.name).sort());
    for (const i of ALL_INDEXES) {
      expect(got[i.name]?.ProjectionType).toBe(i.projection.type);
      if (i.projection.type === 'INCLUDE') expect([...(got[i.name]?.NonKeyAttributes ?? [])].sort()).toEqual([...i.projection.attributes].sort());
    }
  });

  it('answers a keys-only index with keys alone: the local table honours the projection', async () => {
    const item = { [KEY.pk]: { S: 'REPORT#x#2021' }, [KEY.sk]: { S: 'LATEST' }, [INDEXES.recent.pk]: { S: 'RECENT' }, [INDEXES.recent.sk]: { S: 't' } };
    const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
    await client.send(new PutItemCommand({ TableName: table, Item: { ...item, title: { S: 'not projected' }, region: { S: '440106' } } }));
    const recent = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: INDEXES.recent.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.recent.pk },
        ExpressionAttributeValues: { ':pk': { S: 'RECENT' } },
      }),
    );
    expect(recent.Items).toEqual([item]);
  });
});
