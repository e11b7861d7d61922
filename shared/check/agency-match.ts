import type { Finding, ParseMessage } from '../model/findings';
import type { Report } from '../model/report';
import { nfkc, toSimplified } from '../parse/normalize';
import { coverage, type Unread } from '../rules/coverage';
import { hasErrors, validate } from '../rules/validate';

/**
 * Whose report is it, and for which year: the upload token decides the agency, the document's own
 * title (or metadata) is only a cross-check. One pure function, so the upload, the dry run and the
 * CLI give the same verdict with the same codes and messages.
 */

export interface AgencyNames {
  name: string;
  aliases?: readonly string[];
}

const INVISIBLE = /[\s\u00a0\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]+/g;
const QUOTES = /[“”‘’"'「」『』〝〞《》〈〉`´]/g;

/** The form names are compared on: NFKC, no spaces, zero-width characters or quotes, simplified. */
export function normalizeAgencyName(name: string): string {
  return toSimplified(nfkc(name).replace(INVISIBLE, '').replace(QUOTES, ''));
}

/** X人民政府 and X政府 are one body; compared without the difference. */
const comparable = (normalized: string) => normalized.replace(/人民政府$/, '政府');

/** Names that would match every agency of a kind: never a registered name or alias. */
const GENERIC = new Set([
  '政府',
  '人民政府',
  '办公室',
  '政府办公室',
  '人民政府办公室',
  '办公厅',
  '政府办公厅',
  '人民政府办公厅',
  '政府办',
  '人民政府办',
  '委员会',
  '管委会',
  '管理委员会',
  '办事处',
  '街道办事处',
  '街道办',
  '局',
  '委',
  '办',
  '厅',
  '机关',
  '本机关',
  '单位',
  '本单位',
  '部门',
  '政务公开办公室',
  '信息公开办公室',
  '政府信息公开办公室',
  '政务服务中心',
  '人大常委会',
  '政协',
]);

const cjkCount = (s: string) => s.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;

/** Why a name or alias cannot be registered (Chinese, for the admin), or undefined when it can. */
export function agencyNameProblem(name: string, what = '机关名称'): string | undefined {
  const n = normalizeAgencyName(name);
  if (!n) return `${what}去掉空格、引号和不可见字符后为空：请填写机关的全称`;
  if (cjkCount(n) < 2) return `${what}“${n}”太短：至少应有 2 个汉字，请填写机关的全称`;
  if (GENERIC.has(n)) return `${what}“${n}”是通用称呼，会与许多机关混淆：请填写带地名的全称，如“广州市天河区人民政府办公室”`;
  return undefined;
}

// A leading province / city (or autonomous region, prefecture, league) name, dropped to reach the
// short form agencies print in titles ("天河区教育局" for "广州市天河区教育局").
const REGION_PREFIX = /^[\u3400-\u9fff]{1,10}?(?:省|自治区|特别行政区|市|自治州|地区|盟)/;
// What remains must still start with a place: a name ending in 区, 县, 市, 旗, 州, 盟, 镇, 乡 or 街道
// right at the start ("天河区教育局"), the first such ending being the place's.
const PLACE_AT_START = /^[\u3400-\u9fff]{1,14}?(?:街道|区|县|市|旗|州|盟|镇|乡)/;
// …and that "place" must not be a department's own word: 城市管理委员会, 住房和城乡建设委员会,
// 市政市容管理委员会, 乡镇企业局 (晋城市, 平和县, 城区 are places; 城市, 城乡 are not).
const NOT_A_PLACE = /^(?:城[市乡镇]|乡镇|市[政容场]|社区|园区|景区|街区)|城乡$|[和与及、]城[市镇]$/;

function stillLocal(rest: string): boolean {
  const place = PLACE_AT_START.exec(rest);
  return place !== null && !NOT_A_PLACE.test(place[0]);
}

// A title that names only the place ("某某县2017年政府信息公开工作年度报告") is the report of the
// place's 人民政府; one that names only a zone ("平潭综合实验区…") that of the zone's 管理委员会.
const PLACE_SEAT = /^(.+(?:省|自治区|市|州|地区|盟|县|区|旗|镇|乡))人民政府$/;
const ZONE_SEAT = /^(.+区)(?:管理委员会|管委会)$/;

/** The registered name and the forms that count as it: aliases, the name without its region prefix, the bare place of a government. */
function acceptedForms(agency: AgencyNames): Set<string> {
  const forms = new Set<string>();
  const name = normalizeAgencyName(agency.name);
  forms.add(comparable(name));
  for (const a of agency.aliases ?? []) {
    const n = normalizeAgencyName(a);
    if (n) forms.add(comparable(n));
  }
  const place = (PLACE_SEAT.exec(name) ?? ZONE_SEAT.exec(name))?.[1];
  for (const full of place && agencyNameProblem(place) === undefined ? [name, place] : [name]) {
    forms.add(comparable(full));
    let rest = full;
    for (let k = 0; k < 2; k++) {
      const m = REGION_PREFIX.exec(rest);
      if (!m) break;
      rest = rest.slice(m[0].length);
      if (!stillLocal(rest) || agencyNameProblem(rest) !== undefined) break;
      forms.add(comparable(rest));
    }
  }
  return forms;
}

/**
 * Does a name printed in a report designate this agency? Exactly the name, an alias, or the name
 * without its leading region; a longer name containing ours (its 办公室, say) is another agency.
 */
export function namesAgency(printed: string, agency: AgencyNames): boolean {
  const n = normalizeAgencyName(printed);
  return n !== '' && acceptedForms(agency).has(comparable(n));
}

export interface IdentityHints {
  /** the agency the caller is (upload: the token's; dry run: ?agencyName=; CLI: --agency) */
  agency?: AgencyNames;
  /** the year the caller states (?year=, --year) */
  year?: number;
}

export interface IdentityProblem {
  status: 422;
  slug: 'agency-mismatch' | 'year-missing' | 'year-mismatch';
  title: string;
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
        status: 422,
        slug: 'agency-mismatch',
        title: 'The report names another agency',
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
        status: 422,
        slug: 'year-mismatch',
        title: 'The stated year contradicts the report',
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
        status: 422,
        slug: 'year-missing',
        title: 'The report year is missing',
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
