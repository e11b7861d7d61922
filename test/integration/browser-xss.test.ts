import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, client, freshArchive, readSample } from '../support/local';

/**
 * The page in a real browser: payloads that would mark the document if any script ran, planted in
 * the agency name, the text and an uploaded HTML report; headless Chromium loads the published
 * page and the DOM it ends with must carry no mark. CI installs Chromium (.ci/run).
 */
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const MARK = "document.body.id='pwned'";
const PAYLOADS = [`<script>${MARK}</script>`, `<img src=x onerror="${MARK}">`, `<svg onload="${MARK}">`, `<iframe srcdoc="<script>parent.${MARK}</script>">`];

describe.runIf(existsSync(CHROMIUM))('in headless Chromium, no planted script runs', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let profile: string;

  beforeAll(async () => {
    archive = await freshArchive();
    profile = mkdtempSync(join(tmpdir(), 'gongkai-chromium-'));
    const call = client(archive.url);
    const name = `北京市${PAYLOADS[1]}局`;
    const reg = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'pwn', name } });
    let text = readSample().toString('utf8').replaceAll('北京市密云区科学技术委员会', name);
    text = text.replace('（一）加强组织领导', `（一）加强组织领导${PAYLOADS.join('')}`);
    expect((await call('POST', '/v1/reports', { token: reg.json.token, body: Buffer.from(text), type: 'text/plain' })).status).toBe(201);
  });
  afterAll(async () => {
    await archive.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('the published page ends with an unmarked DOM that still shows the payloads as text', async () => {
    // Asynchronously: the archive answering Chromium runs in this process.
    const { stdout: dom } = await promisify(execFile)(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--virtual-time-budget=2000',
        '--dump-dom',
        `${archive.url}/v1/reports/pwn/2021/html`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(dom).toContain('<table id="t-applications">');
    expect(dom).not.toMatch(/id="pwned"/);
    expect(dom).toContain("&lt;script&gt;document.body.id='pwned'&lt;/script&gt;");
    expect(dom).not.toMatch(/<(script|img|svg|iframe)\b/i);
  });
});
