/** Work limits for one PDF; a national-format report is 3 to 30 pages. */
export const PDF_LIMITS = {
  maxPages: 500,
  /**
   * Text items (pdfjs runs) in the whole document, counted as they are read. A page of a report has
   * 200 to 800; a million, which a 40 KB file can draw, costs pdfjs 18 s and a gigabyte.
   */
  maxTextItems: 200_000,
  /** fewer readable characters per page than this is a scan (page numbers, a stamp's text) */
  minCharsPerPage: 20,
  /**
   * Ruling-line segments read from one page. A page of the national tables has a few hundred; past
   * this the page's rules are ignored and its text is laid out as on a page without rules.
   */
  maxRulesPerPage: 5_000,
  /** Ruled grids on one page; past this, as for too many rules, the page is read as text. */
  maxGridsPerPage: 100,
};

export const IMAGE_ONLY_MESSAGE = '这是扫描版（图片）PDF，没有文字层，系统无法校验其中的表格：请同时上传 Word、网页或由 Word 直接导出的 PDF 版本以便校验';
