import { escapeHtml as e } from '../render/escape';
import { page } from './layout';

/**
 * The admin console's frame: the site's layout and stylesheet, a console menu and the sign-out form
 * at the top of the content, and the copy button's script (the only script; the console works
 * without it). Every form carries the session's CSRF token.
 */
export const CONSOLE_SCRIPT = '/admin/assets/console.js';

/** The hidden field every console form carries. */
export const csrfField = (csrf: string) => `<input type="hidden" name="csrf" value="${e(csrf)}">`;

/** A POST form to a console path (already escaped by href or built from escaped parts). */
export const postForm = (action: string, csrf: string, inner: string, attrs = '') =>
  `<form method="post" action="${action}"${attrs}>${csrfField(csrf)}${inner}</form>`;

const MENU = [
  ['/admin/agencies', '机关与令牌'],
  ['/admin/audit', '审计记录'],
  ['/admin/coverage', '公开情况'],
] as const;

export interface ConsoleFrame {
  title: string;
  main: string;
  /** the signed-in session's CSRF token; absent on the sign-in page */
  csrf?: string;
  /** the menu entry to mark as current */
  current?: string;
}

export function consolePage({ title, main, csrf, current }: ConsoleFrame): string {
  const menu = csrf
    ? `<nav class="filters" aria-label="管理控制台"><ul class="links">${MENU.map(
        ([path, label]) => `<li><a href="${path}"${path === current ? ' aria-current="page"' : ''}>${label}</a></li>`,
      ).join('')}</ul>${postForm('/admin/logout', csrf, '<button type="submit">退出登录</button>')}</nav>`
    : '';
  return page({
    title: `${title}（管理）`,
    main: `${menu}\n${main}`,
    script: CONSOLE_SCRIPT,
    head: '<meta name="robots" content="noindex, nofollow">\n',
  });
}

/** A notice said after a redirect (?done=…): fixed words, never text from the request. */
export const DONE_WORDS: Record<string, string> = {
  saved: '已保存机关资料。',
  revoked: '已吊销令牌。',
  withdrawn: '已撤回该版本，它不再公开。',
};

export const doneNotice = (done: string | undefined) => {
  const words = done ? DONE_WORDS[done] : undefined;
  return words ? `<p class="notice" role="status">${words}</p>` : '';
};

export function renderLogin(input: { csrf: string; message?: string }): string {
  const message = input.message ? `<p class="notice" role="alert">${e(input.message)}</p>` : '';
  return consolePage({
    title: '管理登录',
    main: `<h1>管理登录</h1>
${message}<p class="plain">请输入管理员令牌。登录后 30 分钟内有效；离开前请退出登录。</p>
${postForm(
  '/admin/login',
  input.csrf,
  '<label for="admin-token">管理员令牌</label> <input id="admin-token" name="token" type="password" autocomplete="current-password" required maxlength="512"> <button type="submit">登录</button>',
  ' class="filters"',
)}`,
  });
}

export function renderConsoleHome(csrf: string): string {
  return consolePage({
    title: '管理控制台',
    csrf,
    main: `<h1>管理控制台</h1>
<ul>
<li><a href="/admin/agencies">机关与令牌</a>：查找、登记和修改机关，签发和吊销上传令牌，撤回报告版本。</li>
<li><a href="/admin/audit">审计记录</a>：按机关、操作和结果查看。</li>
<li><a href="/admin/coverage">公开情况</a>：某地区哪些机关尚未公开年度报告。</li>
</ul>`,
  });
}

/** The console's page for a failed action, headed with the problem's Chinese title from the catalogue. */
export function renderConsoleError(title: string, detail: string, csrf?: string): string {
  const back = csrf ? '<a href="/admin/agencies">回到机关列表</a>' : '<a href="/admin">重新登录</a>';
  return consolePage({ title, csrf, main: `<h1>${e(title)}</h1><p class="notice" role="alert">${e(detail)}</p><p>${back}</p>` });
}
