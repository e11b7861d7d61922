/**
 * The title a page shows for a report. A document's metadata title is sometimes its file name
 * (`scan.html`, `年报.docx`, `新建 Microsoft Word 文档`): never a title to show the public, who see
 * the title the national format gives such a report instead.
 */

const FILE_EXTENSION = /\.(?:s?html?|docx?|wps|pdf|txt|rtf|xlsx?|jsp|aspx?|php)$/i;
const WORD_DEFAULT = /新建\s*(?:Microsoft\s*)?(?:Office\s*)?Word\s*文档/i;
const NO_TITLE = /^(?:untitled|无标题|文档\s*\d*|document\s*\d*)$/i;

/** A metadata title that is a file name or an editor's placeholder, not the report's title. */
export function looksLikeFileName(title: string): boolean {
  const t = title.normalize('NFKC').trim();
  return FILE_EXTENSION.test(t) || WORD_DEFAULT.test(t) || NO_TITLE.test(t);
}

/** The report's title, or `{agency}{year}年政府信息公开工作年度报告` where it has none worth showing. */
export function displayTitle(r: { title: string; agencyName: string; year: number }): string {
  const title = r.title.trim();
  return title && !looksLikeFileName(title) ? title : `${r.agencyName}${r.year}年政府信息公开工作年度报告`;
}
