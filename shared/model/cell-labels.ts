import {
  APPLICANT_COLUMN_LABELS,
  type ApplicantColumn,
  applicationRows,
  disclosureBlocks,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  type ReviewColumn,
  type ReviewGroup,
  TABLE_NAMES,
  type TableKey,
} from './keys';
import { formatCellKeys } from './report-cells';

/**
 * Chinese names of canonical cell keys, built from the labels in keys.ts (never retyped), for the
 * statistics page and the data dictionary.
 */

/** The printed 表三 header over the five organisation columns (render-report prints the same). */
export const ORG_GROUP_LABEL = '法人或其他组织';

export interface CellLabel {
  table: string;
  /** the row as printed, with its merged group label before it when it has one */
  row: string;
  column: string;
  /** formats whose tables have this cell */
  formats: ('2021' | '2019')[];
  /** the amount is money in 万元 or a decimal, not a count */
  decimal: boolean;
  /** the column may be negative (本年增/减) */
  signed: boolean;
}

const FORMAT_KEYS = { '2021': new Set(formatCellKeys('2021')), '2019': new Set(formatCellKeys('2019')) };

export function applicantLabel(col: ApplicantColumn): string {
  return col === 'naturalPerson' || col === 'total' ? APPLICANT_COLUMN_LABELS[col] : `${ORG_GROUP_LABEL} · ${APPLICANT_COLUMN_LABELS[col]}`;
}

export function applicationRowLabel(rowKey: string, withGroup = true): string | undefined {
  const def = applicationRows('2021').find((r) => r.key === rowKey) ?? applicationRows('2019').find((r) => r.key === rowKey);
  if (!def) return undefined;
  return withGroup && def.group ? `${def.group} ${def.label}` : def.label;
}

export function cellLabel(key: string): CellLabel | undefined {
  const parts = key.split('.');
  const column = parts.at(-1);
  if (parts.length < 3 || column === undefined) return undefined;
  const table = parts[0] as TableKey;
  const row = parts.slice(1, -1).join('.');
  const formats = (['2021', '2019'] as const).filter((f) => FORMAT_KEYS[f].has(key));
  if (!formats.length) return undefined;
  const base = { table: TABLE_NAMES[table], formats, decimal: false, signed: false };
  if (table === 'activeDisclosure') {
    for (const f of formats)
      for (const block of disclosureBlocks(f)) {
        const r = block.rows.find((x) => x.key === row);
        const c = block.columns.find((x) => x.key === column);
        if (r && c) return { ...base, row: `${block.caption} ${r.label}`, column: c.label, decimal: !!c.decimal, signed: !!c.signed };
      }
    return undefined;
  }
  if (table === 'applications') {
    const label = applicationRowLabel(row);
    return label ? { ...base, row: label, column: applicantLabel(column as ApplicantColumn) } : undefined;
  }
  if (table === 'reviewLitigation') return { ...base, row: REVIEW_GROUP_LABELS[row as ReviewGroup], column: REVIEW_COLUMN_LABELS[column as ReviewColumn] };
  return undefined;
}

/** “表三 一、本年新收政府信息公开申请数量 · 自然人” */
export function cellLabelText(key: string): string {
  const l = cellLabel(key);
  return l ? `${l.table} ${l.row} · ${l.column}` : key;
}
