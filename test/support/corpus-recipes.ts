/**
 * The corpus recipes: who publishes, which year and format, which numbers, and how the page is
 * shaped. Agencies, years and number patterns rotate through the lists so neighbouring styles
 * do not share them; a few recipes carry the agency's own arithmetic slip. A recipe's rotation
 * slot is its place in declaration order: new recipes go in a new batch at the end, so the
 * committed PDFs of earlier batches stay what the generator makes.
 */
import type { NumberPattern } from './corpus-numbers';
import type { ChromiumStyle, WordStyle } from './corpus-styles';
import type { ChromiumRecipe, RecipeBase, WordRecipe } from './pdf-corpus';

const AGENCIES = [
  '北京市朝阳区教育委员会',
  '上海市浦东新区人民政府',
  '广州市天河区人民政府',
  '深圳市南山区粤海街道办事处',
  '杭州市西湖区司法局',
  '成都市武侯区人民政府',
  '南京市鼓楼区市场监督管理局',
  '武汉市江汉区民族宗教事务局',
  '西安市雁塔区小寨路街道办事处',
  '重庆市渝中区人民政府',
  '山东省济南市历下区财政局',
  '湖南省长沙县人民政府',
  '河北省石家庄市卫生健康委员会',
  '云南省大理白族自治州人民政府',
  '天津市和平区劝业场街道办事处',
  '福建省厦门市思明区人民政府',
  '安徽省合肥市生态环境局',
  '四川省绵阳市涪城区人民政府',
  '浙江省宁波市鄞州区住房和城乡建设局',
  '江西省南昌县人民政府',
  '辽宁省沈阳市和平区人民政府',
  '广西壮族自治区南宁市青秀区人民政府',
  '黑龙江省哈尔滨市道里区新阳路街道办事处',
];

const YEARS: ['2021' | '2019', number][] = [
  ['2021', 2022],
  ['2021', 2023],
  ['2019', 2020],
  ['2021', 2021],
  ['2019', 2019],
  ['2021', 2024],
];

const PATTERNS: NumberPattern[] = ['distinct', 'sparse', 'large', 'blanks'];

let n = 0;
type Extra = Partial<
  Pick<RecipeBase, 'mistake' | 'pattern' | 'thousands' | 'blankMark' | 'signWords' | 'fullWidthDigits' | 'tableNote' | 'blankCorner' | 'format' | 'year'>
>;

/** The next recipe's agency, year, numbers and seed, each list rotating at its own pace. */
function base(style: string, extra: Extra = {}): Omit<RecipeBase, 'file'> {
  const i = n++;
  const [format, year] = YEARS[i % YEARS.length] ?? ['2021', 2022];
  const { pattern, ...rest } = extra;
  return {
    format: rest.format ?? format,
    year: rest.year ?? year,
    agency: AGENCIES[(i * 7) % AGENCIES.length] ?? '某县人民政府',
    pattern: pattern ?? PATTERNS[i % PATTERNS.length] ?? 'distinct',
    seed: 1000 + i * 37,
    style,
    ...rest,
  };
}

const chromium = (name: string, style: string, c: ChromiumStyle, extra?: Extra): ChromiumRecipe => ({
  file: `chromium-${name}.pdf`,
  producer: 'chromium',
  ...base(style, extra),
  chromium: c,
});

const word = (name: string, style: string, w: WordStyle, extra?: Extra): WordRecipe => ({
  file: `libreoffice-${name}.pdf`,
  producer: 'libreoffice',
  ...base(style, extra),
  word: w,
});

const cms = { chrome: 'full' as const };

const CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium('plain', 'plain grid, full width', { chrome: 'none' }),
  chromium('cms-chrome', 'CMS chrome, breadcrumb and metadata block, 黑体', { ...cms, font: 'hei' }),
  chromium('running-lines', 'Chromium header and footer left on', { font: 'noto-serif', ...cms, running: true }),
  chromium('narrow-label-top', 'narrow label column, labels wrap to 3 lines, numbers at the top', { labelWidth: '5%', valign: 'top' }),
  chromium('narrow-label-middle', 'narrow label column, numbers vertically centred', { labelWidth: '6%', valign: 'middle' }),
  chromium('narrow-label-bottom', 'narrow label column, numbers at the bottom', { labelWidth: '6%', valign: 'bottom', ...cms }),
  chromium('narrow-numbers', 'narrow number columns, wide labels', { font: 'hei', numberWidth: '4%', labelWidth: '30%' }),
  chromium('borderless', 'no lines at all', { font: 'noto-sans', borders: 'none' }),
  chromium('shading', 'no lines, alternate rows shaded, 黑体', { borders: 'shading', ...cms, font: 'hei' }),
  chromium('rows-only', 'horizontal rules only', { borders: 'rows' }),
  chromium('split-thead', 'table 三 breaks across pages, header rows repeated', { thead: true, leadParagraphs: 9 }),
  chromium('split-no-thead', 'table 三 breaks across pages, no repeated header', { leadParagraphs: 8 }),
  chromium('split-late', 'table 三 breaks near its end', { font: 'hei', thead: true, leadParagraphs: 14, ...cms }),
  chromium('split-borderless', 'borderless table split over pages', { borders: 'none', leadParagraphs: 10 }),
  chromium('landscape', 'A4 landscape', { page: 'A4 landscape' }),
  chromium('landscape-split', 'A4 landscape, tables split', { page: 'A4 landscape', leadParagraphs: 4, thead: true }),
  chromium('zoom-60', 'zoom .6, neighbouring numbers nearly touch', { font: 'noto-serif', zoom: 0.6, ...cms }),
  chromium('zoom-75-large', 'zoom .75 with six-digit numbers', { zoom: 0.75 }, { pattern: 'large' }),
  chromium('small-font', 'tables at 9px', { tableFontSize: 9, cellPadding: '0' }),
  chromium('tiny-font-large', '8px tables, large numbers, no padding', { font: 'hei', tableFontSize: 8, cellPadding: '0' }, { pattern: 'large' }),
  chromium('big-font', '20px body, tables at 16px', { fontSize: 20, tableFontSize: 16 }),
  chromium('nbsp-blanks', 'blank cells as &nbsp;', { nbsp: true }, { pattern: 'blanks' }),
  chromium('nbsp-blanks-borderless', 'blank cells as &nbsp; in a borderless table', { nbsp: true, borders: 'none' }, { pattern: 'blanks' }),
  chromium('blanks-grid', 'blank cells, plain grid', { chrome: 'breadcrumb' }, { pattern: 'blanks' }),
  chromium('sans', 'sans-serif, right-aligned numbers', { font: 'hei', align: 'right' }),
  chromium('left-aligned', 'numbers left-aligned, top', { align: 'left', valign: 'top' }),
  chromium('letter', 'US letter page, wide margins', { page: 'letter', margin: '25mm' }),
  chromium('tight-margins', 'A4, 5mm margins', { margin: '5mm' }),
  chromium('title-one-line', 'title on one line, bare cells', { titleOnOneLine: true, cellMarkup: 'bare' }),
  chromium('div-cells', 'cells wrapped in <div>, line-height 2', { cellMarkup: 'div', lineHeight: 2 }),
  chromium('zeros', 'small department, nearly all zeros', cms, { pattern: 'sparse' }),
  chromium('zeros-narrow', 'nearly all zeros, narrow columns', { labelWidth: '6%', numberWidth: '5%' }, { pattern: 'sparse' }),
  chromium('large-grid', 'four- to six-digit numbers', { font: 'hei', chrome: 'breadcrumb' }, { pattern: 'large' }),
  chromium('mistake-total', 'the agency mis-added a total', cms, { mistake: { path: 'applications.totalHandled.total', delta: 1 }, pattern: 'distinct' }),
  chromium(
    'mistake-review',
    'the agency mis-added 行政复议 总计',
    { borders: 'rows' },
    { mistake: { path: 'reviewLitigation.review.total', delta: 2 }, pattern: 'distinct' },
  ),
  chromium(
    'mistake-row',
    'a result row does not add up',
    { thead: true, leadParagraphs: 9 },
    { mistake: { path: 'applications.granted.naturalPerson', delta: 3 }, pattern: 'large' },
  ),
  chromium('landscape-zoom', 'landscape, zoom .8, running lines', { font: 'noto-sans', page: 'A4 landscape', zoom: 0.8, running: true }),
  chromium('split-running', 'split tables with Chromium header and footer', { leadParagraphs: 11, running: true, thead: true }),
];

const CUT_OFF_RECIPES: ChromiumRecipe[] = [
  { ...chromium('cutoff-1500', 'table 1500px wide on A4 portrait, cut off', { tableWidth: '1500px' }), cutOff: true },
  { ...chromium('cutoff-1200', 'table 1200px wide, cut off', { tableWidth: '1200px', ...cms }), cutOff: true },
  { ...chromium('cutoff-2000-large', 'table 2000px wide, large numbers', { tableWidth: '2000px' }, { pattern: 'large' }), cutOff: true },
  { ...chromium('cutoff-borderless', 'borderless table 1400px wide', { font: 'hei', tableWidth: '1400px', borders: 'none' }), cutOff: true },
  { ...chromium('cutoff-split', 'cut off and split over pages', { tableWidth: '1600px', leadParagraphs: 9, thead: true }), cutOff: true },
  { ...chromium('cutoff-blanks', 'cut off with blank cells', { tableWidth: '1300px' }, { pattern: 'blanks' }), cutOff: true },
  { ...chromium('cutoff-running', 'cut off, running lines', { tableWidth: '1800px', running: true }), cutOff: true },
];

const WORD_RECIPES: WordRecipe[] = [
  word('plain', 'plain table, no running lines', {}),
  word('footer-dash', 'footer - n -', { footer: 'dash' }),
  word('footer-emdash', 'footer —n—, header with agency', { footer: 'emdash', header: true }),
  word('footer-chinese', 'footer 第 n 页 共 m 页', { footer: 'chinese' }),
  word('split', 'table 三 split over a page break', { footer: 'dash', leadParagraphs: 6 }),
  word('split-repeat', 'table 三 split, header rows repeated', { footer: 'dash', leadParagraphs: 7, repeatHeader: true }),
  word('split-late', 'table 三 breaks near its end, header repeated', { footer: 'chinese', header: true, leadParagraphs: 11, repeatHeader: true }),
  word('split-cantsplit', 'rows kept whole across the break', { leadParagraphs: 8, cantSplit: true, footer: 'emdash' }),
  word('narrow-label', 'narrow label column', { labelWidth: 8, footer: 'dash' }),
  word('narrow-label-top', 'narrow labels, numbers at the top', { labelWidth: 7, valign: 'top' }),
  word('small-font', 'tables in 7.5 pt', { tableFontSize: 7.5, footer: 'chinese' }),
  word('large-font', '16 pt body, 12 pt tables', { fontSize: 16, tableFontSize: 12, footer: 'dash' }),
  word('landscape', 'landscape page', { landscape: true, footer: 'dash' }),
  word('blanks', 'blank cells', { footer: 'chinese', header: true }, { pattern: 'blanks' }),
  word('zeros', 'small department, nearly all zeros', { footer: 'dash' }, { pattern: 'sparse' }),
  word('large', 'five- and six-digit numbers', { footer: 'emdash', tableFontSize: 9 }, { pattern: 'large' }),
  word('borderless', 'table without borders', { borderless: true, footer: 'dash' }),
  word('right-aligned', 'right-aligned numbers, 宋体', { align: 'right', font: '宋体', footer: 'chinese' }),
  word(
    'mistake',
    'the agency mis-added a column',
    { footer: 'dash', leadParagraphs: 6 },
    { mistake: { path: 'applications.newReceived.commercial', delta: -1 }, pattern: 'distinct' },
  ),
  word('narrow-margins-split', '1 cm margins, split, repeated header', { marginCm: 1, leadParagraphs: 14, repeatHeader: true, footer: 'dash' }),
];

// Widened: the shapes that trip readers up in the wild. Declared after the first batch so the
// rotation above, and with it the first batch's PDFs, stay as they were.

const hei = { font: 'hei' as const };
const y2019 = { format: '2019' as const, year: 2020 };

const MORE_CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium('double-borders', 'border="1" cellspacing="1": every cell boxed, double rules', { borders: 'double', ...cms }),
  chromium('double-narrow', 'double rules, narrow label column', { ...hei, borders: 'double', labelWidth: '6%' }),
  chromium('thin-gray', 'grey hairline rules', { ...hei, borders: 'thin-gray' }),
  chromium('cell-indent-large', 'text-indent 2em inside cells, large numbers', { cellIndent: true }, { pattern: 'large' }),
  chromium('cell-indent-narrow', 'text-indent 2em inside narrow number cells', { ...hei, cellIndent: true, numberWidth: '6%' }, { pattern: 'distinct' }),
  chromium(
    'break-all-large',
    'word-break: break-all, narrow cells: long numbers wrap',
    { ...hei, breakAll: true, labelWidth: '14%', tableFontSize: 14 },
    { pattern: 'large', thousands: true },
  ),
  chromium('break-all-zoom', 'break-all at zoom .85, thousands separators', { ...hei, breakAll: true, zoom: 0.85 }, { pattern: 'large', thousands: true }),
  chromium('sidebar', 'article beside a navigation sidebar', { ...hei, sidebar: true, ...cms }),
  chromium('sidebar-large', 'sidebar, six-digit numbers with separators', { ...hei, sidebar: true }, { pattern: 'large', thousands: true }),
  chromium('slash-blanks', 'blank cells written /', hei, { pattern: 'blanks', blankMark: '/' }),
  chromium('dash-blanks-borderless', 'blank cells written —, no lines', { ...hei, borders: 'none' }, { pattern: 'blanks', blankMark: '—' }),
  chromium('sign-words', '2019 format, 本年增/减 written 增3 减4', hei, { ...y2019, signWords: true, pattern: 'distinct' }),
  chromium('split-tall-rows', 'narrow labels and a page break through table 三', { ...hei, labelWidth: '5%', leadParagraphs: 6, thead: true }),
  chromium('thousands', 'thousands separators, plain grid', hei, { pattern: 'large', thousands: true }),
];

const MORE_CUT_OFF_RECIPES: ChromiumRecipe[] = [
  { ...chromium('cutoff-landscape', 'landscape, table 2200px wide, cut off', { ...hei, page: 'A4 landscape', tableWidth: '2200px' }), cutOff: true },
  {
    ...chromium('cutoff-double', 'double rules, table 1500px wide', { ...hei, borders: 'double', tableWidth: '1500px' }, { pattern: 'distinct' }),
    cutOff: true,
  },
];

const MORE_WORD_RECIPES: WordRecipe[] = [
  word('row-split', 'narrow labels: tall rows split across the page break', { labelWidth: 6, leadParagraphs: 5, footer: 'dash' }),
  word(
    'wrap-large',
    'narrow number columns: six-digit numbers wrap inside their cells',
    { labelWidth: 20, footer: 'chinese' },
    { pattern: 'large', thousands: true },
  ),
  word('wrap-large-small-font', 'narrow number columns at 9 pt, large numbers', { labelWidth: 17, tableFontSize: 9 }, { pattern: 'large' }),
  word(
    'split-slash-blanks',
    'blank cells written /, split, header and footer',
    { header: true, footer: 'dash', leadParagraphs: 6 },
    { pattern: 'blanks', blankMark: '/' },
  ),
  word('landscape-split', 'landscape, split, header rows repeated', { landscape: true, leadParagraphs: 4, repeatHeader: true, footer: 'emdash' }),
  word('sign-words', '2019 format, 本年增/减 written 增3 减4', { footer: 'chinese' }, { ...y2019, signWords: true, pattern: 'distinct' }),
  word('borderless-split', 'borderless table across a page break', { borderless: true, leadParagraphs: 7, footer: 'dash' }, { pattern: 'distinct' }),
  word(
    'thousands-bottom',
    'thousands separators, numbers at the bottom of their cells',
    { valign: 'bottom', labelWidth: 9, footer: 'dash' },
    { pattern: 'large', thousands: true },
  ),
];

// Third batch: pasted Word HTML, unit lines, full-width figures, letterhead rules, and Word
// tables wider than the page.

const THIRD_CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium('word-paste', 'Word HTML pasted into the CMS: MsoNormal cells, figures in Times New Roman', { cellMarkup: 'word-paste', ...cms }),
  chromium(
    'word-paste-narrow',
    'pasted Word HTML, narrow labels, hairlines',
    { cellMarkup: 'word-paste', labelWidth: '7%', borders: 'thin-gray' },
    { pattern: 'distinct' },
  ),
  chromium('unit-caption', '（单位：件） above each table', { ...hei, unitCaption: true, ...cms }),
  chromium('full-width', 'figures typed full-width: １２３', hei, { fullWidthDigits: true, pattern: 'distinct' }),
  chromium(
    'split-borderless-running',
    '2019 format, borderless, split, running lines',
    { ...hei, borders: 'none', leadParagraphs: 8, running: true },
    { ...y2019 },
  ),
  chromium('landscape-narrow-blanks', 'landscape, narrow labels, blank cells', { ...hei, page: 'A4 landscape', labelWidth: '5%' }, { pattern: 'blanks' }),
];

const THIRD_WORD_RECIPES: WordRecipe[] = [
  word('header-rule', 'letterhead: rules under the header and over the footer, split', { header: true, headerRule: true, footer: 'dash', leadParagraphs: 6 }),
  word('header-rule-landscape', 'letterhead rules, landscape', { header: true, headerRule: true, footer: 'chinese', landscape: true }, { pattern: 'large' }),
  word('full-width', 'figures typed full-width: １２３', { footer: 'dash' }, { fullWidthDigits: true, pattern: 'distinct' }),
  {
    ...word('cutoff-wide', 'table 24 cm wide on A4 portrait: runs off the right edge', { tableWidthCm: 24, footer: 'dash' }, { pattern: 'distinct' }),
    cutOff: true,
  },
  { ...word('cutoff-wide-split', 'table 22 cm wide, split over pages', { tableWidthCm: 22, leadParagraphs: 6, footer: 'chinese' }), cutOff: true },
];

// Fourth batch: pages turned sideways.

const FOURTH_CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium('rotate-90', 'landscape pages stored portrait with /Rotate 90', { ...hei, page: 'A4 landscape', rotateStored: 90 }, { pattern: 'distinct' }),
  chromium('rotate-270-split', 'landscape pages stored portrait with /Rotate 270, tables split', {
    ...hei,
    page: 'A4 landscape',
    rotateStored: 270,
    leadParagraphs: 3,
    thead: true,
  }),
];

const FOURTH_WORD_RECIPES: WordRecipe[] = [
  word(
    'landscape-tables',
    'portrait text, the table pages turned landscape by section breaks',
    { landscapeTables: true, footer: 'dash', header: true },
    { pattern: 'distinct' },
  ),
  word(
    'landscape-tables-blanks',
    'landscape table section, blank cells, narrow labels',
    { landscapeTables: true, labelWidth: 6, footer: 'chinese' },
    { pattern: 'blanks' },
  ),
];

// Fifth batch: notes with dates under the tables, and table 三 without its corner note.

const FIFTH_CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium('table-notes', 'a dated note under each table', { ...hei, ...cms }, { tableNote: true, pattern: 'distinct' }),
  chromium(
    'blank-corner-borderless',
    'table 三 corner empty, no lines, notes under the tables',
    { ...hei, borders: 'none' },
    { blankCorner: true, tableNote: true },
  ),
  chromium('blank-corner-narrow', 'table 三 corner empty, narrow labels', { ...hei, labelWidth: '6%' }, { blankCorner: true, pattern: 'large' }),
];

const FIFTH_WORD_RECIPES: WordRecipe[] = [
  word('table-notes', 'a dated note under each table, split', { footer: 'dash', leadParagraphs: 6 }, { tableNote: true, pattern: 'distinct' }),
  word('blank-corner', 'table 三 corner empty', { footer: 'chinese', header: true }, { blankCorner: true }),
];

// Sixth batch: spread-out characters.

const SIXTH_CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium('letter-spacing', 'letter-spacing .3em: the digits of a figure stand apart', { ...hei, letterSpacing: 0.3 }, { pattern: 'large' }),
  chromium(
    'distributed-labels',
    'labels justified across their cells (分散对齐), no lines',
    { ...hei, distributedLabels: true, borders: 'none' },
    { pattern: 'distinct' },
  ),
];

const SIXTH_WORD_RECIPES: WordRecipe[] = [
  word('distributed-labels', 'labels 分散对齐 across their cells', { distributedLabels: true, footer: 'dash' }, { pattern: 'distinct' }),
  word('distributed-borderless', 'labels 分散对齐, no borders, split', { distributedLabels: true, borderless: true, leadParagraphs: 6, footer: 'chinese' }),
];

// Seventh batch: padded figures, a table per page, everything shrunk to half.

const SEVENTH_CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium('nbsp-padded', 'figures padded with &nbsp; both sides', { ...hei, nbspPad: true, align: 'right' }, { pattern: 'distinct' }),
  chromium('table-own-page', 'each table on a page of its own, header and footer on', { ...hei, tableOwnPage: true, running: true }),
  chromium(
    'zoom-50-tight',
    'zoom .5, line-height 1, no padding: rows and columns nearly touch',
    { ...hei, zoom: 0.5, lineHeight: 1, cellPadding: '0' },
    { pattern: 'large' },
  ),
];

const SEVENTH_WORD_RECIPES: WordRecipe[] = [
  word('table-own-page', 'each table on a page of its own', { tableOwnPage: true, footer: 'dash', header: true, headerRule: true }, { pattern: 'distinct' }),
];

// Eighth batch: filled header rows and a frame of rules around the article.

const EIGHTH_CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium('header-fill', 'header rows filled grey', { ...hei, headerFill: true, ...cms }, { pattern: 'distinct' }),
  chromium('framed', 'the article inside a bordered layout table', { ...hei, framed: true }),
  chromium(
    'framed-borderless-fill',
    'framed article, borderless tables with grey header rows',
    { ...hei, framed: true, borders: 'none', headerFill: true },
    { pattern: 'large' },
  ),
];

const EIGHTH_WORD_RECIPES: WordRecipe[] = [
  word(
    'header-fill',
    'header rows shaded grey, split, repeated',
    { headerFill: true, repeatHeader: true, leadParagraphs: 6, footer: 'dash' },
    { pattern: 'distinct' },
  ),
];

// Ninth batch: borderless tables whose labels wrap in a narrow column, the figures at the top or
// the bottom of their rows (the middle is the LibreOffice and framed borderless ones above).

const NINTH_CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium(
    'borderless-narrow-bottom',
    'no lines, labels wrap in a narrow column, numbers at the bottom',
    { ...hei, borders: 'none', labelWidth: '6%', valign: 'bottom' },
    { pattern: 'distinct' },
  ),
];

const NINTH_WORD_RECIPES: WordRecipe[] = [
  word(
    'borderless-top',
    'no borders, narrow labels, numbers at the top',
    { borderless: true, labelWidth: 7, valign: 'top', footer: 'dash' },
    { pattern: 'distinct' },
  ),
];

// Tenth batch: the same shapes made otherwise (other fonts, widths, alignments), as new pages of
// an agency would be: figures at the top in Chromium, at the bottom in LibreOffice.

const TENTH_CHROMIUM_RECIPES: ChromiumRecipe[] = [
  chromium(
    'borderless-narrow-top',
    'no lines, labels wrap in a narrow column, numbers at the top, Noto Sans',
    { font: 'noto-sans', borders: 'none', labelWidth: '7%', valign: 'top' },
    { pattern: 'sparse' },
  ),
  chromium(
    'borderless-narrow-bottom-song',
    'no lines, labels wrap in a column 8% wide, numbers at the bottom, 宋体, blank cells',
    { font: 'song', borders: 'none', labelWidth: '8%', valign: 'bottom' },
    { pattern: 'blanks' },
  ),
];

const TENTH_WORD_RECIPES: WordRecipe[] = [
  word(
    'borderless-bottom',
    'no borders, narrow labels, numbers at the bottom',
    { borderless: true, labelWidth: 6, valign: 'bottom', footer: 'dash' },
    { pattern: 'distinct' },
  ),
];

/** Every recipe, batch by batch as declared. */
export const RECIPES_IN_ORDER: (ChromiumRecipe | WordRecipe)[] = [
  ...CHROMIUM_RECIPES,
  ...CUT_OFF_RECIPES,
  ...WORD_RECIPES,
  ...MORE_CHROMIUM_RECIPES,
  ...MORE_CUT_OFF_RECIPES,
  ...MORE_WORD_RECIPES,
  ...THIRD_CHROMIUM_RECIPES,
  ...THIRD_WORD_RECIPES,
  ...FOURTH_CHROMIUM_RECIPES,
  ...FOURTH_WORD_RECIPES,
  ...FIFTH_CHROMIUM_RECIPES,
  ...FIFTH_WORD_RECIPES,
  ...SIXTH_CHROMIUM_RECIPES,
  ...SIXTH_WORD_RECIPES,
  ...SEVENTH_CHROMIUM_RECIPES,
  ...SEVENTH_WORD_RECIPES,
  ...EIGHTH_CHROMIUM_RECIPES,
  ...EIGHTH_WORD_RECIPES,
  ...NINTH_CHROMIUM_RECIPES,
  ...NINTH_WORD_RECIPES,
  ...TENTH_CHROMIUM_RECIPES,
  ...TENTH_WORD_RECIPES,
];
