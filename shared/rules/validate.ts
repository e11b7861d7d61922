import type { Finding, RuleId } from '../model/findings';
import type { Report } from '../model/report';
import { unchecked } from './coverage';
import { boilerplate, carryOver, stockFlow } from './cross-year';
import { LATE_RULE } from './deadline';
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

/**
 * The rules whose findings the archive derives (shared/archive/derived-findings.ts) rather than keeps
 * from the upload: the cross-year rules, BOILERPLATE also across agencies of a year, and LATE from
 * the dates. Read from the rules themselves, so a new cross-year rule is replaced on read like the rest.
 */
export const DERIVED_RULE_IDS: ReadonlySet<RuleId> = new Set([...CROSS_YEAR_RULES.map((r) => r.id), boilerplate.id, LATE_RULE]);

/** Only the cross-year findings of `report` against `previous`: what the archive re-derives when either changes. */
export function crossYearFindings(report: Report, previous: Report): Finding[] {
  return CROSS_YEAR_RULES.flatMap((rule) => rule.check(report, { previous }));
}

export const hasErrors = (findings: Finding[]) => findings.some((f) => f.severity === 'error');
