/** A value as one CSV field: the downloads and the importer's result file write them so. */
export type Field = string | number | boolean | null | undefined;

/** Text a spreadsheet would run as a formula (=, +, -, @) or strip (tab, CR) is defused by a quote. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(v: Field): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // Numbers are data: -3 stays -3 (a change column may be negative), never '-3.
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
