/**
 * The shapes a corpus PDF is printed in. A Chromium style is a CMS page's CSS and markup choices,
 * a Word style the .docx's page and table settings; both are plain data, kept in each recipe's
 * JSON, so what a PDF looks like can be read without running the generator.
 */

export interface ChromiumStyle {
  /** CSS `@page size`: 'A4', 'A4 landscape', 'letter' */
  page?: string;
  /** CSS `@page margin` */
  margin?: string;
  /** body font size in px */
  fontSize?: number;
  /** table font size in px, when it differs from the body */
  tableFontSize?: number;
  /**
   * song/hei: TrueType 宋体 and 黑体 (AR PL UMing, WenQuanYi Micro Hei), embedded as CID TrueType
   * subsets as a Windows desktop's SimSun is; noto-serif/noto-sans: the CFF Noto CJK fonts, which
   * Chromium draws as Type 3 glyphs, one font per page. Default song.
   */
  font?: 'song' | 'hei' | 'noto-serif' | 'noto-sans';
  /** CSS zoom on the article: scaled to fit, numbers of neighbouring columns nearly touch */
  zoom?: number;
  /**
   * full grid, no lines at all, row shading only, only horizontal rules, `border="1"
   * cellspacing="1"` (each cell boxed on its own: double rules), or hairlines in grey
   */
  borders?: 'full' | 'none' | 'shading' | 'rows' | 'double' | 'thin-gray';
  /** the CMS's `p { text-indent: 2em }` reaches the paragraphs inside cells too */
  cellIndent?: boolean;
  /** `word-break: break-all`, common in CMS stylesheets: a long number wraps inside a narrow cell */
  breakAll?: boolean;
  /** the article in a narrow column beside a navigation sidebar */
  sidebar?: boolean;
  /** CSS letter-spacing on the tables, in em: the digits of one figure stand apart */
  letterSpacing?: number;
  /** label cells justified to their full width (分散对齐): 行　政　许　可 */
  distributedLabels?: boolean;
  /** figures padded with &nbsp; on both sides, as WYSIWYG editors leave them */
  nbspPad?: boolean;
  /** each table starts a new page */
  tableOwnPage?: boolean;
  /** header rows of tables 三 and 四 filled grey, as CMS table styles do */
  headerFill?: boolean;
  /** the article inside an old CMS layout table with a border: a frame of rules around everything */
  framed?: boolean;
  /**
   * landscape pages stored portrait with /Rotate, their content turned by a transform, as some PDF
   * printers store them: a reader that ignores /Rotate sees the table on its side
   */
  rotateStored?: 90 | 270;
  /** width of the label columns (a narrow one wraps 本机关不掌握相关政府信息) */
  labelWidth?: string;
  /** width of each number column */
  numberWidth?: string;
  valign?: 'middle' | 'top' | 'bottom';
  align?: 'center' | 'right' | 'left';
  /** header rows of tables 三 and 四 in <thead>, repeated by Chromium on each page */
  thead?: boolean;
  /** narrative paragraphs before the tables, to move the page breaks */
  leadParagraphs?: number;
  /** CMS chrome around the article: breadcrumb, a metadata block, navigation and footer */
  chrome?: 'none' | 'breadcrumb' | 'full';
  /** blank cells written as &nbsp; instead of nothing */
  nbsp?: boolean;
  /** Chromium's own date/title header and address/page footer left on */
  running?: boolean;
  /** CSS width of the data tables; a fixed width wider than the page cuts the table off */
  tableWidth?: string;
  cellPadding?: string;
  /** the title on one line, not agency then 年度报告 */
  titleOnOneLine?: boolean;
  /**
   * cell contents wrapped as the CMS editors do: <p><span>, bare, <div>, or Word's pasted HTML
   * (MsoNormal paragraphs, figures in a Times New Roman span, labels in 宋体)
   */
  cellMarkup?: 'p-span' | 'bare' | 'div' | 'word-paste';
  /** a unit line （单位：件） above each table */
  unitCaption?: boolean;
  lineHeight?: number;
}

export interface WordStyle {
  /** running header with the agency's name on every page */
  header?: boolean;
  footer?: 'dash' | 'emdash' | 'chinese' | 'none';
  /** header rows of tables 三 and 四 marked to repeat on each page */
  repeatHeader?: boolean;
  leadParagraphs?: number;
  /** font size in points */
  fontSize?: number;
  /** table font size in points */
  tableFontSize?: number;
  font?: string;
  /** label column width as a share of the table, in percent */
  labelWidth?: number;
  valign?: 'center' | 'top' | 'bottom';
  align?: 'center' | 'right' | 'left';
  landscape?: boolean;
  /** portrait text, the pages from table 二 to table 四 turned landscape by section breaks */
  landscapeTables?: boolean;
  /** label cells 分散对齐 (distributed): their characters spread over the cell's width */
  distributedLabels?: boolean;
  /** each table's section starts a new page */
  tableOwnPage?: boolean;
  /** header rows of tables 三 and 四 shaded grey */
  headerFill?: boolean;
  /** rows may not break across pages */
  cantSplit?: boolean;
  /** table without borders */
  borderless?: boolean;
  titleOnOneLine?: boolean;
  /** page margins in cm */
  marginCm?: number;
  /** a rule under the running header and over the footer, as letterhead templates draw */
  headerRule?: boolean;
  /** a fixed table width in cm; wider than the page, the table runs off its right edge */
  tableWidthCm?: number;
}
