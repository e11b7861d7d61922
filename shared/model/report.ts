import { z } from 'zod';
import {
  APPLICANT_COLUMNS,
  DISCLOSURE_2019,
  DISCLOSURE_2021,
  FORMATS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  SECTION_KEYS,
  applicationRows,
  type DisclosureBlock,
} from './keys';

/**
 * A table cell: the number the checks use, and how it was written where that differs
 * ("/", "", "251000元", "减4"), so that "/" is never silently 0.
 */
export const CellSchema = z
  .object({
    value: z.number().nullable().describe('the number, or null when the cell is blank or not applicable'),
    raw: z.string().optional().describe('the text as written, when it differs from the number'),
    unit: z.string().optional().describe('a unit written in the cell (元, 万元)'),
  })
  .strict();
export type Cell = z.infer<typeof CellSchema>;

const objectOf = (keys: readonly string[], schema: z.ZodType) =>
  z.object(Object.fromEntries(keys.map((k) => [k, schema]))).strict();

/** Builds nested objects from dotted row keys: `denied.stateSecret` → { denied: { stateSecret } }. */
function nestedRows(keys: string[], row: z.ZodType) {
  const tree: Record<string, unknown> = {};
  for (const key of keys) {
    const [head, leaf] = key.split('.') as [string, string | undefined];
    if (leaf === undefined) tree[head] = row;
    else ((tree[head] ??= {}) as Record<string, z.ZodType>)[leaf] = row;
  }
  const toZod = (node: unknown): z.ZodType =>
    node instanceof z.ZodType
      ? node
      : z.object(Object.fromEntries(Object.entries(node as object).map(([k, v]) => [k, toZod(v)]))).strict();
  return toZod(tree);
}

const disclosureSchema = (blocks: DisclosureBlock[]) =>
  z
    .object(
      Object.fromEntries(
        blocks.flatMap((b) =>
          b.rows.map((r) => [r.key, objectOf(b.columns.map((c) => c.key), CellSchema)]),
        ),
      ),
    )
    .strict();

const applicantRow = objectOf(APPLICANT_COLUMNS, CellSchema);
const reviewSchema = objectOf(
  REVIEW_GROUPS,
  objectOf(REVIEW_COLUMNS, CellSchema),
);

export const Tables2021Schema = z
  .object({
    activeDisclosure: disclosureSchema(DISCLOSURE_2021),
    applications: nestedRows(applicationRows('2021').map((r) => r.key), applicantRow),
    reviewLitigation: reviewSchema,
  })
  .strict();

export const Tables2019Schema = z
  .object({
    activeDisclosure: disclosureSchema(DISCLOSURE_2019),
    applications: nestedRows(applicationRows('2019').map((r) => r.key), applicantRow),
    reviewLitigation: reviewSchema,
  })
  .strict();

const SectionsSchema = z
  .object({
    overview: z.string(),
    activeDisclosure: z.string(),
    applications: z.string(),
    reviewLitigation: z.string(),
    problems: z.string(),
    other: z.string(),
  } satisfies Record<(typeof SECTION_KEYS)[number], z.ZodString>)
  .strict()
  .describe('the text of the six sections, one paragraph per line; tables excluded');

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** What the document says about itself besides the title; the deadline checks use the dates. */
export const ReportMetaSchema = z
  .object({
    published: IsoDate.nullable().describe('publication date (发布日期, <meta name="PubDate">), YYYY-MM-DD'),
    signed: IsoDate.nullable().describe('the date under the signature block, YYYY-MM-DD'),
    signedBy: z.string().nullable().describe('the agency named in the signature block'),
    publisher: z.string().nullable().describe('the publishing agency the page states (发布机构, ContentSource)'),
    period: z
      .object({ from: IsoDate, to: IsoDate })
      .strict()
      .nullable()
      .describe('the statistics period the report states (统计期限自…至…)'),
  })
  .strict();
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

export { EMPTY_META } from './empty-meta';

const common = {
  schemaVersion: z.literal(1),
  agency: z.string().describe('the agency name as the title prints it'),
  year: z.number().int().min(2000).max(2100).nullable().describe('the report year (statistics period)'),
  title: z.string(),
  preamble: z.string().describe('text between the title and the first section'),
  sections: SectionsSchema,
  meta: ReportMetaSchema,
};

export const ReportSchema = z.discriminatedUnion('format', [
  z.object({ ...common, format: z.literal('2021'), tables: Tables2021Schema.nullable() }).strict(),
  z.object({ ...common, format: z.literal('2019'), tables: Tables2019Schema.nullable() }).strict(),
  z.object({ ...common, format: z.literal('pre2019'), tables: z.null() }).strict(),
]);

export type Report = z.infer<typeof ReportSchema>;
export type Sections = Record<(typeof SECTION_KEYS)[number], string>;
export type TabledReport = Extract<Report, { format: '2021' | '2019' }>;
export { FORMATS };
