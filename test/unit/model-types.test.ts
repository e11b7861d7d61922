import { describe, expect, it } from 'vitest';
import { DENIED_KEYS } from '../../shared/model/keys';
import { Tables2019Schema, Tables2021Schema } from '../../shared/model/report';
import { buildReport, distinctNumbers } from '../support/sample-reports';

// The compile-time half of this test, misspelled keys that must not compile, is test/support/model-type-checks.ts.

describe('the typed table schemas keep the JSON shape', () => {
  it('accept what the test-side builder makes, key for key', () => {
    for (const format of ['2021', '2019'] as const) {
      const tables = buildReport(format, 2022, '北京市人民政府', distinctNumbers(format)).tables;
      const schema = format === '2021' ? Tables2021Schema : Tables2019Schema;
      expect(schema.parse(tables)).toEqual(tables);
    }
  });

  it('list the rows in the printed order', () => {
    expect(Object.keys(Tables2021Schema.shape.applications.shape)).toEqual([
      'newReceived',
      'carriedOver',
      'granted',
      'partiallyGranted',
      'denied',
      'unavailable',
      'notProcessed',
      'otherHandling',
      'totalHandled',
      'carriedForward',
    ]);
    expect(Object.keys(Tables2021Schema.shape.applications.shape.denied.shape)).toEqual([...DENIED_KEYS]);
    expect(Object.keys(Tables2019Schema.shape.applications.shape.otherHandling.shape)).toEqual(['total']);
  });

  it('refuse a misspelled key at run time too', () => {
    const tables = structuredClone(buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021')).tables) as unknown as {
      applications: { denied: Record<string, unknown> };
    };
    tables.applications.denied.stateSecrets = tables.applications.denied.stateSecret;
    expect(Tables2021Schema.safeParse(tables).success).toBe(false);
  });
});
