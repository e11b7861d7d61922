import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/findings';
import { ADMIN, client, freshArchive } from '../support/local';
import { layout } from '../support/document';
import { toText } from '../support/layouts';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { defined } from '../support/defined';

/**
 * An agency's kind decides its deadline (条例 第四十九条), is stored at registration and edited by
 * the admin; an agency registered by mistake can be removed while it has no reports. Against real
 * local DynamoDB and S3.
 */

const PINGTAN = { id: 'pingtan', name: '平潭综合实验区管理委员会', region: '350128' };

/** A 2022 report as the agency publishes it, with a 发布日期 line. */
function report(agency: string, published: string): Buffer {
  const text = toText(layout(buildReport('2021', 2022, agency, { ...distinctNumbers('2021') }), { titleOnOneLine: true }), 'tabRows');
  return Buffer.from(`发布日期：${published}\n${text}`);
}

describe('agency kind: stored, editable, and the deadline follows it', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  const late = (findings: Finding[]) => findings.filter((f) => f.rule === 'LATE');
  const coverageOf = async () => (await call('GET', '/v1/coverage?year=2022&region=350128')).json.items[0];

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    const reg = await call('POST', '/v1/agencies', { token: ADMIN, json: PINGTAN });
    expect(reg.status, reg.text).toBe(201);
    token = reg.json.token;
  });
  afterAll(() => archive.close());

  it('infers a county-level zone’s 管委会 as a government at registration, and shows the kind', async () => {
    expect((await call('GET', '/v1/agencies/pingtan')).json).toMatchObject({ id: 'pingtan', kind: 'government' });
    const listed = await call('GET', '/v1/agencies?region=350128', { token: ADMIN });
    expect(listed.json.items).toEqual([expect.objectContaining({ id: 'pingtan', kind: 'government' })]);
    // Given at registration, the kind is taken as given.
    const dept = await call('POST', '/v1/agencies', {
      token: ADMIN,
      json: { id: 'pt-zone', name: '某某开发区管理委员会', region: '350128', kind: 'department' },
    });
    expect([dept.status, dept.json.kind]).toEqual([201, 'department']);
  });

  it('a report published on 10 March is on time: no LATE, coverage on-time, deadline 31 March', async () => {
    const up = await call('POST', '/v1/reports', { token, body: report(PINGTAN.name, '2023-03-10'), type: 'text/plain' });
    expect(up.status, up.text).toBe(201);
    expect(late(up.json.findings)).toEqual([]);
    const r = await call('GET', '/v1/reports/pingtan/2022');
    expect(r.json.derived).toMatchObject({ published: { date: '2023-03-10', source: 'published' }, deadline: { date: '2023-03-31' }, daysLate: 0 });
    expect(await coverageOf()).toMatchObject({ agency: 'pingtan', status: 'on-time', daysLate: 0, deadline: { date: '2023-03-31' } });
    const page = await call('GET', '/coverage?year=2022&region=350128');
    expect(page.text).toContain('按期公开');
    expect(page.text).not.toContain('逾期 38 天');
  });

  it('PATCH kind recomputes the deadline at once: as a department the same report is 38 days late, and back', async () => {
    const r = await call('PATCH', '/v1/agencies/pingtan', { token: ADMIN, json: { kind: 'department' } });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ id: 'pingtan', kind: 'department' });
    const report2022 = await call('GET', '/v1/reports/pingtan/2022');
    expect(report2022.json.version).toBe(1);
    expect(report2022.json.derived).toMatchObject({ deadline: { date: '2023-01-31' }, daysLate: 38 });
    expect(late(report2022.json.findings)).toEqual([expect.objectContaining({ expected: '2023-01-31', actual: '2023-03-10' })]);
    expect(await coverageOf()).toMatchObject({ status: 'late', daysLate: 38 });

    expect((await call('PATCH', '/v1/agencies/pingtan', { token: ADMIN, json: { kind: 'government' } })).status).toBe(200);
    expect(late((await call('GET', '/v1/reports/pingtan/2022')).json.findings)).toEqual([]);
    expect(await coverageOf()).toMatchObject({ status: 'on-time', daysLate: 0 });

    const audit = await call('GET', '/v1/audit?agency=pingtan', { token: ADMIN });
    const edits = audit.json.items.filter((a: { action?: string }) => a.action === 'agency-update');
    expect(edits.map((a: { before: object; after: object }) => [a.before, a.after])).toEqual(
      expect.arrayContaining([
        [{ kind: 'government' }, { kind: 'department' }],
        [{ kind: 'department' }, { kind: 'government' }],
      ]),
    );
  });

  it('a profile stored without a kind shows the inferred one; a PATCH of kind, even the same, recomputes deadlines derived before', async () => {
    // Registered before kinds were stored, and judged then as a department (a derived record of that time).
    await archive.ports.index.putAgency({
      id: 'legacy-zone',
      name: '某某经济技术开发区管理委员会',
      region: '350128',
      kind: 'department',
      aliases: [],
      createdAt: '2023-01-01T00:00:00.000Z',
    });
    const issued = await call('POST', '/v1/agencies/legacy-zone/tokens', { token: ADMIN });
    const up = await call('POST', '/v1/reports', { token: issued.json.token, body: report('某某经济技术开发区管理委员会', '2023-03-10'), type: 'text/plain' });
    expect(up.status, up.text).toBe(201);
    expect(late(up.json.findings)).toHaveLength(1);
    const stored = await archive.ports.index.getAgency('legacy-zone');
    expect(await archive.ports.index.updateAgency({ ...defined(stored), kind: undefined })).toBe(true);

    const listed = (await call('GET', '/v1/agencies?region=350128', { token: ADMIN })).json.items.find((a: { id: string }) => a.id === 'legacy-zone');
    expect(listed).toMatchObject({ kind: 'government', kindStored: false });
    // The derived record is as it was computed: nothing has touched it since.
    expect((await call('GET', '/v1/reports/legacy-zone/2022')).json.derived).toMatchObject({ daysLate: 38 });

    const confirm = await call('PATCH', '/v1/agencies/legacy-zone', { token: ADMIN, json: { kind: 'government' } });
    expect(confirm.json).toMatchObject({ kind: 'government', kindStored: true });
    expect((await call('GET', '/v1/reports/legacy-zone/2022')).json.derived).toMatchObject({ daysLate: 0, deadline: { date: '2023-03-31' } });
    // Sent again unchanged, it recomputes again and changes nothing.
    expect((await call('PATCH', '/v1/agencies/legacy-zone', { token: ADMIN, json: { kind: 'government' } })).status).toBe(200);
    expect(late((await call('GET', '/v1/reports/legacy-zone/2022')).json.findings)).toEqual([]);
  });

  it('a kind that is not one of the three is a 400 naming the allowed values in Chinese', async () => {
    for (const kind of ['county', '', 'Government', 3]) {
      const bad = await call('PATCH', '/v1/agencies/pingtan', { token: ADMIN, json: { kind } });
      expect(bad.status, String(kind)).toBe(400);
      expect(bad.json.type).toBe('urn:gongkai:problem:bad-request');
      for (const word of ['government', 'department', 'township', '乡镇', '政府部门']) expect(bad.json.detail).toContain(word);
    }
    const reg = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'pt-bad', name: '某某街道办事处', kind: 'street' } });
    expect(reg.status).toBe(400);
    expect(reg.json.detail).toContain('township');
    expect((await call('GET', '/v1/agencies/pingtan')).json.kind).toBe('government');
  });
});

describe('DELETE /v1/agencies/{id}', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
  });
  afterAll(() => archive.close());

  const audit = async (agency: string) =>
    (await call('GET', `/v1/audit?agency=${agency}`, { token: ADMIN })).json.items.filter((a: { action?: string }) => a.action === 'delete-agency');

  it('removes an agency without reports (204), with its tokens, so none of them authenticates; audited', async () => {
    const reg = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'typo-agency', name: '北京市密云区科学技术委员', region: '110118' } });
    expect(reg.status).toBe(201);
    const second = await call('POST', '/v1/agencies/typo-agency/tokens', { token: ADMIN });
    expect(second.status).toBe(201);

    const r = await call('DELETE', '/v1/agencies/typo-agency', { token: ADMIN });
    expect(r.status, r.text).toBe(204);
    expect(r.text).toBe('');
    expect((await call('GET', '/v1/agencies/typo-agency')).status).toBe(404);
    expect((await call('GET', '/v1/agencies?region=110118', { token: ADMIN })).json.items).toEqual([]);
    for (const t of [reg.json.token, second.json.token]) {
      const up = await call('POST', '/v1/reports', { token: t, body: report('北京市密云区科学技术委员', '2023-01-10'), type: 'text/plain' });
      expect(up.status).toBe(401);
      expect(await archive.ports.index.getToken(t === reg.json.token ? reg.json.tokenId : second.json.tokenId)).toBeUndefined();
    }
    expect(await audit('typo-agency')).toEqual([
      expect.objectContaining({
        actor: 'admin',
        outcome: 'deleted',
        status: 204,
        before: expect.objectContaining({ name: '北京市密云区科学技术委员', tokens: expect.arrayContaining([reg.json.tokenId, second.json.tokenId]) }),
      }),
    ]);
    // An agency token may not remove anything; the attempt is on its own agency's record.
    const other = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'other-agency', name: '北京市密云区教育委员会' } });
    const refused = await call('DELETE', '/v1/agencies/other-agency', { token: other.json.token });
    expect(refused.status).toBe(403);
    expect((await call('GET', '/v1/agencies/other-agency')).status).toBe(200);
    expect(await audit('other-agency')).toEqual([
      expect.objectContaining({ actor: `token:${other.json.tokenId}`, outcome: 'rejected', status: 403, problem: 'forbidden' }),
    ]);
    // The id is free again; a removal of what is not there is a 404.
    expect((await call('DELETE', '/v1/agencies/typo-agency', { token: ADMIN })).status).toBe(404);
    expect((await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'typo-agency', name: '北京市密云区科学技术委员会' } })).status).toBe(201);
  });

  it('refuses an agency with report versions, withdrawn ones included: 409 with the count, audited', async () => {
    const reg = await call('POST', '/v1/agencies', { token: ADMIN, json: PINGTAN });
    for (const date of ['2023-03-10', '2023-03-11']) {
      expect((await call('POST', '/v1/reports', { token: reg.json.token, body: report(PINGTAN.name, date), type: 'text/plain' })).status).toBe(201);
    }
    const r = await call('DELETE', '/v1/agencies/pingtan', { token: ADMIN });
    expect(r.status, r.text).toBe(409);
    expect(r.json).toMatchObject({ type: 'urn:gongkai:problem:agency-in-use', versions: 2 });
    expect(r.json.detail).toContain('该机构已有 2 个报告版本，不能删除');

    // Both versions withdrawn: nothing is public, but the versions are kept for the record.
    for (const n of [2, 1]) {
      expect((await call('POST', `/v1/reports/pingtan/2022/versions/${n}/withdraw`, { token: ADMIN, json: { reason: '测试撤回' } })).status).toBe(200);
    }
    const again = await call('DELETE', '/v1/agencies/pingtan', { token: ADMIN });
    expect([again.status, again.json.versions]).toEqual([409, 2]);
    expect((await call('GET', '/v1/agencies/pingtan')).status).toBe(200);
    const up = await call('POST', '/v1/reports', { token: reg.json.token, body: report(PINGTAN.name, '2023-03-12'), type: 'text/plain' });
    expect(up.status).toBe(201);
    expect(await audit('pingtan')).toEqual([
      expect.objectContaining({ outcome: 'rejected', status: 409, problem: 'agency-in-use' }),
      expect.objectContaining({ outcome: 'rejected', status: 409, problem: 'agency-in-use' }),
    ]);
  });
});
