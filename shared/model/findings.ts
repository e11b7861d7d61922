import { z } from 'zod';
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
export const ComparedWithSchema = z
  .object({
    agency: z.string().optional(),
    agencyName: z.string().optional(),
    year: z.number().int().optional(),
    version: z.number().int().optional(),
    table: z.enum(TABLE_KEYS).optional(),
    row: z.string().optional(),
    column: z.string().optional(),
  })
  .strict();
export type ComparedWith = z.infer<typeof ComparedWithSchema>;

/** One cell of a table, by its canonical keys: a client marks it on the printed table. */
export const CellAddressSchema = z
  .object({
    table: z.enum(TABLE_KEYS),
    row: z.string().describe('dotted row key, e.g. denied.stateSecret; for 表四 the group'),
    column: z.string(),
  })
  .strict();
export type CellAddress = z.infer<typeof CellAddressSchema>;

const CellsSchema = z.array(CellAddressSchema).describe('every cell a grouped message or finding covers');

export const FindingSchema = z
  .object({
    rule: z.enum(RULE_IDS),
    severity: z.enum(['error', 'warning']),
    table: z.enum(TABLE_KEYS).optional(),
    row: z.string().optional().describe('dotted row key, e.g. denied.stateSecret'),
    column: z.string().optional(),
    expected: z.union([z.number(), z.string()]).optional(),
    actual: z.union([z.number(), z.string()]).optional(),
    message: z.string().describe('Chinese, for the agency clerk'),
    against: ComparedWithSchema.optional().describe('cross-year and cross-agency rules: the report compared with'),
    cells: CellsSchema.optional(),
  })
  .strict();
export type Finding = z.infer<typeof FindingSchema>;

/** Where in the input a message points: 1-based line for text, block index for HTML/DOCX. */
export const PositionSchema = z.object({ line: z.number().int().optional(), block: z.number().int().optional() }).strict();

export const MessageSchema = z
  .object({
    level: z.enum(['error', 'warning', 'info']),
    code: z.string(),
    message: z.string(),
    position: PositionSchema.optional(),
    cells: CellsSchema.optional(),
  })
  .strict();
export type ParseMessage = z.infer<typeof MessageSchema>;
export type Position = z.infer<typeof PositionSchema>;
