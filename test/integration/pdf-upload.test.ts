import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, client, freshArchive } from '../support/local';
import { PDF_RECIPES, pdfFixturePath, recipeReport } from '../support/pdf-fixtures';
import { defined } from '../support/defined';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('a PDF report uploaded over HTTP with no Content-Type', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  const recipe = defined(PDF_RECIPES.find((r) => r.producer === 'libreoffice' && r.format === '2019'));
  const pdf = readFileSync(pdfFixturePath(recipe.file));

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    const r = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'hangzhou', name: recipe.agency, region: '330100' } });
    if (r.status !== 201) throw new Error(`register: ${r.status} ${r.text}`);
    token = r.json.token;
  });
  afterAll(() => archive.close());

  it('is read from its bytes, checked and stored', async () => {
    const r = await call('POST', '/v1/reports', { token, body: pdf });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ agency: 'hangzhou', year: recipe.year, version: 1, sha256: sha(pdf), findings: [], hasErrors: false });
  });

  it('serves the structured report with every cell, and the original as a PDF attachment', async () => {
    const json = await call('GET', `/v1/reports/hangzhou/${recipe.year}`);
    expect(json.status).toBe(200);
    expect(json.json.report.tables).toEqual(recipeReport(recipe).tables);
    expect(json.json.report.format).toBe(recipe.format);
    const original = await call('GET', `/v1/reports/hangzhou/${recipe.year}/original`);
    expect(original.status).toBe(200);
    expect(sha(original.bytes)).toBe(sha(pdf));
    expect(original.headers.get('content-type')).toBe('application/pdf');
    expect(original.headers.get('content-disposition')).toMatch(/^attachment; filename="hangzhou-2019-v1\.pdf"/);
  });
});
