import * as z from 'zod/mini';
import {
  APPLICANT_COLUMNS,
  DENIED_KEYS,
  DISCLOSURE_2019,
  DISCLOSURE_2021,
  FORMATS,
  type HEAD_ROW_KEYS,
  NOT_PROCESSED_KEYS,
  OTHER_HANDLING_2019_KEYS,
  OTHER_HANDLING_2021_KEYS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  type SECTION_KEYS,
  type TAIL_ROW_KEYS,
  UNAVAILABLE_KEYS,
  type DisclosureBlock,
  type DisclosureColumnKey,
  type DisclosureRowKey,
} from './keys';

/**
 * A table cell: the number the checks use, and how it was written where that differs
 * ("/", "", "251000元", "减4"), so that "/" is never silently 0.
 */
export const CellSchema = z.strictObject({
  value: z.nullable(z.number()).check(z.describe('the number, or null when the cell is blank or not applicable')),
  raw: z.optional(z.string()).check(z.describe('the text as written, when it differs from the number')),
  unit: z.optional(z.string()).check(z.describe('a unit written in the cell (元, 万元)')),
  source: z
    .optional(z.literal('entered'))
    .check(
      z.describe('entered: the document left this cell unread and the reporting agency typed the number in (由报送机关补录); absent: read from the document'),
    ),
});
export type Cell = z.infer<typeof CellSchema>;

/** A strict object with one `schema` per key: the keys are typed, so a misspelled one does not compile. */
const objectOf = <K extends string, T extends z.ZodMiniType>(keys: readonly K[], schema: T) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, schema])) as { [P in K]: T });

const ApplicantRowSchema = objectOf(APPLICANT_COLUMNS, CellSchema);
export type ApplicantRow = z.infer<typeof ApplicantRowSchema>;

type DisclosureShape<Bs extends readonly DisclosureBlock[]> = {
  [R in DisclosureRowKey<Bs>]: z.ZodMiniObject<{ [C in DisclosureColumnKey<Bs, R>]: typeof CellSchema }, z.core.$strict>;
};

const disclosureSchema = <Bs extends readonly DisclosureBlock[]>(blocks: Bs) =>
  z.strictObject(
    Object.fromEntries(
      blocks.flatMap((b) =>
        b.rows.map((r) => [
          r.key,
          objectOf(
            b.columns.map((c) => c.key),
            CellSchema,
          ),
        ]),
      ),
    ) as DisclosureShape<Bs>,
  );

const ReviewSchema = objectOf(REVIEW_GROUPS, objectOf(REVIEW_COLUMNS, CellSchema));

// Key order is the printed row order: the JSON of a parsed report follows it.
const applicationsSchema = <O extends z.ZodMiniType>(otherHandling: O) =>
  z.strictObject({
    newReceived: ApplicantRowSchema,
    carriedOver: ApplicantRowSchema,
    granted: ApplicantRowSchema,
    partiallyGranted: ApplicantRowSchema,
    denied: objectOf(DENIED_KEYS, ApplicantRowSchema),
    unavailable: objectOf(UNAVAILABLE_KEYS, ApplicantRowSchema),
    notProcessed: objectOf(NOT_PROCESSED_KEYS, ApplicantRowSchema),
    otherHandling,
    totalHandled: ApplicantRowSchema,
    carriedForward: ApplicantRowSchema,
  } satisfies Record<(typeof HEAD_ROW_KEYS | typeof TAIL_ROW_KEYS)[number] | 'denied' | 'unavailable' | 'notProcessed' | 'otherHandling', z.ZodMiniType>);

// A table that prints （六）其他处理 as one row (the 2019 way) gives only the group's total: it is kept
// here, and the three sub-rows stay unknown.
const OtherHandling2021Schema = z.strictObject({
  ...objectOf(OTHER_HANDLING_2021_KEYS, ApplicantRowSchema).shape,
  total: z.optional(ApplicantRowSchema).check(z.describe('only when the table printed （六）其他处理 as one row; the three sub-rows are then unknown')),
});

export const Tables2021Schema = z.strictObject({
  activeDisclosure: disclosureSchema(DISCLOSURE_2021),
  applications: applicationsSchema(OtherHandling2021Schema),
  reviewLitigation: ReviewSchema,
});

export const Tables2019Schema = z.strictObject({
  activeDisclosure: disclosureSchema(DISCLOSURE_2019),
  applications: applicationsSchema(objectOf(OTHER_HANDLING_2019_KEYS, ApplicantRowSchema)),
  reviewLitigation: ReviewSchema,
});

export type Tables2021 = z.infer<typeof Tables2021Schema>;
export type Tables2019 = z.infer<typeof Tables2019Schema>;
export type Tables = Tables2021 | Tables2019;
export type ReviewTable = z.infer<typeof ReviewSchema>;

const SectionsSchema = z
  .strictObject({
    overview: z.string(),
    activeDisclosure: z.string(),
    applications: z.string(),
    reviewLitigation: z.string(),
    problems: z.string(),
    other: z.string(),
  } satisfies Record<(typeof SECTION_KEYS)[number], z.ZodMiniString>)
  .check(z.describe('the text of the six sections, one paragraph per line; tables excluded'));

const IsoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** What the document says about itself besides the title; the deadline checks use the dates. */
export const ReportMetaSchema = z.strictObject({
  published: z.nullable(IsoDate).check(z.describe('publication date (发布日期, <meta name="PubDate">), YYYY-MM-DD')),
  signed: z.nullable(IsoDate).check(z.describe('the date under the signature block, YYYY-MM-DD')),
  signedBy: z.nullable(z.string()).check(z.describe('the agency named in the signature block')),
  publisher: z.nullable(z.string()).check(z.describe('the publishing agency the page states (发布机构, ContentSource)')),
  period: z.nullable(z.strictObject({ from: IsoDate, to: IsoDate })).check(z.describe('the statistics period the report states (统计期限自…至…)')),
});
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

const common = {
  schemaVersion: z.literal(1),
  agency: z.string().check(z.describe('the agency name as the title prints it')),
  year: z.nullable(z.int().check(z.gte(2000), z.lte(2100))).check(z.describe('the report year (statistics period)')),
  title: z.string(),
  preamble: z.string().check(z.describe('text between the title and the first section')),
  sections: SectionsSchema,
  meta: ReportMetaSchema,
};

export const ReportSchema = z.discriminatedUnion('format', [
  z.strictObject({ ...common, format: z.literal('2021'), tables: z.nullable(Tables2021Schema) }),
  z.strictObject({ ...common, format: z.literal('2019'), tables: z.nullable(Tables2019Schema) }),
  z.strictObject({ ...common, format: z.literal('pre2019'), tables: z.null() }),
]);

export type Report = z.infer<typeof ReportSchema>;
export type Sections = Record<(typeof SECTION_KEYS)[number], string>;
export type TabledReport = Extract<Report, { format: '2021' | '2019' }>;
export { FORMATS };
