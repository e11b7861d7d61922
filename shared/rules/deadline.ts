import type { Finding, RuleId } from '../model/findings';
import { type AgencyKind, agencyKind, type KindInput } from './agency-kind';

/**
 * When a report was due, when it was published, and the LATE finding.
 *
 * Report years up to 2018 fall under the 2007 条例, whose 第三十一条 gave every agency until 31 March.
 * From report year 2019 the revised 条例 第四十九条 applies: departments of people's governments at
 * county level and above by 31 January, the governments' own reports by 31 March. 第四十九条 does not
 * name 乡镇 governments or 街道办事处; they report to the county like its departments, and this
 * archive holds them to the departments' date. Which of these an agency is, is its `kind` (agency-kind.ts).
 */

export type { AgencyKind } from './agency-kind';

export interface DeadlineAgency extends KindInput {
  /** stored on the agency; inferred from the name, region and level where it is not */
  kind?: AgencyKind | null;
}

export interface Deadline {
  /** YYYY-MM-DD, the last day on which publication is on time */
  date: string;
  /** the legal basis, in Chinese */
  basis: string;
}

const BASIS_OLD = '《政府信息公开条例》（2007年）第三十一条：各级行政机关应当在每年3月31日前公布本行政机关的政府信息公开工作年度报告';
const BASIS_DEPARTMENT =
  '《政府信息公开条例》第四十九条：县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布';
const BASIS_GOVERNMENT =
  '《政府信息公开条例》第四十九条：县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告';
const BASIS_TOWNSHIP = `《政府信息公开条例》第四十九条未单列乡镇人民政府和街道办事处，本库按县级以上人民政府部门的期限计：${BASIS_DEPARTMENT.slice(BASIS_DEPARTMENT.indexOf('：') + 1)}`;

/** The statutory deadline for an agency's report on `year`, by its kind. */
export function deadlineFor(year: number, agency: DeadlineAgency): Deadline {
  if (!Number.isInteger(year)) throw new RangeError(`报告年度“${year}”不是整数`);
  const next = year + 1;
  if (year <= 2018) return { date: `${next}-03-31`, basis: BASIS_OLD };
  const kind = agencyKind(agency);
  if (kind === 'township') return { date: `${next}-01-31`, basis: BASIS_TOWNSHIP };
  return kind === 'government' ? { date: `${next}-03-31`, basis: BASIS_GOVERNMENT } : { date: `${next}-01-31`, basis: BASIS_DEPARTMENT };
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a real calendar date YYYY-MM-DD, or undefined (2023-02-30 included). */
function dayNumber(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return t / DAY_MS;
}

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The calendar date in China (UTC+8, no daylight saving) at a moment, as deadlines are counted. */
export const chinaDate = (at: Date): string => isoDay(Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS));

export type PublishedSource = 'published' | 'signed' | 'first-upload';

export interface PublicationDate {
  date: string;
  source: PublishedSource;
}

/**
 * When the report was published: the document's 发布日期, else its signature (成文) date, else the
 * day of its first upload to this archive in China time (UTC+8). A document date is used only if
 * it could be true: not before 1 December of the report year (some reports appear in late
 * December) and not after the day after the first upload.
 */
export function publicationDate(
  meta: { published: string | null; signed: string | null } | undefined,
  firstUploadAt: string,
  year: number | null,
): PublicationDate {
  const uploaded = Date.parse(firstUploadAt);
  if (Number.isNaN(uploaded)) throw new RangeError(`首次上传时间“${firstUploadAt}”不是有效的时间`);
  const uploadDay = Math.floor((uploaded + CHINA_OFFSET_MS) / DAY_MS);
  // A year without a 1 December of four digits leaves no date of the report's own possible: the first upload stands.
  const earliest = year === null ? Number.NEGATIVE_INFINITY : (dayNumber(`${year}-12-01`) ?? Number.POSITIVE_INFINITY);
  const possible = (date: string | null | undefined): date is string => {
    const day = date ? dayNumber(date) : undefined;
    return day !== undefined && day >= earliest && day <= uploadDay + 1;
  };
  if (possible(meta?.published)) return { date: meta.published, source: 'published' };
  if (possible(meta?.signed)) return { date: meta.signed, source: 'signed' };
  return { date: isoDay(uploadDay), source: 'first-upload' };
}

/** Calendar days from the deadline to publication: positive when late, 0 on the day, negative when early. */
export function daysLate(published: string, deadline: string): number {
  const p = dayNumber(published);
  const d = dayNumber(deadline);
  if (p === undefined || d === undefined) throw new RangeError(`日期“${p === undefined ? published : deadline}”不是有效的 YYYY-MM-DD 日期`);
  return p - d;
}

/** 2023-04-05 → 2023年4月5日 */
const chineseDate = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** The rule id of a late publication: derived by the archive from the dates, never stored with the upload. */
export const LATE_RULE = 'LATE' satisfies RuleId;

/** A LATE warning when the report was published after its deadline; undefined when on time or the year is unknown. */
export function lateFinding(year: number | null, agency: DeadlineAgency, published: PublicationDate): Finding | undefined {
  if (year === null) return undefined;
  const deadline = deadlineFor(year, agency);
  const days = daysLate(published.date, deadline.date);
  if (days <= 0) return undefined;
  const when = chineseDate(published.date);
  const lateBy = `晚于法定期限 ${chineseDate(deadline.date)} ${days} 天`;
  const why = `（依据：${deadline.basis}）`;
  const message =
    published.source === 'published'
      ? `报告发布于 ${when}，${lateBy}${why}`
      : published.source === 'signed'
        ? `报告中没有可用的发布日期，按落款（成文）日期 ${when} 计，${lateBy}${why}`
        : `报告中没有可用的发布日期或落款日期，按首次上传本库的日期 ${when} 计，${lateBy}；如实际发布更早，请在报告中注明发布日期${why}`;
  return { rule: LATE_RULE, severity: 'warning', expected: deadline.date, actual: published.date, message };
}
