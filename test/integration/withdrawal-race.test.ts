import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalArchive } from '../../local/local-archive';
import type { ArchivePorts } from '../../shared/archive/ports';
import { adminVerifier } from '../../shared/archive/tokens';
import type { VersionRecord } from '../../shared/archive/types';
import { ADMIN, client, readSample, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';
import { defined } from '../support/defined';

/** A gate the test opens: `reached` resolves when the held step arrives, `open()` lets it go on. */
function gate() {
  let arrive!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((r) => (arrive = r));
  const opened = new Promise<void>((r) => (open = r));
  return {
    reached,
    open,
    hold: () => {
      arrive();
      return opened;
    },
  };
}

/**
 * A withdrawal that lands between an upload's commit (its version item) and the listing of it: the
 * commit is held at that point by a hook on the index, the admin withdraws the version, and then
 * the commit goes on. The withdrawn version must not become the latest again.
 */
describe('a withdrawal racing the commit of the version it withdraws', () => {
  let archive: Awaited<ReturnType<typeof startLocalArchive>>;
  let dir: string;
  let call: ReturnType<typeof client>;
  let token: string;
  let held: ReturnType<typeof gate> | undefined;

  /** Holds publishLatest (the step after the commit point) while `held` is set. */
  const holdPublish = (ports: ArchivePorts): ArchivePorts => ({
    ...ports,
    index: new Proxy(ports.index, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'publishLatest') return typeof value === 'function' ? value.bind(target) : value;
        return async (record: VersionRecord) => {
          const g = held;
          if (g && record.version === 2) {
            held = undefined;
            await g.hold();
          }
          return target.publishLatest(record);
        };
      },
    }),
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-race-'));
    archive = await startLocalArchive({ dataDir: dir, admin: adminVerifier(ADMIN), uploadsPerHour: 100, wrapPorts: holdPublish });
    call = client(archive.url);
    token = await registerMiyun(call);
    expect((await call('POST', '/v1/reports', { token, body: readSample(), type: 'text/plain' })).status).toBe(201);
  });
  afterAll(async () => {
    await archive.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('withdrawn between commit and listing: the listing, the latest and the statistics stay on v1', async () => {
    held = gate();
    const g = held;
    const upload = call('POST', '/v1/reports', { token, body: sampleVariant(11), type: 'text/plain' });
    await g.reached;
    // v2 is committed (its version item exists) but not yet listed.
    expect((await archive.ports.index.getVersion('miyun-kw', 2021, 2))?.withdrawn).toBeUndefined();
    const w = await call('POST', '/v1/reports/miyun-kw/2021/versions/2/withdraw', { token: ADMIN, json: { reason: '误传了草稿，依申请撤回' } });
    expect(w.status, w.text).toBe(200);
    expect(w.json).toMatchObject({ version: 2, latestVersion: 1 });
    g.open();
    const done = await upload;
    expect(done.status, done.text).toBe(201);
    expect(done.json.version).toBe(2);

    // The listing copy, every read without a number, and the statistics name v1.
    expect((await archive.ports.index.listLatest({ agency: 'miyun-kw', limit: 10 })).items.map((v) => v.version)).toEqual([1]);
    expect((await call('GET', '/v1/reports?agency=miyun-kw')).json.items.map((i: { version: number }) => i.version)).toEqual([1]);
    expect((await call('GET', '/v1/reports?year=2021')).json.items.map((i: { version: number }) => i.version)).toEqual([1]);
    expect((await call('GET', '/v1/reports/miyun-kw/2021')).json.version).toBe(1);
    expect((await call('GET', '/v1/agencies/miyun-kw')).json.reports).toMatchObject([{ year: 2021, version: 1 }]);
    expect((await call('GET', '/v1/reports/miyun-kw/2021?version=2')).status).toBe(410);
    expect(await archive.ports.index.getRow('miyun-kw', 2021)).toMatchObject({ version: 1, withdrawn: [2] });

    // The same bytes sent again are refused, and bring nothing back.
    const again = await call('POST', '/v1/reports', { token, body: sampleVariant(11), type: 'text/plain' });
    expect(again.status).toBe(409);
    expect(again.json.type).toBe('urn:gongkai:problem:version-withdrawn');
    expect((await call('GET', '/v1/reports?agency=miyun-kw')).json.items.map((i: { version: number }) => i.version)).toEqual([1]);
  });

  it('a listing left on a withdrawn version by an interrupted upload is moved off by the retry of the same bytes', async () => {
    // As if an upload had stopped between its listing and its check: the listing copy names the withdrawn v2.
    const v2 = defined(await archive.ports.index.getVersion('miyun-kw', 2021, 2));
    const { withdrawn: _, ...unmarked } = v2;
    await archive.ports.index.publishLatest(unmarked);
    expect((await archive.ports.index.listLatest({ agency: 'miyun-kw', limit: 10 })).items.map((v) => v.version)).toEqual([2]);
    const again = await call('POST', '/v1/reports', { token, body: sampleVariant(11), type: 'text/plain' });
    expect(again.status).toBe(409);
    expect((await archive.ports.index.listLatest({ agency: 'miyun-kw', limit: 10 })).items.map((v) => v.version)).toEqual([1]);
  });
});
