import type { Finding, ParseMessage } from '../model/findings';
import type { Report } from '../model/report';
import { type AgencyNames, namesAgency, normalizeAgencyName } from './agency-name';
import { coverage, type Unread } from '../rules/coverage';
import { hasErrors, validate } from '../rules/validate';

/**
 * Whose report is it, and for which year: the upload token decides the agency, the document's own
 * title (or metadata) is only a cross-check. One pure function, so the upload, the dry run and the
 * CLI give the same verdict with the same codes and messages.
 */

export interface IdentityHints {
  /** the agency the caller is (upload: the token's; dry run: ?agencyName=; CLI: --agency) */
  agency?: AgencyNames;
  /** the year the caller states (?year=, --year) */
  year?: number;
}

/** What the cross-check refuses; its status and titles are the catalogue's (problem-catalogue.ts). */
export interface IdentityProblem {
  slug: 'agency-mismatch' | 'year-missing' | 'year-mismatch';
  detail: string;
  extra: Record<string, unknown>;
}

export type IdentityVerdict = { ok: true; year: number; agencyNamed: boolean; messages: ParseMessage[] } | { ok: false; problem: IdentityProblem };

/** The cross-check itself: agency named in the report against the caller's, year against ?year=. */
export function checkIdentity(report: Pick<Report, 'agency' | 'title' | 'year'>, hints: IdentityHints): IdentityVerdict {
  const messages: ParseMessage[] = [];
  const named = report.agency.trim();
  if (named && hints.agency && !namesAgency(named, hints.agency)) {
    // The name may come from the title, or (when the title has none) from the signature or 发布机构.
    const inTitle = report.title !== '' && normalizeAgencyName(report.title).includes(normalizeAgencyName(named));
    const where = inTitle ? `报告标题“${report.title}”` : '报告的落款或发布机构';
    return {
      ok: false,
      problem: {
        slug: 'agency-mismatch',
        detail: `${where}写明的机关是“${named}”，不是本机关“${hints.agency.name}”：只能上传本机关的年度报告。如果“${named}”是本机关的简称或曾用名，请管理员把它登记为别名`,
        extra: { named, agency: hints.agency.name, ...(report.year !== null ? { year: report.year } : {}) },
      },
    };
  }
  if (!named) {
    messages.push({
      level: 'warning',
      code: 'AGENCY_NOT_NAMED',
      message: hints.agency
        ? `报告标题中没有机关名称，已按上传凭证认定为“${hints.agency.name}”的报告。建议在标题中写明机关全称`
        : '报告标题中没有机关名称：上传时将按上传凭证认定机关。建议在标题中写明机关全称',
    });
  }
  if (report.year !== null && hints.year !== undefined && hints.year !== report.year) {
    return {
      ok: false,
      problem: {
        slug: 'year-mismatch',
        // Said for the clerk on /check (its 年度 field) as much as for the API (year) and the CLI (--year).
        detail: `填写的年度 ${hints.year} 与报告中写明的年度 ${report.year} 不一致：请把年度改为 ${report.year}，或不填年度`,
        extra: { year: report.year, requested: hints.year, field: 'year' },
      },
    };
  }
  const year = report.year ?? hints.year;
  if (year === undefined) {
    return {
      ok: false,
      problem: {
        slug: 'year-missing',
        detail: '报告的标题和统计期限中都没有可识别的年度（如“2023年政府信息公开工作年度报告”）：请填写报告年度（如 2023）后重新提交',
        extra: { field: 'year' },
      },
    };
  }
  if (report.year === null) {
    messages.push({ level: 'warning', code: 'YEAR_FROM_REQUEST', message: `报告中没有写明年度，按填写的年度 ${year} 认定` });
  }
  return { ok: true, year, agencyNamed: named !== '', messages };
}

export type CheckedAs =
  | {
      ok: true;
      report: Report;
      year: number;
      findings: Finding[];
      messages: ParseMessage[];
      /** every table read (see rules/coverage.ts) */
      checked: boolean;
      unread: Unread[];
      /** read in full and no errors: what a clerk is told as "passed" */
      passed: boolean;
    }
  | { ok: false; problem: IdentityProblem };

type Checked = { report: Report; findings: Finding[]; messages: ParseMessage[]; checked: boolean; unread: Unread[] };

/**
 * A parsed and checked report as the given caller would submit it: the cross-check, the year
 * filled from the hint (and the rules and coverage run again when it was), the cross-check's
 * notes added. Upload, dry run and CLI all take their verdict from here.
 */
export function checkAs(checked: Checked, hints: IdentityHints): CheckedAs {
  const identity = checkIdentity(checked.report, hints);
  if (!identity.ok) return identity;
  const messages = [...checked.messages, ...identity.messages];
  const verdict = (c: Omit<Checked, 'messages'>) => ({
    ok: true as const,
    report: c.report,
    year: identity.year,
    findings: c.findings,
    messages,
    checked: c.checked,
    unread: c.unread,
    passed: c.checked && !hasErrors(c.findings),
  });
  if (identity.year === checked.report.year) return verdict(checked);
  const report = withYear(checked.report, identity.year);
  return verdict({ report, findings: validate(report, { messages: checked.messages }), ...coverage(report) });
}

/**
 * The year from the request. A report read as pre-2019 only for want of a year has tables if
 * the year is 2019 or later: none were read, so it becomes that year's format, unread.
 */
function withYear(report: Report, year: number): Report {
  if (report.format !== 'pre2019' || year <= 2018) return { ...report, year } as Report;
  return { ...report, year, format: year >= 2021 ? '2021' : '2019', tables: null };
}
