import * as z from 'zod/mini';
import { TABLE_KEYS } from './keys';

export const RULE_IDS = [
  'T3_BALANCE',
  'T3_ROW_TOTAL',
  'T3_RESULT_TOTAL',
  'T4_GROUP_TOTAL',
  'NON_NEGATIVE',
  'CARRY_OVER',
  'STOCK_FLOW',
  'TEXT_TABLE',
  'YEAR_MISMATCH',
  'FORMAT_YEAR',
  'PLAUSIBILITY',
  'BOILERPLATE',
  'UNCHECKED',
  'LATE',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * The other report a cross-year or cross-agency finding compared against, and the cell there: the
 * finding's own table/row/column are on this report.
 */
export const ComparedWithSchema = z.strictObject({
  agency: z.optional(z.string()),
  agencyName: z.optional(z.string()),
  year: z.optional(z.int()),
  version: z.optional(z.int()),
  table: z.optional(z.enum(TABLE_KEYS)),
  row: z.optional(z.string()),
  column: z.optional(z.string()),
});
export type ComparedWith = z.infer<typeof ComparedWithSchema>;

/** One cell of a table, by its canonical keys: a client marks it on the printed table. */
export const CellAddressSchema = z.strictObject({
  table: z.enum(TABLE_KEYS),
  row: z.string().check(z.describe('dotted row key, e.g. denied.stateSecret; for 表四 the group')),
  column: z.string(),
});
export type CellAddress = z.infer<typeof CellAddressSchema>;

const CellsSchema = z.array(CellAddressSchema).check(z.describe('every cell a grouped message or finding covers'));

export const FindingSchema = z.strictObject({
  rule: z.enum(RULE_IDS),
  severity: z.enum(['error', 'warning']),
  table: z.optional(z.enum(TABLE_KEYS)),
  row: z.optional(z.string()).check(z.describe('dotted row key, e.g. denied.stateSecret')),
  column: z.optional(z.string()),
  expected: z.optional(z.union([z.number(), z.string()])),
  actual: z.optional(z.union([z.number(), z.string()])),
  message: z.string().check(z.describe('Chinese, for the agency clerk')),
  against: z.optional(ComparedWithSchema).check(z.describe('cross-year and cross-agency rules: the report compared with')),
  cells: z.optional(CellsSchema),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Where in the input a message points: 1-based line for text, block index for HTML/DOCX. */
export const PositionSchema = z.strictObject({ line: z.optional(z.int()), block: z.optional(z.int()) });

export const MessageSchema = z.strictObject({
  level: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  position: z.optional(PositionSchema),
  cells: z.optional(CellsSchema),
});
export type ParseMessage = z.infer<typeof MessageSchema>;
export type Position = z.infer<typeof PositionSchema>;
