import { describe, expect, it } from 'vitest';
import { fuzzApi, fuzzParsers } from '../../fuzz/fuzz-parsers';

// A sample of `npm run fuzz` (which runs 100,000 inputs per parser) on a fixed seed.
describe('fuzz sample', () => {
  it('1,500 generated and mutated inputs per parser: no exception, every accepted model valid', async () => {
    const stats = await fuzzParsers(1500, 20261126);
    for (const s of stats) {
      expect(s.failures, s.target).toEqual([]);
      expect(s.inputs).toBeGreaterThanOrEqual(1500);
      // The generators reach the mapper: some inputs are read as reports, some refused.
      expect(s.parsedAsReport, s.target).toBeGreaterThan(50);
      expect(s.refused, s.target).toBeGreaterThan(50);
    }
  }, 120_000);

  it('300 JSON bodies and 300 list queries: only 2xx/4xx, never a 5xx', async () => {
    const stats = await fuzzApi(300, 20261126);
    for (const s of stats) {
      expect(s.failures, s.target).toEqual([]);
      expect(s.parsedAsReport, s.target).toBeGreaterThan(10);
    }
  }, 120_000);
});
