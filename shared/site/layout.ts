import { createHash } from 'node:crypto';
import { PAGE_CSS } from '../render/page-style';
import { escapeHtml as e } from '../render/escape';

/**
 * The frame of every public page: one stylesheet inlined and pinned by hash, no external fonts,
 * scripts or requests; a page with a script names it by URL on our own origin (the /check page).
 */
export const SITE_CSS = `${PAGE_CSS}
.site-header,.site-footer{font-family:system-ui,"Noto Sans CJK SC",sans-serif}
.site-header{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline;border-bottom:2px solid var(--ink);padding-bottom:8px;margin-bottom:16px}
.site-header .brand{font-weight:700;font-size:1.1rem;color:var(--ink);text-decoration:none}
.site-header nav ul{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;margin:0;padding:0}
.site-footer{margin-top:40px;border-top:1px solid var(--line);padding-top:8px;font-size:.85rem;color:var(--muted)}
a{color:#0550ae}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:10}
.scroll table th[scope=row]:first-child{position:sticky;left:0;background:#fff;z-index:1}
`;

const cssHash = createHash('sha256').update(SITE_CSS).digest('base64');

/** The site's policy: our hashed style, scripts and fetches from our origin only, never framed. */
export function siteCsp(options: { script?: boolean } = {}): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${cssHash}'`,
    "img-src 'self' data:",
    options.script ? "script-src 'self'" : null,
    options.script ? "connect-src 'self'" : null,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]
    .filter(Boolean)
    .join('; ');
}

export interface PageInput {
  /** the document title, before the site name */
  title: string;
  /** the page's content, already escaped markup */
  main: string;
  /** a script on our origin, e.g. /assets/check.js */
  script?: string;
  /** alternate links in <head>, e.g. the Atom feed */
  head?: string;
}

export const SITE_NAME = '公开年报库';

const NAV = [
  ['/reports', '浏览与检索'],
  ['/stats', '统计'],
  ['/data', '数据下载'],
  ['/check', '报告自查'],
] as const;

export function page({ title, main, script, head = '' }: PageInput): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(title)} - ${SITE_NAME}</title>
<link rel="alternate" type="application/atom+xml" title="${SITE_NAME}：新发布和更正的报告" href="/feed.xml">
${head}<style>${SITE_CSS}</style>
${script ? `<script src="${e(script)}" defer></script>\n` : ''}</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site-header"><a class="brand" href="/">${SITE_NAME}</a><nav aria-label="网站导航"><ul>${NAV.map(([href, label]) => `<li><a href="${href}">${label}</a></li>`).join('')}</ul></nav></header>
<main id="main">
${main}
</main>
<footer class="site-footer"><p>政府信息公开工作年度报告的公开档案：每份报告在上传时按全国统一格式和表格勾稽关系校验。数据可<a href="/data">下载</a>，新报告可<a href="/feed.xml">订阅</a>。</p></footer>
</body>
</html>
`;
}

/** A same-site link with its query: every value encoded, the whole escaped for an attribute. */
export function href(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return e(q ? `${path}?${q}` : path);
}
