/**
 * A document's metadata title is sometimes its file name (`scan.html`, `年报.docx`, `新建 Microsoft
 * Word 文档`): an editor's leftover, never the report's title. The parser drops such a title, and the
 * site does not show one stored before it did.
 */

const FILE_EXTENSION = /\.(?:s?html?|docx?|wps|pdf|txt|rtf|xlsx?|jsp|aspx?|php)$/i;
const WORD_DEFAULT = /新建\s*(?:Microsoft\s*)?(?:Office\s*)?Word\s*文档/i;
const NO_TITLE = /^(?:untitled|无标题|文档\s*\d*|document\s*\d*)$/i;

/** A metadata title that is a file name or an editor's placeholder, not the report's title. */
export function looksLikeFileName(title: string): boolean {
  const t = title.normalize('NFKC').trim();
  return FILE_EXTENSION.test(t) || WORD_DEFAULT.test(t) || NO_TITLE.test(t);
}
