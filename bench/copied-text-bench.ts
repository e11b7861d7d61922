import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { adminVerifier } from '../shared/archive/tokens';
import type { DerivedRecord } from '../shared/archive/types';
import { bandKeys, encodeSignature, narrativeSignature } from '../shared/rules/minhash';
import { startLocalArchive, TABLE } from '../local/local-archive';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/local-stack';
import { layout } from '../test/support/document';
import { toText } from '../test/support/layouts';
import { buildReport, distinctNumbers } from '../test/support/sample-reports';
import { fmt, median, table } from './measure';
import { defined } from '../test/support/defined';

process.env.LOG_LEVEL = 'silent';
const ADMIN = 'bench-admin-token-0123456789abcdef';
const YEAR = 2022;
const MEASURED = 40;
const SIZES = [100, 10_000] as const;

// Narratives from a phrase grammar: 25 × 20 × 24 sentences, so two reports share a sentence now and
// then, as real ones do, but none is a copy. A fixed seed keeps the run repeatable.
const WHO =
  '本机关 我局 本委 区政府 县政府 市政府办公室 街道办事处 镇政府 本部门 各科室 政务公开办 法制科 办公室 信息中心 领导小组 分管领导 主要负责同志 各业务处室 基层单位 窗口单位 网信部门 档案室 督查室 宣传科 人事科'.split(
    ' ',
  );
const DID =
  '认真落实 持续推进 全面梳理 及时更新 集中公开 逐项审查 规范办理 定期通报 专题部署 组织培训 深入解读 加强监督 统一规范 积极回应 依法答复 按季统计 动态调整 试点推行 细化分解 跟踪督办'.split(
    ' ',
  );
const WHAT =
  '政府信息公开目录 依申请公开流程 政策解读材料 重大行政决策预公开 行政许可事项 行政处罚结果 财政预决算信息 政府网站栏目 政务新媒体账号 公开属性认定 保密审查制度 基层政务公开标准 惠企政策清单 民生实事项目 招投标信息 建议提案办理结果 统计数据发布 应急管理信息 教育收费标准 医疗卫生信息 生态环境信息 食品安全抽检结果 就业创业政策 社会救助信息'.split(
    ' ',
  );

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function narrative(seed: number): { overview: string; problems: string } {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => defined(xs[Math.floor(r() * xs.length)]);
  const sentence = () => `${pick(WHO)}${pick(DID)}${pick(WHAT)}，${pick(DID)}${pick(WHAT)}。`;
  return { overview: Array.from({ length: 12 }, sentence).join(''), problems: Array.from({ length: 5 }, sentence).join('') };
}

/**
 * What the archive holds of a report the copied-text lookup reads: its LSH bucket entries and its
 * derived record. Written straight to the table (BatchWriteItem), since uploading 10,000 reports
 * one by one would take longer than the bench is worth.
 */
async function seed(ddb: DynamoDBClient, from: number, to: number): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const agency = `seed-${i}`;
    const agencyName = `某某县第${i}局`;
    const sig = defined(
      narrativeSignature({
        agency: agencyName,
        sections: { ...narrative(i), other: '', activeDisclosure: '', applications: '', reviewLitigation: '' },
      }),
    );
    const signature = encodeSignature(sig);
    const bands = bandKeys(sig);
    for (const band of bands) items.push({ PK: `LSH#${YEAR}#${band}`, SK: agency, agency, agencyName, year: YEAR, version: 1, signature });
    const derived: DerivedRecord = {
      agency,
      year: YEAR,
      version: 1,
      rev: 1,
      agencyName,
      findings: [],
      published: { date: '2023-01-20', source: 'published' },
      deadline: { date: '2023-01-31', basis: '' },
      daysLate: 0,
      dateKnown: true,
      checked: true,
      errors: 0,
      signature,
      bands,
      similar: [],
      topShare: 0,
      updatedAt: '2023-01-20T00:00:00.000Z',
    };
    items.push({ PK: `REPORT#${agency}#${YEAR}`, SK: 'DERIVED', ...derived });
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const write = async (batch: Record<string, unknown>[]) => {
    let request: BatchWriteItemCommand['input']['RequestItems'] = { [TABLE]: batch.map((Item) => ({ PutRequest: { Item: marshall(Item) } })) };
    while (request && Object.keys(request).length) request = (await ddb.send(new BatchWriteItemCommand({ RequestItems: request }))).UnprocessedItems;
  };
  for (let i = 0; i < batches.length; i += 16) await Promise.all(batches.slice(i, i + 16).map(write));
}

/**
 * The cost of an upload with 100 reports of its year archived, and with 10,000: the copied-text
 * lookup reads a fixed number of LSH buckets, so the second should cost about what the first does.
 * Both are measured in one run, against the same servers, with the same kind of report (a narrative
 * of its own, the full upload path over HTTP).
 */
export async function copiedTextBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-copied-bench-'));
  const archive = await startLocalArchive({ dataDir: dir, admin: adminVerifier(ADMIN), persist: false, uploadsPerHour: 1_000_000 });
  const ddb = new DynamoDBClient({ endpoint: archive.dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const results: [number, number, number][] = [];
    let seeded = 0;
    let uploader = 0;
    for (const size of SIZES) {
      const started = performance.now();
      await seed(ddb, seeded, size);
      const seedMs = performance.now() - started;
      seeded = size;
      const times: number[] = [];
      for (let k = 0; k < MEASURED + 3; k++) {
        const id = `up-${uploader++}`;
        const name = `某某市第${uploader}委员会`;
        const reg = await fetch(`${archive.url}/v1/agencies`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id, name }),
        });
        const { token } = (await reg.json()) as { token: string };
        const report = buildReport('2021', YEAR, name, distinctNumbers('2021'), narrative(1_000_000 + uploader));
        const body = `发布日期：2023-01-20\n${toText(layout(report, { titleOnOneLine: true }), 'tabRows')}`;
        const t = performance.now();
        const r = await fetch(`${archive.url}/v1/reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
          body,
        });
        await r.arrayBuffer();
        if (r.status !== 201) throw new Error(`upload ${r.status}`);
        // The first few warm the servers and the JIT.
        if (k >= 3) times.push(performance.now() - t);
      }
      results.push([size, seedMs, median(times)]);
    }
    const [small, large] = results;
    console.log(`\n## upload cost against the size of the archive (median of ${MEASURED} uploads each, same run, same servers)\n`);
    console.log(
      table([['reports of the year archived', 'seeding ms', 'upload median ms'], ...results.map(([size, seedMs, ms]) => [fmt(size), fmt(seedMs), fmt(ms, 2)])]),
    );
    const ratio = defined(large)[2] / defined(small)[2];
    console.log(`\nupload at ${fmt(defined(large)[0])} ÷ upload at ${fmt(defined(small)[0])} = ${fmt(ratio, 2)}   (target ≤ 1.2)`);
  } finally {
    ddb.destroy();
    await archive.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
