import { escapeHtml as e } from '../render/escape';
import { page } from './layout';

/** A page for a request that failed: what happened in words, and where to go from here. */
export function renderErrorPage(status: number, detail: string): string {
  const title = status === 404 ? '没有找到这个页面' : status < 500 ? '请求有误' : '暂时无法显示';
  return page({
    title,
    main: `<h1>${title}</h1><p>${e(detail)}</p><p><a href="/">回到首页</a> · <a href="/reports">浏览全部报告</a></p>`,
  });
}
