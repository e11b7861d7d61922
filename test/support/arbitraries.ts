import fc from 'fast-check';
import { disclosureBlocks, resultRows } from '../../shared/model/keys';
import type { Report } from '../../shared/model/report';
import { buildReport, type Numbers } from './sample-reports';
import { defined } from './defined';

const AGENCIES = ['北京市人民政府', '浙江省人民政府', '中华人民共和国生态环境部', '广州市人民政府', '国家税务总局'];
// Sentences that state no figure the TEXT_TABLE rule reads and contain no heading.
const SENTENCES = [
  '本机关坚持以公开为常态、不公开为例外。',
  '进一步规范政府信息公开申请办理流程，严格落实答复时限。',
  '加强政府网站和政务新媒体建设，拓宽公开渠道。',
  '组织开展业务培训，提升工作人员能力。',
  '下一步将围绕重点领域持续深化信息公开。',
  '完善保密审查机制，做到应公开尽公开。',
];

const count = (max = 60) => fc.integer({ min: 0, max });
const six = fc.array(count(), { minLength: 6, maxLength: 6 });

export const numbersArb = (format: '2021' | '2019'): fc.Arbitrary<Numbers> =>
  fc.record({
    results: fc.record(Object.fromEntries(resultRows(format).map((r) => [r.key, six]))) as fc.Arbitrary<Record<string, number[]>>,
    carriedOver: six,
    carriedForward: six,
    review: fc.array(fc.array(count(9), { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
    disclosure: fc.record(
      Object.fromEntries(
        disclosureBlocks(format).flatMap((b) =>
          b.rows.map((r) => [
            r.key,
            fc.tuple(
              ...b.columns.map((c) =>
                c.signed ? fc.integer({ min: -50, max: 50 }) : c.decimal ? fc.integer({ min: 0, max: 100000 }).map((v) => v / 100) : count(5000),
              ),
            ),
          ]),
        ),
      ),
    ) as unknown as fc.Arbitrary<Record<string, number[]>>,
  });

const paragraph = fc.array(fc.constantFrom(...SENTENCES), { minLength: 1, maxLength: 3 }).map((s) => s.join(''));
const text = fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((p) => p.join('\n'));

/** A consistent report: free numbers, derived totals, valid against every single-report rule. */
export const reportArb: fc.Arbitrary<Report> = fc
  .constantFrom('2021' as const, '2019' as const)
  .chain((format) =>
    fc.record({
      format: fc.constant(format),
      year: format === '2021' ? fc.integer({ min: 2021, max: 2025 }) : fc.integer({ min: 2019, max: 2020 }),
      agency: fc.constantFrom(...AGENCIES),
      numbers: numbersArb(format),
      overview: text,
      problems: text,
      other: text,
    }),
  )
  .filter(({ numbers }) => numbers.carriedOver.every((v, i) => v <= sumColumn(numbers, i) + defined(numbers.carriedForward[i])))
  .map(({ format, year, agency, numbers, overview, problems, other }) => buildReport(format, year, agency, numbers, { overview, problems, other }));

function sumColumn(n: Numbers, i: number) {
  return Object.values(n.results).reduce((s, row) => s + defined(row[i]), 0);
}
