/**
 * Canonical keys of the national format (docs/format.md). They are public API: the parser, the
 * validator, the renderer and the JSON all derive from these lists, so a key is spelled once.
 */

export const SECTION_KEYS = [
  'overview',
  'activeDisclosure',
  'applications',
  'reviewLitigation',
  'problems',
  'other',
] as const;
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

export const APPLICANT_COLUMNS = [
  'naturalPerson',
  'commercial',
  'research',
  'publicInterest',
  'legalService',
  'otherOrg',
  'total',
] as const;
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

export interface RowDef {
  /** dotted path in the JSON: `denied.stateSecret` */
  key: string;
  /** the label as the national format prints it */
  label: string;
  /** the group label printed in the merged cell before it, if any */
  group?: string;
  /** matches the label's normalized core (numbering and punctuation removed); anchored */
  match: RegExp;
}

const DENIED: RowDef[] = [
  ['stateSecret', '1.属于国家秘密', /^属于国家秘密$/],
  ['prohibitedByLaw', '2.其他法律行政法规禁止公开', /^其他法律行政法规禁止公开$/],
  ['threeSecurities', '3.危及“三安全一稳定”', /^危及三安全一稳定$/],
  ['thirdPartyRights', '4.保护第三方合法权益', /^保护第三方合法权益$/],
  ['internalAffairs', '5.属于三类内部事务信息', /^属于三类内部事务信息$/],
  ['processInformation', '6.属于四类过程性信息', /^属于四类过程性信息$/],
  ['enforcementFiles', '7.属于行政执法案卷', /^属于行政执法案卷$/],
  ['administrativeQuery', '8.属于行政查询事项', /^属于行政查询事项$/],
].map(([k, label, match]) => ({ key: `denied.${k}`, label, group: '（三）不予公开', match }) as RowDef);

const UNAVAILABLE: RowDef[] = [
  ['notHeld', '1.本机关不掌握相关政府信息', /^本机关不掌握相关政府信息$/],
  ['needsCreation', '2.没有现成信息需要另行制作', /^没有现成信息需要另行制作$/],
  ['unclear', '3.补正后申请内容仍不明确', /^补正后申请内容仍不明确$/],
].map(([k, label, match]) => ({ key: `unavailable.${k}`, label, group: '（四）无法提供', match }) as RowDef);

const NOT_PROCESSED: RowDef[] = [
  ['complaint', '1.信访举报投诉类申请', /^信访举报投诉类申请$/],
  ['repeated', '2.重复申请', /^重复申请$/],
  ['publication', '3.要求提供公开出版物', /^要求提供公开出版物$/],
  ['massRepeated', '4.无正当理由大量反复申请', /^无正当理由大量反复申请$/],
  ['confirmation', '5.要求行政机关确认或重新出具已获取信息', /^要求行政机关确认或重新出具已获取信息$/],
].map(([k, label, match]) => ({ key: `notProcessed.${k}`, label, group: '（五）不予处理', match }) as RowDef);

const OTHER_HANDLING_2021: RowDef[] = [
  [
    'noCorrection',
    '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    /^申请人无正当理由逾期不补正.{0,30}$/,
  ],
  [
    'unpaidFee',
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    /^申请人逾期未按收费通知要求缴纳费用.{0,30}$/,
  ],
  ['other', '3.其他', /^其他$/],
].map(([k, label, match]) => ({ key: `otherHandling.${k}`, label, group: '（六）其他处理', match }) as RowDef);

const OTHER_HANDLING_LABEL = /^其他处理$/;

const HEAD_ROWS: RowDef[] = [
  { key: 'newReceived', label: '一、本年新收政府信息公开申请数量', match: /^本年新收(政府信息公开)?申请(数量)?$/ },
  { key: 'carriedOver', label: '二、上年结转政府信息公开申请数量', match: /^上年结转(政府信息公开)?申请(数量)?$/ },
  { key: 'granted', label: '（一）予以公开', group: '三、本年度办理结果', match: /^予以公开$/ },
  {
    key: 'partiallyGranted',
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    group: '三、本年度办理结果',
    match: /^部分公开(\(区分处理的.{0,20}\))?$/,
  },
];

const TAIL_ROWS: RowDef[] = [
  { key: 'totalHandled', label: '（七）总计', group: '三、本年度办理结果', match: /^总计$/ },
  { key: 'carriedForward', label: '四、结转下年度继续办理', match: /^结转下年度?继续办理$/ },
];

export const APPLICATION_ROWS_2021: RowDef[] = [
  ...HEAD_ROWS,
  ...DENIED,
  ...UNAVAILABLE,
  ...NOT_PROCESSED,
  ...OTHER_HANDLING_2021,
  ...TAIL_ROWS,
];

export const APPLICATION_ROWS_2019: RowDef[] = [
  ...HEAD_ROWS,
  ...DENIED,
  ...UNAVAILABLE,
  ...NOT_PROCESSED,
  { key: 'otherHandling.total', label: '（六）其他处理', group: '三、本年度办理结果', match: OTHER_HANDLING_LABEL },
  ...TAIL_ROWS,
];

export const applicationRows = (format: '2021' | '2019'): RowDef[] =>
  format === '2021' ? APPLICATION_ROWS_2021 : APPLICATION_ROWS_2019;

/** Result rows summed by T3_RESULT_TOTAL: everything between carriedOver and totalHandled. */
export const resultRows = (format: '2021' | '2019'): RowDef[] =>
  applicationRows(format).filter((r) => !['newReceived', 'carriedOver', 'totalHandled', 'carriedForward'].includes(r.key));

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
  rows: { key: string; label: string; match: RegExp }[];
  columns: { key: string; label: string; signed?: boolean; decimal?: boolean }[];
}

const REGULATION_ROWS = [
  { key: 'regulations', label: '规章', match: /^规章$/ },
  { key: 'normativeDocuments', label: '行政规范性文件', match: /^(行政)?规范性文件$/ },
];

export const DISCLOSURE_2021: DisclosureBlock[] = [
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
];

const CHANGE_COLUMNS = [
  { key: 'previousItems', label: '上一年项目数量' },
  { key: 'change', label: '本年增/减', signed: true },
];

export const DISCLOSURE_2019: DisclosureBlock[] = [
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
];

export const disclosureBlocks = (format: '2021' | '2019'): DisclosureBlock[] =>
  format === '2021' ? DISCLOSURE_2021 : DISCLOSURE_2019;

/** Labels that only one of the two tabled formats prints; they decide the format. */
export const FORMAT_SIGNALS: Record<'2021' | '2019', RegExp> = {
  '2021': /^(本年制发件数|本年废止件数|现行有效件数|申请人无正当理由逾期不补正.*|申请人逾期未按收费通知要求缴纳费用.*)$/,
  '2019': /^(本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增\/减|采购项目数量|采购总金额|政府集中采购|其他对外管理服务事项)$/,
};
