import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldChanges } from '../../shared/archive/fold-stats';
import { aggregate, recordRow } from '../../shared/archive/stats';
import type { ReportRow, VersionRecord } from '../../shared/archive/types';
import type { ReportIndex } from '../../shared/storage/ports';
import { FILTER_BUDGET } from '../../shared/storage/dynamodb-index';
import { DeleteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-stack';
import { reindexAll } from '../../shared/archive/reindex';
import { readSample } from '../support/fixtures';
import { client, freshArchive, registerMiyun } from '../support/local';
import { defined } from '../support/defined';

/**
 * The index behind the site, against the real local DynamoDB-API server: statistics that an
 * interrupted commit never counts twice, and filters that cannot make one request read everything.
 */
const row = (agency: string, version: number, granted: number, over: Partial<ReportRow> = {}): ReportRow => ({
  agency,
  agencyName: agency,
  region: '440106',
  year: 2023,
  version,
  format: '2021',
  checked: true,
  errors: 0,
  warnings: 0,
  cells: { 'applications.granted.total': granted, 'applications.newReceived.total': 10 },
  unread: [],
  ...over,
});

describe('statistics folded from the rows (real dynalite)', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  beforeAll(async () => {
    archive = await freshArchive();
  });
  afterAll(() => archive.close());
  const stats = async (region: string) => aggregate(await archive.ports.index.getStats(2023, region));

  it('a correction replaces the old figures; an older version arriving late changes nothing', async () => {
    const ports = { index: archive.ports.index };
    await recordRow(ports, row('a', 1, 5));
    await recordRow(ports, row('b', 1, 7, { region: '440111' }));
    await archive.fold();
    await recordRow(ports, row('a', 2, 6));
    await recordRow(ports, row('a', 1, 5));
    await archive.fold();
    for (const region of ['000000', '440000', '440100']) {
      expect(await stats(region)).toMatchObject({ reports: 2, checked: 2, cells: { 'applications.granted.total': 13, 'applications.newReceived.total': 20 } });
    }
    expect((await stats('440106')).cells['applications.granted.total']).toBe(6);
    expect((await stats('440111')).cells['applications.granted.total']).toBe(7);
  });

  it('a fold that died half way is finished by the batch delivered again, and nothing is counted twice', async () => {
    const before = await stats('000000');
    let calls = 0;
    const failing: ReportIndex = {
      ...archive.ports.index,
      async putTotal(year, region, values, rev) {
        const written = await archive.ports.index.putTotal(year, region, values, rev);
        // The city's total is written, then the function dies before the province's.
        if (++calls === 1) throw new Error('Lambda timed out');
        return written;
      },
    };
    const c1 = row('c', 1, 100, { rev: 1 });
    const batch = [{ new: c1 }, { old: c1, new: row('c', 2, 40, { rev: 2 }) }];
    await expect(foldChanges(failing, batch)).rejects.toThrow('timed out');
    await foldChanges(archive.ports.index, batch);
    await foldChanges(archive.ports.index, batch.slice(1));
    const after = await stats('000000');
    expect(after.reports).toBe(before.reports + 1);
    expect(after.cells['applications.granted.total']).toBe(defined(before.cells['applications.granted.total']) + 40);
  });

  it('a sum a correction brings back to 0 is no figure once no checked report remains', async () => {
    await recordRow({ index: archive.ports.index }, row('f', 1, 9, { region: '110118' }));
    await archive.fold();
    await recordRow({ index: archive.ports.index }, row('f', 2, 9, { region: '110118', checked: false }));
    await archive.fold();
    const beijing = await stats('110000');
    expect(beijing.checked).toBe(0);
    expect(beijing.cells['applications.granted.total']).toBeUndefined();
  });

  it('an unchecked report is counted, its cells are not', async () => {
    const before = await stats('000000');
    await recordRow({ index: archive.ports.index }, row('d', 1, 50, { checked: false }));
    await archive.fold();
    const after = await stats('000000');
    expect(after.unchecked).toBe(before.unchecked + 1);
    expect(after.cells['applications.granted.total']).toBe(before.cells['applications.granted.total']);
  });
});

describe('a filter no index answers reads a bounded share of the index per request', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  beforeAll(async () => {
    archive = await freshArchive();
    const base: Omit<VersionRecord, 'agency'> = {
      year: 2023,
      version: 1,
      sha256: 'a'.repeat(64),
      size: 1,
      contentType: 'text/plain',
      filename: 'r.txt',
      createdAt: '2024-01-01T00:00:00.000Z',
      format: '2021',
      title: 't',
      region: '440106',
      errors: 0,
      warnings: 0,
      hasErrors: false,
      keys: { original: 'o', json: 'j', html: 'h' },
      changedCells: [],
    };
    const n = FILTER_BUDGET + 200;
    for (let i = 0; i < n; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, (_, k) =>
          archive.ports.index.publishLatest({ ...base, agency: `a-${String(i + k).padStart(5, '0')}`, search: i + k === n - 1 ? '最后一个机关' : '某机关' }),
        ),
      );
    }
  }, 120_000);
  afterAll(() => archive.close());

  it('stops after its budget with a cursor, and the cursor goes on to the match', async () => {
    const first = await archive.ports.index.listLatest({ year: 2023, q: '最后', limit: 20 });
    expect(first.items).toEqual([]);
    expect(first.partial).toBe(true);
    expect(first.nextCursor).not.toBeNull();
    const second = await archive.ports.index.listLatest({ year: 2023, q: '最后', limit: 20, cursor: defined(first.nextCursor) });
    expect(second.items.map((v) => v.agency)).toEqual([`a-${String(FILTER_BUDGET + 199).padStart(5, '0')}`]);
  });

  it('a page cut short of its surplus resumes exactly after the last item it showed', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 3; i++) {
      const page = await archive.ports.index.listLatest({ year: 2023, q: '某机关', limit: 7, cursor });
      seen.push(...page.items.map((v) => v.agency));
      cursor = defined(page.nextCursor);
    }
    expect(seen).toHaveLength(21);
    expect(new Set(seen).size).toBe(21);
  });
});

describe('reindexing an archive written before the site', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  beforeAll(async () => {
    archive = await freshArchive();
  });
  afterAll(() => archive.close());

  it('rebuilds the listing fields, rows and statistics from the committed versions, and a second run changes nothing', async () => {
    const call = client(archive.url);
    const token = await registerMiyun(call);
    expect((await call('POST', '/v1/reports', { token, body: readSample(), type: 'text/plain' })).status).toBe(201);
    // What an archive from before the site holds: the listing copy without the site's fields, no row, no statistics.
    const v = defined(await archive.ports.index.getVersion('miyun-kw', 2021, 1));
    const bare = { ...v, agencyName: undefined, level: undefined, search: undefined };
    await archive.ports.index.publishLatest(bare);
    // The upload's own change is folded first: the archive as it was before the site has no row and no
    // statistics, and no change still waiting in the log.
    await archive.fold();
    const db = new DynamoDBClient({ endpoint: archive.dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const keys = [{ PK: 'REPORT#miyun-kw#2021', SK: 'ROW' }];
    const found = await db.send(
      new ScanCommand({ TableName: archive.table, FilterExpression: 'begins_with(PK, :pk)', ExpressionAttributeValues: { ':pk': { S: 'STATS#' } } }),
    );
    for (const item of found.Items ?? []) keys.push({ PK: defined(item.PK?.S), SK: defined(item.SK?.S) });
    for (const k of keys) await db.send(new DeleteItemCommand({ TableName: archive.table, Key: { PK: { S: k.PK }, SK: { S: k.SK } } }));
    db.destroy();
    expect(await archive.ports.index.getStats(2021, '110000')).toBeUndefined();

    expect(await reindexAll(archive.ports)).toBe(1);
    await archive.fold();
    const listed = (await archive.ports.index.listLatest({ q: '密云区科委', limit: 5 })).items;
    expect(listed.map((r) => r.agency)).toEqual(['miyun-kw']);
    expect((await archive.ports.index.getRow('miyun-kw', 2021))?.version).toBe(1);
    const once = aggregate(await archive.ports.index.getStats(2021, '110000'));
    expect(once).toMatchObject({ reports: 1, checked: 1, unchecked: 0 });
    await reindexAll(archive.ports);
    await archive.fold();
    expect(aggregate(await archive.ports.index.getStats(2021, '110000'))).toEqual(once);
  });
});
