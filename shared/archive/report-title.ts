import { looksLikeFileName } from '../parse/file-name-title';

export { looksLikeFileName };

/**
 * The title a page shows for a report: reports stored before the parser dropped file-name titles
 * may still carry one, and the public see the title the national format gives instead.
 */

/** The report's title, or `{agency}{year}年政府信息公开工作年度报告` where it has none worth showing. */
export function displayTitle(r: { title: string; agencyName: string; year: number }): string {
  const title = r.title.trim();
  return title && !looksLikeFileName(title) ? title : `${r.agencyName}${r.year}年政府信息公开工作年度报告`;
}
