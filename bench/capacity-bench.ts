import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DOCUMENT_MARSHALLING } from '../shared/storage/dynamodb-index';
import { FOLD_BATCH } from '../cdk/constructs/stats-fold';
import { adminVerifier } from '../shared/archive/tokens';
import { ALL_INDEXES, INDEXES, KEY } from '../shared/storage/table-design';
import { indexKeys, ROW_SHARDS } from '../shared/storage/table-keys';
import { startLocalArchive } from '../local/local-archive';
import { sampleVariant } from '../test/support/variants';
import { readSample } from '../test/support/fixtures';
import { fmt, table as layout } from './measure';

const table = (head: string[], rows: string[][]) => process.stdout.write(`${layout([head, ...rows])}\n`);

/**
 * `npm run bench capacity`: what one upload of a county report costs in DynamoDB capacity, from the
 * items the handlers really write (each command's input and output as the SDK sends and receives
 * them), sized by DynamoDB's rules, with the index writes each item causes under the projections of
 * `table-design.ts` (the ones the CDK table has). Then the fold's writes and the hottest partition
 * at 10, 50 and 200 uploads/s.
 */
process.env.LOG_LEVEL = 'silent';
const ADMIN = 'bench-admin-token-0123456789abcdef';
/** Counties (区县) in the country, GB/T 2260: uploads are modelled as spread evenly over them. */
const COUNTIES = 2846;
const PROVINCES = 31;
const CITIES = 333;
/** The agencies uploads are modelled as coming from, one upload each: how they fall over the downloads shards. */
const MODELLED_AGENCIES = Array.from({ length: 10_000 }, (_, i) => `agency-${i}`);
const BARS = { perUpload: 80, partition: 500 };
/** On-demand prices, us-east-1, per million request units. */
const PRICE = { write: 0.625, read: 0.125 };

/** A value's size by DynamoDB's rules: strings and binaries by their bytes, numbers by their digits, containers 3 bytes plus 1 per element. */
function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + numberSize(s), 0);
  if (v.L) return 3 + v.L.reduce((n, e) => n + 1 + valueSize(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueSize(e), 0);
  return 0;
}
const numberSize = (n: string) => Math.ceil(n.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
const itemSize = (item: Record<string, AttributeValue>) => Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v), 0);
const AV_TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M']);
/** An item as DynamoDB stores it: the document client's plain values marshalled as it marshals them. */
function av(item: unknown): Record<string, AttributeValue> {
  const o = (item ?? {}) as Record<string, unknown>;
  const marshalled = Object.values(o).every((v) => v && typeof v === 'object' && Object.keys(v).length === 1 && AV_TYPES.has(Object.keys(v)[0] ?? ''));
  if (marshalled) return o as Record<string, AttributeValue>;
  const out = marshall(o, DOCUMENT_MARSHALLING) as Record<string, AttributeValue> | AttributeValue;
  // A class instance (a copy of one) comes back as a map value rather than as attributes.
  return ('M' in out && out.M && Object.keys(out).length === 1 ? out.M : out) as Record<string, AttributeValue>;
}
const wcu = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const rcu = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

type Projection = { type: string; attributes?: readonly string[] } | undefined;
/** An index entry's size: the item under ALL (the default), its keys and the index's keys under KEYS_ONLY, plus the included ones under INCLUDE. */
function projectedSize(item: Record<string, AttributeValue>, index: (typeof ALL_INDEXES)[number]): number {
  const projection = (index as { projection?: Projection }).projection;
  if (!projection || projection.type === 'ALL') return itemSize(item);
  const keep = new Set<string>([KEY.pk, KEY.sk, index.pk, index.sk, ...(projection.type === 'INCLUDE' ? (projection.attributes ?? []) : [])]);
  return itemSize(Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k))));
}

interface Write {
  command: string;
  item: Record<string, AttributeValue>;
  /** the table's key (a roll-up's partition) */
  pk: string;
  sk: string;
  bytes: number;
  wcu: number;
  indexes: { name: string; pk: string; wcu: number }[];
}

interface Recorded {
  command: string;
  input: Record<string, unknown>;
  output: Record<string, unknown> | undefined;
}

export async function capacityBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-capacity-'));
  let recording: Recorded[] | undefined;
  const archive = await startLocalArchive({
    dataDir: dir,
    admin: adminVerifier(ADMIN),
    persist: false,
    observe: (service, command, input, output) => {
      if (service === 'dynamodb' && recording) recording.push({ command, input: input as Record<string, unknown>, output: output as Record<string, unknown> });
    },
  });
  const { DynamoDBClient, GetItemCommand } = await import('@aws-sdk/client-dynamodb');
  const { LOCAL_CREDENTIALS, LOCAL_REGION } = await import('../local/local-stack');
  const ddb = new DynamoDBClient({ endpoint: archive.dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const post = async (path: string, token: string, body: string | Uint8Array, type: string) => {
    const r = await fetch(`${archive.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<{ token: string }>;
  };
  try {
    // A county that already has a report (its roll-ups exist), and a second agency of it uploading its first.
    const county = '110118';
    const a = await post('/v1/agencies', ADMIN, JSON.stringify({ id: 'cap-a', name: '北京市密云区科学技术委员会', region: county }), 'application/json');
    const b = await post('/v1/agencies', ADMIN, JSON.stringify({ id: 'cap-b', name: '北京市密云区科学技术委员会', region: county }), 'application/json');
    await post('/v1/reports', a.token, readSample(), 'text/plain');
    await archive.fold();

    recording = [];
    await post('/v1/reports', b.token, sampleVariant(7), 'text/plain');
    const upload = recording;
    recording = [];
    await archive.fold();
    const fold = recording;
    recording = undefined;

    const read = async (key: Record<string, AttributeValue>) => {
      try {
        return (await ddb.send(new GetItemCommand({ TableName: archive.table, Key: key, ConsistentRead: true }))).Item ?? key;
      } catch (err) {
        throw new Error(`reading back ${JSON.stringify(key)}: ${(err as Error).message}`);
      }
    };
    const size = async (ops: Recorded[]) => {
      const writes: Write[] = [];
      let reads = 0;
      const written = (command: string, item: Record<string, AttributeValue>, transactional = false): Write => {
        const bytes = itemSize(item);
        const indexes = ALL_INDEXES.filter((i) => item[i.pk] && item[i.sk]).map((i) => ({
          name: i.name,
          pk: `${i.name} ${item[i.pk]?.S}`,
          wcu: wcu(projectedSize(item, i)),
        }));
        return { command, item, pk: item[KEY.pk]?.S ?? '?', sk: item[KEY.sk]?.S ?? '?', bytes, wcu: wcu(bytes) * (transactional ? 2 : 1), indexes };
      };
      for (const op of ops) {
        const input = op.input;
        if (op.command === 'PutItemCommand') writes.push(written('PutItem', av(input.Item)));
        else if (op.command === 'UpdateItemCommand') writes.push(written('UpdateItem', await read(av(input.Key))));
        else if (op.command === 'DeleteItemCommand') writes.push(written('DeleteItem', av(input.Key)));
        else if (op.command === 'BatchWriteItemCommand') {
          for (const requests of Object.values(input.RequestItems as Record<string, { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]>))
            for (const r of requests)
              writes.push(r.PutRequest ? written('BatchWrite put', av(r.PutRequest.Item)) : written('BatchWrite delete', av(r.DeleteRequest?.Key)));
        } else if (op.command === 'GetItemCommand') reads += rcu(itemSize(av(op.output?.Item)), input.ConsistentRead === true);
        else if (op.command === 'QueryCommand') {
          const items = ((op.output?.Items as unknown[]) ?? []).map(av);
          reads += rcu(
            items.reduce((n, i) => n + itemSize(i), 0),
            input.ConsistentRead === true,
          );
        } else if (op.command === 'BatchGetItemCommand') {
          for (const items of Object.values((op.output?.Responses as Record<string, unknown[]>) ?? {}))
            for (const i of items) reads += rcu(itemSize(av(i)), false);
        }
      }
      return { writes, reads };
    };

    // The local fold runs every second, so some of its writes may land while the upload is recorded: a
    // write is the fold's by its key (only the fold writes STATS items).
    const byFold = (op: Recorded) => JSON.stringify(op.input.Key ?? op.input.Item ?? {}).includes('"STATS');
    const up = await size(upload.filter((op) => !byFold(op)));
    const folded = await size([...upload.filter(byFold), ...fold]);
    const indexWcu = (ws: Write[]) => ws.reduce((n, w) => n + w.indexes.reduce((m, i) => m + i.wcu, 0), 0);
    const tableWcu = (ws: Write[]) => ws.reduce((n, w) => n + w.wcu, 0);
    const rows = [...up.writes.map((w) => ['upload', w]), ...folded.writes.map((w) => ['fold', w])] as [string, Write][];
    process.stdout.write("\nCapacity: one upload of a county report (110118), its agency's first; items as written\n");
    table(
      ['path', 'command', 'PK', 'SK', 'bytes', 'WCU', 'index WCU'],
      rows.map(([path, w]) => [
        path,
        w.command,
        w.pk.slice(0, 34),
        w.sk.slice(0, 24),
        String(w.bytes),
        String(w.wcu),
        w.indexes.map((i) => `${i.name}:${i.wcu}`).join(' ') || '-',
      ]),
    );

    // The fold's writes are per batch: one batch of FOLD_BATCH.size uploads spread over the counties
    // writes each county's own roll-up and each city's, province's and the country's total once.
    const n = FOLD_BATCH.size;
    const distinct = (groups: number, uploads: number) => groups * (1 - (1 - 1 / groups) ** uploads);
    const foldBy = (level: string) => folded.writes.filter((w) => classify(w) === level);
    const sizeOf = (level: string) => Math.max(0, ...foldBy(level).map((w) => w.wcu));
    const perBatch = {
      county: distinct(COUNTIES, n) * sizeOf('county'),
      city: distinct(CITIES, n) * sizeOf('city'),
      province: distinct(PROVINCES, n) * sizeOf('province'),
      national: sizeOf('national'),
      meta: sizeOf('meta'),
    };
    const foldPerUpload = Object.values(perBatch).reduce((a, b) => a + b, 0) / n;
    const upTable = tableWcu(up.writes);
    const upIndex = indexWcu(up.writes);
    const total = upTable + upIndex + foldPerUpload;
    table(
      ['per upload', 'table WCU', 'index WCU', 'RCU'],
      [
        ['request path', fmt(upTable, 1), fmt(upIndex, 1), fmt(up.reads, 1)],
        [`fold, batches of ${n} (amortized)`, fmt(foldPerUpload, 2), '0', fmt(folded.reads / 1, 1)],
        ['total', fmt(upTable + foldPerUpload, 1), fmt(upIndex, 1), ''],
      ],
    );
    process.stdout.write(`WCU per upload, indexes included: ${fmt(total, 1)} (target ≤ 80)\n`);
    process.stdout.write(
      `Deadline day: 150,000 uploads × ${fmt(total, 1)} WRU = ${fmt((150_000 * total) / 1e6, 1)} M WRU ≈ $${fmt((150_000 * total * PRICE.write) / 1e6, 2)}, plus ${fmt((150_000 * up.reads) / 1e6, 1)} M RRU ≈ $${fmt((150_000 * up.reads * PRICE.read) / 1e6, 2)} (on-demand, $${PRICE.write}/M WRU, $${PRICE.read}/M RRU)\n`,
    );

    // The hottest partition: partitions every upload writes (an index's constant key) take rate × their
    // WCU; an agency's own partitions take one upload; the fold's partitions take batches/s × what one
    // batch writes there. A neighbour whose DERIVED record the upload rewrites is another agency each
    // time in this model (uploads spread evenly), so its partition is counted as an agency's own.
    // The downloads index is sharded by agency: its written key is checked against the key builder,
    // and its hottest shard takes the rate times the largest share of the modelled agencies on one shard.
    const year = 2021;
    const rowsIndexPk = (pk: string) => `${INDEXES.rows.name} ${pk}`;
    const onShard = new Map<string, number>();
    for (const id of MODELLED_AGENCIES) onShard.set(indexKeys.rows(year, id), (onShard.get(indexKeys.rows(year, id)) ?? 0) + 1);
    const [hottestShard, mostOnShard] = [...onShard].sort((x, y) => y[1] - x[1])[0] ?? ['-', 0];
    const shardShare = mostOnShard / MODELLED_AGENCIES.length;
    const shared = new Map<string, number>();
    const add = (k: string, v: number) => shared.set(k, (shared.get(k) ?? 0) + v);
    for (const w of up.writes) {
      const agencyOwn = w.pk.includes('cap-b') || w.pk.includes('cap-a') || w.pk.startsWith('LSH#');
      if (!agencyOwn && !w.pk.startsWith('STATS')) add(`table ${w.pk}`, w.wcu);
      for (const i of w.indexes) {
        if (i.name !== INDEXES.rows.name) {
          if (!i.pk.includes('cap-b')) add(i.pk, i.wcu);
          continue;
        }
        if (i.pk !== rowsIndexPk(indexKeys.rows(year, 'cap-b'))) throw new Error(`the downloads index was written under ${i.pk}, not the key builder's`);
        add(`${rowsIndexPk(hottestShard)} (hottest of ${ROW_SHARDS} shards, ${fmt(shardShare * 100, 1)}% of agencies)`, i.wcu * shardShare);
      }
    }
    const hot: string[][] = [];
    let hottestAt200 = Number.NaN;
    let next200: string[] = [];
    for (const rate of [10, 50, 200]) {
      const batches = rate / Math.min(n, rate * FOLD_BATCH.windowSeconds);
      const batchSize = Math.min(n, rate * FOLD_BATCH.windowSeconds);
      const foldParts: [string, number][] = [
        ['STATS under the country (province totals)', batches * distinct(PROVINCES, batchSize) * sizeOf('province')],
        ['STATS TOP (the national total)', batches * sizeOf('national')],
        ['STATS under one province (city totals)', batches * distinct(CITIES / PROVINCES, batchSize / PROVINCES) * sizeOf('city')],
      ];
      const candidates = [...[...shared].map(([k, v]) => [k, v * rate] as [string, number]), ...foldParts].sort((x, y) => y[1] - x[1]);
      const [name, value] = candidates[0] ?? ['-', 0];
      hot.push([`${rate}/s`, `${fmt(batchSize, 0)} per batch, ${fmt(batches, 2)}/s`, name, fmt(value, 0)]);
      if (rate === 200) {
        hottestAt200 = value;
        next200 = candidates.slice(1, 4).map(([k, v]) => `${k} ${fmt(v, 0)}`);
      }
    }
    table(['uploads', 'fold batches', 'hottest partition', `WCU/s (target ≤ ${BARS.partition} at 200/s)`], hot);
    process.stdout.write(
      `Model: uploads spread evenly over ${COUNTIES} counties (${CITIES} cities, ${PROVINCES} provinces) and over ${MODELLED_AGENCIES.length.toLocaleString('en')} agency ids; one stream shard (the worst case for batching).\n`,
    );
    const rowsShard = [...shared].find(([k]) => k.startsWith(`${INDEXES.rows.name} `));
    process.stdout.write(`Next hottest at 200/s (WCU/s): ${next200.join('; ')}\n`);
    if (rowsShard) process.stdout.write(`Downloads index at 200/s: ${rowsShard[0]}: ${fmt(rowsShard[1] * 200, 0)} WCU/s\n`);
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    process.stdout.write(`${verdict(total <= BARS.perUpload)}: ${fmt(total, 1)} WCU per upload, indexes included (bar ≤ ${BARS.perUpload})\n`);
    process.stdout.write(
      `${verdict(hottestAt200 <= BARS.partition)}: ${fmt(hottestAt200, 0)} WCU/s on the hottest partition at 200 uploads/s (bar ≤ ${BARS.partition})\n`,
    );
  } finally {
    ddb.destroy();
    await archive.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Which roll-up a fold write is, by its key (see `table-keys.ts`). */
function classify(w: Write): string {
  if (w.pk === 'STATS') return 'meta';
  if (w.pk.endsWith('#TOP')) return 'national';
  if (w.sk === 'OWN') return 'own';
  const region = w.sk;
  if (region.endsWith('0000')) return 'province';
  if (region.endsWith('00')) return 'city';
  return 'county';
}
