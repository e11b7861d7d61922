import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema, type Report } from '../../shared/model/report';
import { parseReport } from '../../shared/parse/pipeline';
import { allCells } from '../../shared/model/table-access';
import { validate } from '../../shared/rules/validate';
import { reportArb } from '../support/arbitraries';
import { layout } from '../support/document';
import { toDocx } from '../support/docx-writer';
import { ENCODINGS, HTML_PUBLISHED, TEXT_LAYOUTS, encode, toHtml, toText } from '../support/layouts';
import { readSample } from '../support/fixtures';
import { defined } from '../support/defined';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

describe('properties of generated consistent reports', () => {
  it('every layout and encoding parses back to the same model', async () => {
    await fc.assert(
      fc.asyncProperty(
        reportArb,
        fc.constantFrom(...TEXT_LAYOUTS, 'html' as const, 'docx' as const),
        fc.constantFrom(...ENCODINGS),
        async (report, where, enc) => {
          const items = layout(report);
          const bytes =
            where === 'docx' ? await toDocx(items) : where === 'html' ? Buffer.from(toHtml(items, report.title)) : encode(toText(items, where), enc);
          const parsed = await parseReport(bytes);
          expect(parsed.ok).toBe(true);
          // The CMS page states a publication date above the article.
          const expected = where === 'html' ? { ...report, meta: { ...report.meta, published: HTML_PUBLISHED } } : report;
          if (parsed.ok) expect(parsed.report).toEqual(expected);
          expect(validate(report)).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('changing any single cell of 表三 or 表四 is caught by an error rule at its row or column', () => {
    fc.assert(
      fc.property(reportArb, fc.nat(), fc.integer({ min: 1, max: 40 }), fc.boolean(), (report, pick, delta, down) => {
        const cells = [...allCells(report.format as '2021' | '2019', report.tables as never)].filter((c) => c.table !== 'activeDisclosure');
        const target = defined(cells[pick % cells.length]);
        const before = defined(target.cell.value);
        target.cell.value = down ? before - delta : before + delta;
        const errors = validate(report).filter((f) => f.severity === 'error');
        expect(errors.some((f) => f.table === target.table && (f.row === target.row || f.column === target.column))).toBe(true);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('a negative or fractional count anywhere in 表二 is caught at that cell', () => {
    fc.assert(
      fc.property(reportArb, fc.nat(), fc.constantFrom(-1, -7, 2.5), (report, pick, value) => {
        const cells = [...allCells(report.format as '2021' | '2019', report.tables as never)].filter(
          (c) => c.table === 'activeDisclosure' && !c.signed && !(c.decimal && value > 0),
        );
        const target = defined(cells[pick % cells.length]);
        target.cell.value = value;
        expect(validate(report).some((f) => f.rule === 'NON_NEGATIVE' && f.row === target.row && f.column === target.column)).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

const mutate = (bytes: Uint8Array) =>
  fc
    .array(fc.record({ at: fc.nat(), kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate'), byte: fc.integer({ min: 0, max: 255 }) }), {
      minLength: 1,
      maxLength: 8,
    })
    .map((edits) => {
      let b = Array.from(bytes);
      for (const e of edits) {
        const i = b.length === 0 ? 0 : e.at % b.length;
        if (e.kind === 'flip') b[i] = e.byte;
        else if (e.kind === 'insert') b.splice(i, 0, e.byte);
        else if (e.kind === 'delete') b.splice(i, 1);
        else b = b.slice(0, i);
      }
      return Uint8Array.from(b);
    });

/** The parser's own try/catch turns a bug into INTERNAL; the property is that none happens. */
async function neverFails(bytes: Uint8Array, options = {}) {
  const r = await parseReport(bytes, options);
  expect(r.messages.filter((m) => m.code === 'INTERNAL')).toEqual([]);
  if (r.ok) expect(ReportSchema.safeParse(r.report).success).toBe(true);
}

describe('the parser never throws and always returns a valid model or a clear error', () => {
  // Seeds are built before any property runs, so each test also runs alone (it.only, -t).
  let seeds: { name: string; bytes: Uint8Array }[] = [];
  beforeAll(async () => {
    const report = fc.sample(reportArb, { numRuns: 1, seed: 42 })[0] as Report;
    const items = layout(report);
    seeds = [
      { name: 'sample', bytes: readSample() },
      { name: 'html', bytes: Buffer.from(toHtml(items, report.title)) },
      { name: 'docx', bytes: await toDocx(items) },
      { name: 'pdfText-gb18030', bytes: encode(toText(items, 'pdfText'), 'gb18030') },
      { name: 'utf16', bytes: encode(toText(items, 'tabRows'), 'utf16le') },
    ];
  });

  it('on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom(undefined, 'text/html', 'text/plain'), (b, type) =>
        neverFails(b, { contentType: type }),
      ),
      { numRuns: RUNS * 5 },
    );
  });

  it('on random text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 2000 }), (s) => neverFails(Buffer.from(s))),
      { numRuns: RUNS * 5 },
    );
  });

  it('on mutated real documents', async () => {
    expect(seeds).toHaveLength(5);
    for (const seed of seeds) {
      await fc.assert(
        fc.asyncProperty(mutate(seed.bytes), (b) => neverFails(b)),
        { numRuns: RUNS * 2 },
      );
    }
  });
});
