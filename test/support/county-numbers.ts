/**
 * Figures as a county or its departments report them: most cells 0, the applications nearly all
 * from 自然人, a few from 商业企业, tens at most. Runs of such digits are what a CMS text export
 * makes of their tables, and what the digit splitting has to get right.
 */
import fc from 'fast-check';
import { disclosureBlocks, resultRows } from '../../shared/model/keys';
import type { Numbers } from './sample-reports';

const small = (max: number) => fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max }) });
/** 自然人 mostly, 商业企业 sometimes, the other four kinds rarely. */
const applicants = fc
  .tuple(small(90), small(6), small(1), small(1), small(2), small(2))
  .map((six) => six.map((v, i) => (i >= 2 && v > 0 && v % 2 === 0 ? 0 : v)));
const quiet: fc.Arbitrary<number[]> = fc.oneof({ weight: 4, arbitrary: fc.constant<number[]>([0, 0, 0, 0, 0, 0]) }, { weight: 1, arbitrary: applicants });

export const countyNumbersArb = (format: '2021' | '2019'): fc.Arbitrary<Numbers> =>
  fc.record({
    results: fc.record(Object.fromEntries(resultRows(format).map((r) => [r.key, r.key === 'granted' ? applicants : quiet]))) as fc.Arbitrary<
      Record<string, number[]>
    >,
    carriedOver: quiet,
    carriedForward: quiet,
    review: fc.array(fc.array(small(3), { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
    disclosure: fc.record(
      Object.fromEntries(
        disclosureBlocks(format).flatMap((b) =>
          b.rows.map((r) => [r.key, fc.tuple(...b.columns.map((c) => (c.signed ? fc.integer({ min: -5, max: 5 }) : c.decimal ? fc.constant(0) : small(40))))]),
        ),
      ),
    ) as unknown as fc.Arbitrary<Record<string, number[]>>,
  });

/** Whether the figures make a report whose balance holds with no negative 本年新收. */
export function consistent(n: Numbers): boolean {
  return n.carriedOver.every((v, i) => v <= Object.values(n.results).reduce((s, row) => s + (row[i] ?? 0), 0) + (n.carriedForward[i] ?? 0));
}
