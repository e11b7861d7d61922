import {
  array,
  boolean,
  gte,
  literal,
  lte,
  maxLength,
  minLength,
  number,
  object,
  optional,
  pipe,
  record,
  refine,
  regex,
  strictObject,
  string,
  transform,
  trim,
} from 'zod/mini';
import { int } from 'zod/mini';
import { agencyNameProblem } from '../check/agency-name';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../archive/audit';
import { AGENCY_KIND_CHOICES, AGENCY_KINDS } from '../rules/agency-kind';

/**
 * Everything that comes from a request is checked here, at the edge, before any use case.
 * zod/mini with named imports: the functions' bundles carry only the checks used here.
 */

/**
 * A schema built on its first use. A function loads every schema here and a request uses one or
 * two: built at import (zod builds each schema's checks and shape eagerly), they were a tenth of a
 * cold start. Property reads, methods and `in` go to the built schema.
 */
function lazy<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = () => {
    built ??= build();
    return built;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    has: (_, key) => Reflect.has(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}

const slug = lazy(() => string().check(regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, '应为小写字母、数字和连字符组成的标识（最长 64 位）')));
const digits = (re: RegExp, message: string) => pipe(string().check(regex(re, message)), transform(Number));
const yearString = lazy(() =>
  pipe(digits(/^\d{4}$/, '应为四位数年份'), number().check(gte(2000, '年份应在 2000 至 2100 之间'), lte(2100, '年份应在 2000 至 2100 之间'))),
);
const versionString = lazy(() => digits(/^[1-9]\d{0,5}$/, '应为正整数'));
const limitString = lazy(() =>
  pipe(digits(/^\d{1,3}$/, '应为 1 至 100 的整数'), number().check(gte(1, '应为 1 至 100 的整数'), lte(100, '应为 1 至 100 的整数'))),
);
const cursor = lazy(() => string().check(maxLength(2048), regex(/^[A-Za-z0-9_-]+$/, '格式不正确')));
const bool = lazy(() =>
  pipe(
    literal(['true', 'false']),
    transform((v: 'true' | 'false') => v === 'true'),
  ),
);
const plainText = (max: number) =>
  string().check(trim(), minLength(1, '不能为空'), maxLength(max, `最长 ${max} 个字符`), regex(/^[^\u0000-\u001f\u007f]+$/, '不能包含控制字符'));

/** A GB/T 2260 code: six digits, 440106 for 广州市天河区. */
const regionCode = lazy(() => string().check(regex(/^\d{6}$/, '应为六位行政区划代码（GB/T 2260），如 440106')));

export const AgencyPath = lazy(() => strictObject({ agency: slug }));
export const ReportPath = lazy(() => strictObject({ agency: slug, year: yearString }));
export const TokenPath = lazy(() => strictObject({ agency: slug, tokenId: string().check(regex(/^[a-z0-9]{16}$/, '令牌编号格式不正确')) }));
export const VersionQuery = lazy(() => object({ version: optional(versionString) }));

export const ListQuery = lazy(() =>
  object({
    year: optional(yearString),
    agency: optional(slug),
    region: optional(regionCode),
    hasErrors: optional(bool),
    has: optional(literal(['errors', 'unchecked'])),
    q: optional(plainText(50)),
    level: optional(plainText(32)),
    limit: optional(limitString),
    cursor: optional(cursor),
  }),
);

/**
 * What a name may carry invisibly: C0/C1 controls, bidi embeddings, overrides and isolates (which
 * make "report\u202Efdp.exe" display as "reportexe.pdf"), marks and zero-width characters.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
export const cleanFilename = (name: string) => name.replace(INVISIBLE, '').trim();

/** A recorded filename: invisible characters removed, no path. */
export const UploadFilename = lazy(() =>
  pipe(
    pipe(string(), transform(cleanFilename)),
    string().check(minLength(1, '文件名不能为空'), maxLength(200, '文件名最长 200 个字符'), regex(/^[^/\\]+$/, '文件名不能包含路径')),
  ),
);

// A name a report can be matched against: not empty once invisible characters go, not generic.
const agencyName = (what: string) =>
  plainText(100).check(
    refine((v: string) => agencyNameProblem(v, what) === undefined, { error: (issue) => agencyNameProblem(String(issue.input), what) ?? '' }),
  );

export const UploadQuery = lazy(() =>
  object({
    filename: optional(UploadFilename),
    strict: optional(bool),
    agency: optional(slug),
    /** the report year when the document states none */
    year: optional(yearString),
  }),
);

/** The dry run takes the agency by name (it has no token and no table), to give an upload's verdict. */
export const ValidateQuery = lazy(() =>
  object({
    ...UploadQuery.shape,
    agencyName: optional(agencyName('机关名称')),
    /** html: also the tables, rendered with the cells the findings point at marked */
    view: optional(literal(['html'])),
  }),
);

/** Decides the deadline (条例 第四十九条); the 400 names every allowed value and what it means. */
const agencyKind = lazy(() => literal(AGENCY_KINDS, { error: `应为 ${AGENCY_KIND_CHOICES} 之一` }));

export const NewAgencyBody = lazy(() =>
  strictObject({
    id: slug,
    name: agencyName('机关名称'),
    region: optional(regionCode),
    level: optional(plainText(32)),
    kind: optional(agencyKind),
    aliases: optional(array(agencyName('别名')).check(maxLength(20, '别名最多 20 个'))),
  }),
);

// ---- the admin's operations ------------------------------------------------------------------

export const AgencyListQuery = lazy(() =>
  object({
    q: optional(plainText(50)),
    region: optional(regionCode),
    level: optional(plainText(32)),
    limit: optional(limitString),
    cursor: optional(cursor),
  }),
);

/** Only the fields given change; an empty edit says nothing to do. */
export const AgencyPatchBody = lazy(() =>
  strictObject({
    name: optional(agencyName('机关名称')),
    aliases: optional(array(agencyName('别名')).check(maxLength(20, '别名最多 20 个'))),
    region: optional(regionCode),
    level: optional(plainText(32)),
    kind: optional(agencyKind),
  }).check(refine((b) => Object.values(b).some((v) => v !== undefined), '请至少提供 name、aliases、region、level、kind 之一')),
);

export const CoverageQuery = lazy(() =>
  object({
    year: yearString,
    region: optional(regionCode),
    limit: optional(limitString),
    cursor: optional(cursor),
  }),
);

export const TokenListQuery = lazy(() => object({ limit: optional(limitString), cursor: optional(cursor) }));

export const WithdrawPath = lazy(() => strictObject({ agency: slug, year: yearString, n: versionString }));

/** The reason is published on the tombstone: written in Chinese, for the reader. Line breaks are allowed. */
export const WithdrawBody = lazy(() =>
  strictObject({
    reason: string().check(
      trim(),
      minLength(1, '请写明撤回原因'),
      maxLength(500, '撤回原因最长 500 个字符'),
      regex(/^[^\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+$/, '撤回原因不能包含控制字符'),
      regex(/[\u3400-\u9fff]/, '请用中文写明撤回原因'),
    ),
  }),
);

/** Typed cells for what a version left unread: canonical keys to numbers; the use case checks each key and value against the report. */
export const CellsBody = lazy(() =>
  strictObject({
    cells: record(string().check(maxLength(80, '格子名称最长 80 个字符')), number('应为数字')).check(
      refine((c) => Object.keys(c).length <= 400, '一次最多补录 400 个格子'),
    ),
    strict: optional(boolean('应为 true 或 false')),
  }),
);

/** An agency's trail, or `_console`: the admin console's sign-in attempts (shared/archive/audit.ts). */
const auditTrailName = lazy(() =>
  string().check(regex(/^(?:_console|[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)$/, '应为机关标识，或 _console（管理控制台的登录记录）')),
);
export const AuditQuery = lazy(() => object({ agency: auditTrailName, limit: optional(limitString), cursor: optional(cursor) }));

/**
 * A large upload's announcement. The size is only checked to be a positive whole number here: over
 * the limit is a 413 from the use case, which states the limit. The content type is signed into the
 * URL as given, so it must be one plain media type (no parameters that a client could vary).
 */
export const NewUploadBody = lazy(() =>
  strictObject({
    filename: UploadFilename,
    contentType: string().check(
      maxLength(100, '最长 100 个字符'),
      regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/i, '应为一个媒体类型，如 application/pdf'),
    ),
    size: int('应为整数（字节数）').check(gte(1, '文件大小应大于 0 字节')),
    /** as a direct upload's ?year= and ?strict=false */
    year: optional(int('应为四位数年份').check(gte(2000, '年份应在 2000 至 2100 之间'), lte(2100, '年份应在 2000 至 2100 之间'))),
    strict: optional(boolean('应为 true 或 false')),
  }),
);
export const UploadPath = lazy(() =>
  strictObject({ id: string().check(regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '上传编号格式不正确')) }),
);

// ---- the public pages ------------------------------------------------------------------------

export const BrowseQuery = lazy(() =>
  object({
    year: optional(yearString),
    region: optional(regionCode),
    q: optional(plainText(50)),
    level: optional(plainText(32)),
    has: optional(literal(['errors', 'unchecked'])),
    page: optional(cursor),
  }),
);
export const StatsPath = lazy(() => strictObject({ year: yearString }));
export const CoveragePageQuery = lazy(() => object({ year: optional(yearString), region: optional(regionCode), page: optional(cursor) }));
export const CopiedPageQuery = lazy(() => object({ year: optional(yearString), page: optional(cursor) }));
export const StatsQuery = lazy(() => object({ region: optional(regionCode) }));
export const CompareQuery = lazy(() => object({ with: yearString }));
export const DataPath = lazy(() =>
  strictObject({
    file: pipe(
      string().check(regex(/^(\d{4}|all)\.(csv|json)$/, '应为 {年度}.csv、{年度}.json、all.csv 或 all.json')),
      transform((f: string) => {
        const [y, kind] = f.split('.') as [string, 'csv' | 'json'];
        return { year: y === 'all' ? ('all' as const) : Number(y), kind };
      }),
    ),
  }),
);
/** labels=zh: the CSV's header row in Chinese; without it the canonical keys, which are the public API. */
export const DataQuery = lazy(() => object({ labels: optional(literal(['zh'], { error: '只能是 zh（中文表头）；不写则表头为列名' })) }));
export const AssetPath = lazy(() => strictObject({ file: literal(['check.js']) }));

// ---- the admin console (HTML forms; the data goes through the admin API's schemas above) --------

export const ConsoleAuditQuery = lazy(() =>
  object({
    agency: optional(auditTrailName),
    action: optional(literal(AUDIT_ACTIONS)),
    outcome: optional(literal(AUDIT_OUTCOMES)),
    cursor: optional(cursor),
  }),
);
export const ConsoleCoverageQuery = lazy(() => object({ year: optional(yearString), region: optional(regionCode), cursor: optional(cursor) }));
export const ConsoleAgencyQuery = lazy(() => object({ done: optional(literal(['saved', 'revoked', 'withdrawn'])) }));
export const ConsoleAssetPath = lazy(() => strictObject({ file: literal(['console.js']) }));
/** The sign-in form: the token is only compared (in constant time), never stored or logged. */
export const LoginForm = lazy(() => object({ token: string().check(trim(), minLength(1, '请输入管理员令牌'), maxLength(512, '令牌过长')) }));
