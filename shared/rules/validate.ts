import type { Finding } from '../model/findings';
import type { Report } from '../model/report';
import { unchecked } from './coverage';
import { boilerplate, carryOver, stockFlow } from './cross-year';
import { plausibility, plausibilityJump } from './plausibility';
import type { Rule, RuleContext } from './rule';
import { nonNegative, t3Balance, t3ResultTotal, t3RowTotal, t4GroupTotal } from './table-arithmetic';
import { formatYear, textTable, yearMismatch } from './text-consistency';

export const RULES: readonly Rule[] = [
  t3Balance,
  t3RowTotal,
  t3ResultTotal,
  t4GroupTotal,
  nonNegative,
  textTable,
  yearMismatch,
  formatYear,
  plausibility,
  carryOver,
  stockFlow,
  plausibilityJump,
  boilerplate,
  unchecked,
];

/** Runs every rule that applies; cross-year rules only when `ctx.previous` is given. */
export function validate(report: Report, ctx: RuleContext = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.needsPrevious && !ctx.previous) continue;
    findings.push(...rule.check(report, ctx));
  }
  return findings;
}

/** The rules that compare with the agency's report of the year before. */
export const CROSS_YEAR_RULES: readonly Rule[] = RULES.filter((r) => r.needsPrevious);

/** Only the cross-year findings of `report` against `previous`: what the archive re-derives when either changes. */
export function crossYearFindings(report: Report, previous: Report): Finding[] {
  return CROSS_YEAR_RULES.flatMap((rule) => rule.check(report, { previous }));
}

export const hasErrors = (findings: Finding[]) => findings.some((f) => f.severity === 'error');
