import { execFile, execFileSync } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { fixturePath } from '../support/fixtures';
import { sampleVariant } from '../support/variants';
import { MAX_BODY_BYTES } from '../../shared/http/types';
import { PDF_RECIPES, pdfFixturePath } from '../support/pdf-fixtures';
import { createHash } from 'node:crypto';
import { defined } from '../support/defined';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/gongkai.mjs');

/** The built CLI in a child process, asynchronously: the archive answers from this process meanwhile. */
function gongkai(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GONGKAI_TOKEN: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

/** Files written under a fresh folder: name → content. */
function folder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** The result CSV as objects, by its header (the cells here hold no commas or quotes but the detail's, which is quoted). */
function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).trimEnd().split('\r\n');
  const header = defined(lines[0]).split(',');
  return lines.slice(1).map((line) => {
    const cells: string[] = [];
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      cells.push(defined(m[1]).startsWith('"') ? defined(m[1]).slice(1, -1).replace(/""/g, '"') : defined(m[1]));
      if (m[2] === '') break;
    }
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

const COUNTY = { id: 'moumou-county', name: '某某县人民政府办公室' };
const county = readFileSync(fixturePath('pre2019-county-2017.txt'));

describe('gongkai import against a local archive', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let miyunToken: string;
  const work = mkdtempSync(join(tmpdir(), 'gongkai-import-cwd-'));

  beforeAll(async () => {
    // The CLI as users run it: bundled, as `npm test` and `npm ci` build it.
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
    archive = await freshArchive();
    call = client(archive.url);
    miyunToken = await registerMiyun(call);
    expect((await call('POST', '/v1/agencies', { token: ADMIN, json: COUNTY })).status).toBe(201);
  }, 60_000);
  afterAll(() => archive?.close());

  const versions = async (agency: string, year: number) =>
    ((await call('GET', `/v1/reports/${agency}/${year}/versions`)).json?.versions ?? []).map((v: { version: number; sha256: string }) => v.version);

  const loadDir = folder({
    'miyun/2021-a.txt': sampleVariant(11),
    'miyun/2021-b.txt': sampleVariant(12),
    'county/2017年报.txt': county,
    '.hidden.txt': sampleVariant(13),
    'notes.md': '# 说明',
    'map.csv': 'file,agency,year\nmiyun/2021-a.txt,miyun-kw,\nmiyun/2021-b.txt,miyun-kw,2021\ncounty/2017年报.txt,moumou-county,2017\n',
  });

  it('(a) admin token + mapping: three files of two agencies stored, the run’s tokens revoked', async () => {
    const r = await gongkai(['import', loadDir, '--endpoint', archive.url, '--token', ADMIN, '--agencies', join(loadDir, 'map.csv')], work);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const rows = readCsv(join(work, 'gongkai-import-results.csv'));
    expect(rows.map((x) => [x.file, x.agency, x.year, x.status, x.version, x.http])).toEqual([
      ['county/2017年报.txt', 'moumou-county', '2017', 'stored', '1', '201'],
      ['miyun/2021-a.txt', 'miyun-kw', '2021', 'stored', expect.stringMatching(/^[12]$/), '201'],
      ['miyun/2021-b.txt', 'miyun-kw', '2021', 'stored', expect.stringMatching(/^[12]$/), '201'],
    ]);
    expect(defined(rows[0]).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stdout).toMatch(/3\s+stored/);
    expect(r.stdout).toMatch(/3\s+total/);
    expect(await versions('miyun-kw', 2021)).toEqual([1, 2]);
    expect(await versions('moumou-county', 2017)).toEqual([1]);
    // Each agency got one token for the run, revoked at its end; miyun-kw also has its registration token.
    const tokens = (await call('GET', '/v1/agencies/miyun-kw/tokens', { token: ADMIN })).json.items as { revokedAt?: string }[];
    expect(tokens).toHaveLength(2);
    expect(tokens.filter((t) => t.revokedAt)).toHaveLength(1);
    const countyTokens = (await call('GET', '/v1/agencies/moumou-county/tokens', { token: ADMIN })).json.items as { revokedAt?: string }[];
    expect(countyTokens.filter((t) => t.revokedAt)).toHaveLength(1);
  });

  it('(b) the same run again: everything unchanged, nothing uploaded, no new version', async () => {
    const auditBefore = (await call('GET', '/v1/audit?agency=miyun-kw&limit=100', { token: ADMIN })).json.items.length;
    const report = join(work, 'again.json');
    const r = await gongkai(['import', loadDir, '--endpoint', archive.url, '--token', ADMIN, '--agencies', join(loadDir, 'map.csv'), '--report', report], work);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const rows = JSON.parse(readFileSync(report, 'utf8')) as { file: string; status: string; version: number }[];
    expect(rows.map((x) => [x.file, x.status])).toEqual([
      ['county/2017年报.txt', 'unchanged'],
      ['miyun/2021-a.txt', 'unchanged'],
      ['miyun/2021-b.txt', 'unchanged'],
    ]);
    expect(defined(rows[0]).version).toBe(1);
    expect(r.stdout).toMatch(/3\s+unchanged/);
    expect(await versions('miyun-kw', 2021)).toEqual([1, 2]);
    expect(await versions('moumou-county', 2017)).toEqual([1]);
    // Known from the versions listing: no upload attempted and no token issued, so nothing new in the trail.
    expect((await call('GET', '/v1/audit?agency=miyun-kw&limit=100', { token: ADMIN })).json.items.length).toBe(auditBefore);
  });

  it('(c) an agency token without a mapping: a file already held is unchanged, a new one stored', async () => {
    // Sorted, so a.txt goes first: its 200 says whose files these are, then b.txt is checked against the archive.
    const dir = folder({ 'a.txt': sampleVariant(11), 'b.txt': sampleVariant(14) });
    const r = await gongkai(['import', dir, '--endpoint', archive.url, '--token', miyunToken, '--report', join(work, 'c.csv')], work);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const rows = readCsv(join(work, 'c.csv'));
    expect(rows.map((x) => [x.file, x.agency, x.status, x.version])).toEqual([
      ['a.txt', 'miyun-kw', 'unchanged', expect.stringMatching(/^[12]$/)],
      ['b.txt', 'miyun-kw', 'stored', '3'],
    ]);
    // stderr is no terminal here: one plain line per file.
    expect(r.stderr).toContain('[2/2] stored b.txt miyun-kw 2021 第 3 版');
    expect(await versions('miyun-kw', 2021)).toEqual([1, 2, 3]);
  });

  it('(d) refused and skipped files: exit 1, the archive’s Chinese detail in the result file', async () => {
    const text = readSample().toString('utf8');
    const at = text.indexOf('一、本年新收政府信息公开申请数量');
    const zero = text.indexOf('\t0', at);
    const broken = `${text.slice(0, zero)}\t5${text.slice(zero + 2)}`;
    const dir = folder({
      'broken.txt': broken,
      'not-a-report.txt': '这不是年报，只是一段文字。',
      'unlisted.txt': sampleVariant(15),
      'map.csv': 'file,agency\nbroken.txt,miyun-kw\nnot-a-report.txt,miyun-kw\n',
    });
    const r = await gongkai(
      ['import', dir, '--endpoint', archive.url, '--token', ADMIN, '--agencies', join(dir, 'map.csv'), '--report', join(work, 'd.csv')],
      work,
    );
    expect(r.code).toBe(1);
    const rows = readCsv(join(work, 'd.csv'));
    expect(rows.map((x) => [x.file, x.status, x.http])).toEqual([
      ['broken.txt', 'refused', '422'],
      ['not-a-report.txt', 'refused', '422'],
      ['unlisted.txt', 'skipped', ''],
    ]);
    expect(defined(rows[0]).detail).toContain('报告有 2 处错误，未保存');
    expect(defined(rows[0]).detail).toContain('表三 自然人 列：第一项+第二项=5，第三项+第四项=0');
    expect(defined(rows[0]).errors).toBe('2');
    expect(defined(rows[1]).detail).toContain('这不像是一份政府信息公开工作年度报告');
    expect(defined(rows[2]).detail).toContain('对照表中没有这个文件');
    expect(r.stdout).toMatch(/2\s+refused/);
    expect(r.stdout).toMatch(/1\s+skipped/);
    expect(await versions('miyun-kw', 2021)).toEqual([1, 2, 3]);

    // --strict=false: the broken report is an import of what was published, stored with its errors.
    const lax = await gongkai(
      ['import', dir, '--endpoint', archive.url, '--token', miyunToken, '--strict=false', '--report', join(work, 'd2.csv'), '--concurrency', '1'],
      work,
    );
    expect(lax.code).toBe(1);
    const laxRows = readCsv(join(work, 'd2.csv'));
    expect(laxRows.find((x) => x.file === 'broken.txt')).toMatchObject({ status: 'stored', version: '4', errors: '2' });
    expect(laxRows.find((x) => x.file === 'not-a-report.txt')).toMatchObject({ status: 'refused' });
  });

  it('(e) a 503 with Retry-After is waited for and retried', async () => {
    let posts = 0;
    // A front that is busy once, then passes everything through to the archive.
    const front: Server = createServer((req, res) => {
      if (req.method === 'POST' && req.url?.startsWith('/v1/reports') && posts++ === 0) {
        req.resume();
        res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '0' });
        res.end(JSON.stringify({ type: 'urn:gongkai:problem:unavailable', status: 503, title: 'Unavailable', detail: '服务繁忙' }));
        return;
      }
      const target = new URL(archive.url);
      const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
      const dir = folder({ 'new.txt': sampleVariant(16) });
      const next = (await versions('miyun-kw', 2021)).length + 1;
      const r = await gongkai(['import', dir, '--endpoint', endpoint, '--token', miyunToken, '--report', join(work, 'e.csv')], work);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(posts).toBe(2);
      expect(readCsv(join(work, 'e.csv')).map((x) => [x.status, x.http, x.version])).toEqual([['stored', '201', String(next)]]);
    } finally {
      await new Promise((r) => front.close(r));
    }
  });

  it('(e2) a Retry-After longer than the run waits is not waited out: the file fails, to be resumed later', async () => {
    let posts = 0;
    const front: Server = createServer((req, res) => {
      req.resume();
      if (req.method === 'POST') posts++;
      res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '3000' });
      res.end(
        JSON.stringify({ type: 'urn:gongkai:problem:too-many-uploads', status: 429, title: 'Too many uploads', detail: '本机关本小时已上传 60 次，达到上限' }),
      );
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
      const dir = folder({ 'new.txt': sampleVariant(18) });
      const r = await gongkai(['import', dir, '--endpoint', endpoint, '--token', miyunToken, '--report', join(work, 'e2.csv')], work);
      expect(r.code).toBe(1);
      // One POST: the 429 was the answer, not waited out and tried again (waiting 3,000 s would outlast the test).
      expect(posts).toBe(1);
      expect(readCsv(join(work, 'e2.csv')).map((x) => [x.status, x.http, x.detail])).toEqual([['failed', '429', '本机关本小时已上传 60 次，达到上限']]);
      expect(r.stdout).toMatch(/1\s+failed/);
    } finally {
      await new Promise((r) => front.close(r));
    }
  });

  it('(f) a file over the direct limit goes through /v1/uploads and is stored', async () => {
    const recipe = defined(PDF_RECIPES.find((x) => x.producer === 'libreoffice' && x.format === '2019'));
    const registered = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'hangzhou', name: recipe.agency, region: '330100' } });
    expect(registered.status).toBe(201);
    // The PDF with a comment of padding after its end, which readers ignore.
    const pdf = Buffer.concat([readFileSync(pdfFixturePath(recipe.file)), Buffer.from('\n%'), Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20), Buffer.from('\n')]);
    const dir = folder({ 'big.pdf': pdf });
    const r = await gongkai(['import', dir, '--endpoint', archive.url, '--token', registered.json.token, '--report', join(work, 'f.csv')], work);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(readCsv(join(work, 'f.csv')).map((x) => [x.file, x.agency, x.year, x.status, x.version, x.sha256])).toEqual([
      ['big.pdf', 'hangzhou', String(recipe.year), 'stored', '1', createHash('sha256').update(pdf).digest('hex')],
    ]);
    expect(await versions('hangzhou', recipe.year)).toEqual([1]);
  });

  it('usage errors exit 2 with a Chinese message, before anything is sent', async () => {
    const noEndpoint = await gongkai(['import', loadDir, '--token', miyunToken], work);
    expect(noEndpoint.code).toBe(2);
    expect(noEndpoint.stderr).toContain('缺少 --endpoint');
    const adminWithoutMap = await gongkai(['import', loadDir, '--endpoint', archive.url, '--token', ADMIN], work);
    expect(adminWithoutMap.code).toBe(2);
    expect(adminWithoutMap.stderr).toContain('须用 --agencies');
    const badMap = folder({ 'a.txt': sampleVariant(17), 'map.csv': 'file,agency\na.txt,Miyun KW\nmissing.txt,miyun-kw\n' });
    const bad = await gongkai(['import', badMap, '--endpoint', archive.url, '--token', ADMIN, '--agencies', join(badMap, 'map.csv')], work);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('对照表第 2 行：机关标识“Miyun KW”格式不正确');
    expect(bad.stderr).toContain('对照表第 3 行：文件夹中没有报告文件 missing.txt');
    expect((await gongkai(['import', join(work, 'no-such-dir'), '--endpoint', archive.url, '--token', miyunToken], work)).stderr).toContain('找不到文件夹');
  });
});
