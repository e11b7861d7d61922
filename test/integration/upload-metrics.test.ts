import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Metrics are off outside Lambda; turned on before the modules load to read the EMF lines.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

import { METRICS } from '../../shared/http/metric-names';
import { client, freshArchive, readSample, registerMiyun } from '../support/local';

let archive: Awaited<ReturnType<typeof freshArchive>>;
const lines: string[] = [];
const write = process.stdout.write.bind(process.stdout);
beforeAll(async () => {
  archive = await freshArchive();
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(
      ...String(chunk)
        .split('\n')
        .filter((l) => l.startsWith('{"_aws"')),
    );
    return true;
  }) as typeof process.stdout.write;
});
afterAll(async () => {
  process.stdout.write = write;
  await archive.close();
});

it('an upload through the API reports its parse time by kind, its findings by rule, and its outcome', async () => {
  const call = client(archive.url);
  const token = await registerMiyun(call);
  const text = readSample().toString('utf8');
  const at = text.indexOf('一、本年新收政府信息公开申请数量');
  const zero = text.indexOf('\t0', at);
  const broken = Buffer.from(`${text.slice(0, zero)}\t5${text.slice(zero + 2)}`);
  const from = lines.length;
  expect((await call('POST', '/v1/reports', { token, body: broken, type: 'text/plain' })).status).toBe(422);
  const emf = lines.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(emf.find((m) => METRICS.parseTime in m)).toMatchObject({ kind: 'text', service: METRICS.service });
  const findings = emf.filter((m) => METRICS.findings in m);
  expect(findings.length).toBeGreaterThan(0);
  expect(findings.reduce((n, m) => n + (m[METRICS.findings] as number), 0)).toBeGreaterThanOrEqual(2);
  expect(emf.find((m) => METRICS.uploadRefused in m)).toMatchObject({ reason: 'validation-failed' });

  const again = lines.length;
  expect((await call('POST', '/v1/reports', { token, body: readSample(), type: 'text/plain' })).status).toBe(201);
  expect(lines.slice(again).some((l) => l.includes(`"${METRICS.uploadAccepted}":1`))).toBe(true);
});
