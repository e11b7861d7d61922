/**
 * Canonical keys of the national format (docs/format.md). They are public API: the parser, the
 * validator, the renderer and the JSON all derive from these lists, so a key is spelled once.
 */

export const SECTION_KEYS = ['overview', 'activeDisclosure', 'applications', 'reviewLitigation', 'problems', 'other'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_TITLES: Record<SectionKey, string> = {
  overview: '一、总体情况',
  activeDisclosure: '二、主动公开政府信息情况',
  applications: '三、收到和处理政府信息公开申请情况',
  reviewLitigation: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
};

export const FORMATS = ['2021', '2019', 'pre2019'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export const TABLE_KEYS = ['activeDisclosure', 'applications', 'reviewLitigation'] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

export const TABLE_NAMES: Record<TableKey, string> = {
  activeDisclosure: '表二',
  applications: '表三',
  reviewLitigation: '表四',
};

// ---- Table 三 -------------------------------------------------------------------------------

export const APPLICANT_COLUMNS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number];

export const APPLICANT_COLUMN_LABELS: Record<ApplicantColumn, string> = {
  naturalPerson: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  publicInterest: '社会公益组织',
  legalService: '法律服务机构',
  otherOrg: '其他',
  total: '总计',
};

export const HEAD_ROW_KEYS = ['newReceived', 'carriedOver', 'granted', 'partiallyGranted'] as const;
export const DENIED_KEYS = [
  'stateSecret',
  'prohibitedByLaw',
  'threeSecurities',
  'thirdPartyRights',
  'internalAffairs',
  'processInformation',
  'enforcementFiles',
  'administrativeQuery',
] as const;
export const UNAVAILABLE_KEYS = ['notHeld', 'needsCreation', 'unclear'] as const;
export const NOT_PROCESSED_KEYS = ['complaint', 'repeated', 'publication', 'massRepeated', 'confirmation'] as const;
export const OTHER_HANDLING_2021_KEYS = ['noCorrection', 'unpaidFee', 'other'] as const;
export const OTHER_HANDLING_2019_KEYS = ['total'] as const;
export const TAIL_ROW_KEYS = ['totalHandled', 'carriedForward'] as const;

type Dotted<G extends string, K extends readonly string[]> = `${G}.${K[number]}`;
type CommonRowKey =
  | (typeof HEAD_ROW_KEYS)[number]
  | Dotted<'denied', typeof DENIED_KEYS>
  | Dotted<'unavailable', typeof UNAVAILABLE_KEYS>
  | Dotted<'notProcessed', typeof NOT_PROCESSED_KEYS>
  | (typeof TAIL_ROW_KEYS)[number];
export type ApplicationRowKey2021 = CommonRowKey | Dotted<'otherHandling', typeof OTHER_HANDLING_2021_KEYS>;
export type ApplicationRowKey2019 = CommonRowKey | Dotted<'otherHandling', typeof OTHER_HANDLING_2019_KEYS>;
export type ApplicationRowKey = ApplicationRowKey2021 | ApplicationRowKey2019;

export interface RowDef<K extends string = ApplicationRowKey> {
  /** dotted path in the JSON: `denied.stateSecret` */
  key: K;
  /** the label as the national format prints it */
  label: string;
  /** the group label printed in the merged cell before it, if any */
  group?: string;
  /** matches the label's normalized core (numbering and punctuation removed); anchored */
  match: RegExp;
}

/** Rows of one merged group; `defs` must name every key of the group and no other. */
function groupRows<G extends string, K extends string>(
  head: G,
  group: string,
  keys: readonly K[],
  defs: Record<K, [label: string, match: RegExp]>,
): RowDef<`${G}.${K}`>[] {
  return keys.map((k) => ({ key: `${head}.${k}` as const, label: defs[k][0], group, match: defs[k][1] }));
}

const DENIED = groupRows('denied', '（三）不予公开', DENIED_KEYS, {
  stateSecret: ['1.属于国家秘密', /^属于国家秘密$/],
  prohibitedByLaw: ['2.其他法律行政法规禁止公开', /^其他法律行政法规禁止公开$/],
  threeSecurities: ['3.危及“三安全一稳定”', /^危及三安全一稳定$/],
  thirdPartyRights: ['4.保护第三方合法权益', /^保护第三方合法权益$/],
  internalAffairs: ['5.属于三类内部事务信息', /^属于三类内部事务信息$/],
  processInformation: ['6.属于四类过程性信息', /^属于四类过程性信息$/],
  enforcementFiles: ['7.属于行政执法案卷', /^属于行政执法案卷$/],
  administrativeQuery: ['8.属于行政查询事项', /^属于行政查询事项$/],
});

const UNAVAILABLE = groupRows('unavailable', '（四）无法提供', UNAVAILABLE_KEYS, {
  notHeld: ['1.本机关不掌握相关政府信息', /^本机关不掌握相关政府信息$/],
  needsCreation: ['2.没有现成信息需要另行制作', /^没有现成信息需要另行制作$/],
  unclear: ['3.补正后申请内容仍不明确', /^补正后申请内容仍不明确$/],
});

const NOT_PROCESSED = groupRows('notProcessed', '（五）不予处理', NOT_PROCESSED_KEYS, {
  complaint: ['1.信访举报投诉类申请', /^信访举报投诉类申请$/],
  repeated: ['2.重复申请', /^重复申请$/],
  publication: ['3.要求提供公开出版物', /^要求提供公开出版物$/],
  massRepeated: ['4.无正当理由大量反复申请', /^无正当理由大量反复申请$/],
  confirmation: ['5.要求行政机关确认或重新出具已获取信息', /^要求行政机关确认或重新出具已获取信息$/],
});

const OTHER_HANDLING_2021 = groupRows('otherHandling', '（六）其他处理', OTHER_HANDLING_2021_KEYS, {
  noCorrection: ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', /^申请人无正当理由逾期不补正.{0,30}$/],
  unpaidFee: ['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', /^申请人逾期未按收费通知要求缴纳费用.{0,30}$/],
  other: ['3.其他', /^其他$/],
});

const OTHER_HANDLING_LABEL = /^其他处理$/;

const HEAD_ROWS = [
  { key: 'newReceived', label: '一、本年新收政府信息公开申请数量', match: /^本年新收(政府信息公开)?申请(数量)?$/ },
  { key: 'carriedOver', label: '二、上年结转政府信息公开申请数量', match: /^上年结转(政府信息公开)?申请(数量)?$/ },
  { key: 'granted', label: '（一）予以公开', group: '三、本年度办理结果', match: /^予以公开$/ },
  {
    key: 'partiallyGranted',
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    group: '三、本年度办理结果',
    match: /^部分公开(\(区分处理的.{0,20}\))?$/,
  },
] as const satisfies readonly RowDef<(typeof HEAD_ROW_KEYS)[number]>[];

const TAIL_ROWS = [
  { key: 'totalHandled', label: '（七）总计', group: '三、本年度办理结果', match: /^总计$/ },
  { key: 'carriedForward', label: '四、结转下年度继续办理', match: /^结转下年度?继续办理$/ },
] as const satisfies readonly RowDef<(typeof TAIL_ROW_KEYS)[number]>[];

export const APPLICATION_ROWS_2021: readonly RowDef<ApplicationRowKey2021>[] = [
  ...HEAD_ROWS,
  ...DENIED,
  ...UNAVAILABLE,
  ...NOT_PROCESSED,
  ...OTHER_HANDLING_2021,
  ...TAIL_ROWS,
];

/** （六）其他处理 as one row: the 2019 format's only row of the group, and its total. */
export const OTHER_HANDLING_ROW = {
  key: 'otherHandling.total',
  label: '（六）其他处理',
  group: '三、本年度办理结果',
  match: OTHER_HANDLING_LABEL,
} as const satisfies RowDef<Dotted<'otherHandling', typeof OTHER_HANDLING_2019_KEYS>>;

export const APPLICATION_ROWS_2019: readonly RowDef<ApplicationRowKey2019>[] = [
  ...HEAD_ROWS,
  ...DENIED,
  ...UNAVAILABLE,
  ...NOT_PROCESSED,
  OTHER_HANDLING_ROW,
  ...TAIL_ROWS,
];

/**
 * Rows a table may print in place of the format's own: a 2021-format table that prints （六）其他处理
 * as one row, the 2019 way, has the group's total (`otherHandling.total`) and not its three sub-rows.
 * The total is kept beside the sub-rows (which stay unknown) and stands for them in the equations.
 */
export const extraRows = (format: '2021' | '2019'): readonly RowDef[] => (format === '2021' ? [OTHER_HANDLING_ROW] : []);

export function applicationRows(format: '2021'): readonly RowDef<ApplicationRowKey2021>[];
export function applicationRows(format: '2019'): readonly RowDef<ApplicationRowKey2019>[];
export function applicationRows(format: '2021' | '2019'): readonly RowDef[];
export function applicationRows(format: '2021' | '2019'): readonly RowDef[] {
  return format === '2021' ? APPLICATION_ROWS_2021 : APPLICATION_ROWS_2019;
}

/** The rows T3_BALANCE adds up; every other row is a result row. */
export const BALANCE_ROWS = ['newReceived', 'carriedOver', 'totalHandled', 'carriedForward'] as const satisfies readonly CommonRowKey[];

/** Result rows summed by T3_RESULT_TOTAL: everything between carriedOver and totalHandled. */
export const resultRows = (format: '2021' | '2019'): readonly RowDef[] =>
  applicationRows(format).filter((r) => !(BALANCE_ROWS as readonly string[]).includes(r.key));

export const GROUP_LABELS = {
  results: /^本年度办理结果$/,
  denied: /^不予公开$/,
  unavailable: /^无法提供$/,
  notProcessed: /^不予处理$/,
  otherHandling: OTHER_HANDLING_LABEL,
};

// ---- Table 四 -------------------------------------------------------------------------------

export const REVIEW_GROUPS = ['review', 'suitDirect', 'suitAfterReview'] as const;
export type ReviewGroup = (typeof REVIEW_GROUPS)[number];
export const REVIEW_GROUP_LABELS: Record<ReviewGroup, string> = {
  review: '行政复议',
  suitDirect: '行政诉讼 · 未经复议直接起诉',
  suitAfterReview: '行政诉讼 · 复议后起诉',
};
export const REVIEW_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];
export const REVIEW_COLUMN_LABELS: Record<ReviewColumn, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
};

// ---- Table 二 -------------------------------------------------------------------------------

export interface DisclosureBlock {
  /** caption as printed: 第二十条第（一）项 */
  caption: string;
  captionMatch: RegExp;
  rows: readonly { key: string; label: string; match: RegExp }[];
  columns: readonly { key: string; label: string; signed?: boolean; decimal?: boolean }[];
}

/** Row keys of a list of blocks. */
export type DisclosureRowKey<Bs extends readonly DisclosureBlock[]> = Bs[number]['rows'][number]['key'];
/** Column keys of the block that holds row `R`. */
export type DisclosureColumnKey<Bs extends readonly DisclosureBlock[], R extends string> = Bs[number] extends infer B
  ? B extends DisclosureBlock
    ? R extends B['rows'][number]['key']
      ? B['columns'][number]['key']
      : never
    : never
  : never;

const REGULATION_ROWS = [
  { key: 'regulations', label: '规章', match: /^规章$/ },
  { key: 'normativeDocuments', label: '行政规范性文件', match: /^(行政)?规范性文件$/ },
] as const;

export const DISCLOSURE_2021 = [
  {
    caption: '第二十条第（一）项',
    captionMatch: /第二十条第\(一\)项/,
    rows: REGULATION_ROWS,
    columns: [
      { key: 'issued', label: '本年制发件数' },
      { key: 'repealed', label: '本年废止件数' },
      { key: 'inForce', label: '现行有效件数' },
    ],
  },
  {
    caption: '第二十条第（五）项',
    captionMatch: /第二十条第\(五\)项/,
    rows: [{ key: 'licensing', label: '行政许可', match: /^行政许可$/ }],
    columns: [{ key: 'decisions', label: '本年处理决定数量' }],
  },
  {
    caption: '第二十条第（六）项',
    captionMatch: /第二十条第\(六\)项/,
    rows: [
      { key: 'punishment', label: '行政处罚', match: /^行政处罚$/ },
      { key: 'coercion', label: '行政强制', match: /^行政强制$/ },
    ],
    columns: [{ key: 'decisions', label: '本年处理决定数量' }],
  },
  {
    caption: '第二十条第（八）项',
    captionMatch: /第二十条第\(八\)项/,
    rows: [{ key: 'fees', label: '行政事业性收费', match: /^行政事业性收费$/ }],
    columns: [{ key: 'amountWan', label: '本年收费金额（单位：万元）', decimal: true }],
  },
] as const satisfies readonly DisclosureBlock[];

const CHANGE_COLUMNS = [
  { key: 'previousItems', label: '上一年项目数量' },
  { key: 'change', label: '本年增/减', signed: true },
] as const;

export const DISCLOSURE_2019 = [
  {
    caption: '第二十条第（一）项',
    captionMatch: /第二十条第\(一\)项/,
    rows: REGULATION_ROWS,
    columns: [
      { key: 'made', label: '本年新制作数量' },
      { key: 'published', label: '本年新公开数量' },
      { key: 'totalPublished', label: '对外公开总数量' },
    ],
  },
  {
    caption: '第二十条第（五）项',
    captionMatch: /第二十条第\(五\)项/,
    rows: [
      { key: 'licensing', label: '行政许可', match: /^行政许可$/ },
      { key: 'otherServices', label: '其他对外管理服务事项', match: /^其他对外管理服务事项$/ },
    ],
    columns: [...CHANGE_COLUMNS, { key: 'decisions', label: '处理决定数量' }],
  },
  {
    caption: '第二十条第（六）项',
    captionMatch: /第二十条第\(六\)项/,
    rows: [
      { key: 'punishment', label: '行政处罚', match: /^行政处罚$/ },
      { key: 'coercion', label: '行政强制', match: /^行政强制$/ },
    ],
    columns: [...CHANGE_COLUMNS, { key: 'decisions', label: '处理决定数量' }],
  },
  {
    caption: '第二十条第（八）项',
    captionMatch: /第二十条第\(八\)项/,
    rows: [{ key: 'fees', label: '行政事业性收费', match: /^行政事业性收费$/ }],
    columns: CHANGE_COLUMNS,
  },
  {
    caption: '第二十条第（九）项',
    captionMatch: /第二十条第\(九\)项/,
    rows: [{ key: 'procurement', label: '政府集中采购', match: /^政府集中采购$/ }],
    columns: [
      { key: 'items', label: '采购项目数量' },
      { key: 'amount', label: '采购总金额', decimal: true },
    ],
  },
] as const satisfies readonly DisclosureBlock[];

export const disclosureBlocks = (format: '2021' | '2019'): readonly DisclosureBlock[] => (format === '2021' ? DISCLOSURE_2021 : DISCLOSURE_2019);

/** Labels that only one of the two tabled formats prints; they decide the format. */
export const FORMAT_SIGNALS: Record<'2021' | '2019', RegExp> = {
  '2021': /^(本年制发件数|本年废止件数|现行有效件数|申请人无正当理由逾期不补正.*|申请人逾期未按收费通知要求缴纳费用.*)$/,
  '2019': /^(本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增\/减|采购项目数量|采购总金额|政府集中采购|其他对外管理服务事项)$/,
};
