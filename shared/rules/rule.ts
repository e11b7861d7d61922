import type { Finding, RuleId } from '../model/findings';
import type { Report } from '../model/report';

export interface RuleContext {
  /** the same agency's report for the year before, for the cross-year rules */
  previous?: Report;
}

export interface Rule {
  id: RuleId;
  /** cross-year rules run only when a previous report is passed in */
  needsPrevious?: boolean;
  check(report: Report, ctx: RuleContext): Finding[];
}
