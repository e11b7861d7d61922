import { escapeHtml as e } from '../render/escape';
import { href, page, reportPath } from './layout';

/**
 * A page for a request that failed: headed with the problem's Chinese title from the catalogue (the
 * same words the API's problem+json and the console use), what happened, and where to go from here.
 */
export function renderErrorPage(title: string, detail: string): string {
  return page({
    title,
    main: `<h1>${e(title)}</h1><p>${e(detail)}</p><p><a href="/">回到首页</a> · <a href="/reports">浏览全部报告</a></p>`,
  });
}

/** The page of a withdrawn version: headed 已撤回, with the date and the reason the admin gave. */
export function renderWithdrawnPage(w: { agency: string; agencyName?: string; year: number; version: number; at: string; reason: string }): string {
  const title = '已撤回';
  const name = w.agencyName ?? w.agency;
  return page({
    title: `${title}：${name} ${w.year} 年度报告第 ${w.version} 版`,
    main: `<h1>${title}</h1>
<p class="notice" role="note">${e(name)} ${w.year} 年度报告的第 ${w.version} 版已于 ${e(w.at.slice(0, 10))} 撤回，不再公开。</p>
<p class="plain">撤回原因：${e(w.reason)}</p>
<p><a href="${href(reportPath(w.agency, w.year))}">查看这份报告仍公开的版本</a> · <a href="/">回到首页</a></p>`,
  });
}
