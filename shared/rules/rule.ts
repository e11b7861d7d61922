import type { Finding, ParseMessage, RuleId } from '../model/findings';
import type { Report } from '../model/report';
import { tablesOf, type TableView } from '../model/table-access';

export interface RuleContext {
  /** the same agency's report for the year before, for the cross-year rules */
  previous?: Report;
  /** the parser's messages: how the tables were lost decides what a clerk is told to upload */
  messages?: readonly ParseMessage[];
}

export interface Rule {
  id: RuleId;
  /** cross-year rules run only when a previous report is passed in */
  needsPrevious?: boolean;
  check(report: Report, ctx: RuleContext): Finding[];
}

/** A cross-year rule on the tables of this year's and last year's report (both must have them). */
export function tablesAcrossYears(id: RuleId, check: (now: TableView, before: TableView) => Finding[]): Rule {
  return {
    id,
    needsPrevious: true,
    check(report, { previous }) {
      const now = tablesOf(report);
      const before = previous && tablesOf(previous);
      return now && before ? check(now, before) : [];
    },
  };
}
