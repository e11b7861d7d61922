import { describe, expect, it } from 'vitest';
import { decodeDocument, MalformedDocument } from '../../shared/archive/stored-documents';
import { validate } from '../../shared/rules/validate';
import { buildReport, distinctNumbers } from '../support/sample-reports';

const KEY = 'reports/tianhe-edu/2022/v1.json';
const report = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
const stored = { schemaVersion: 1, agency: 'tianhe-edu', year: 2022, version: 1, report, checked: true, unread: [], findings: validate(report), messages: [] };
const bytes = (doc: unknown) => Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc));

describe('a stored document is decoded by the report model’s schemas at the read', () => {
  it('gives back the report, findings and messages as stored, without the key fields', () => {
    const doc = decodeDocument(KEY, bytes(stored));
    expect(doc.report).toEqual(report);
    expect(doc.findings).toEqual(stored.findings);
    expect(doc.checked).toBe(true);
    expect(doc).not.toHaveProperty('agency');
  });

  it('a cell of the wrong type is an error naming the document’s key and the cell', () => {
    const bad = structuredClone(stored) as { report: { tables: { applications: { newReceived: { total: { value: unknown } } } } } };
    bad.report.tables.applications.newReceived.total.value = '12';
    const err = (() => {
      try {
        decodeDocument(KEY, bytes(bad));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MalformedDocument);
    expect((err as Error).message).toContain(KEY);
    expect((err as Error).message).toContain('report.tables.applications.newReceived.total.value');
  });

  it('a finding of an unknown rule, a missing report or bytes that are not JSON are refused with the key', () => {
    expect(() => decodeDocument(KEY, bytes({ ...stored, findings: [{ rule: 'NO_SUCH_RULE', severity: 'error', message: 'x' }] }))).toThrow(
      /reports\/tianhe-edu\/2022\/v1\.json.*findings\.0\.rule/,
    );
    expect(() => decodeDocument(KEY, bytes({ ...stored, report: undefined }))).toThrow(/v1\.json: report/);
    expect(() => decodeDocument(KEY, bytes('{"report":'))).toThrow(/v1\.json: not JSON/);
  });
});
