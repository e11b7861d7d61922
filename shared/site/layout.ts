import { createHash } from 'node:crypto';
import { PAGE_CSS } from '../render/page-style';
import { escapeHtml as e } from '../render/escape';
import { NATIONAL } from '../regions/region-codes';
import { CHART_CSS, CHECK_CSS, DATA_CSS, STATS_CSS } from './styles';

/**
 * The frame of every public page: one stylesheet inlined and pinned by hash, no external fonts,
 * scripts or requests; a page with a script names it by URL on our own origin (the /check page).
 */
export const SITE_CSS = `${PAGE_CSS}
.site-header,.site-footer{font-family:system-ui,"Noto Sans CJK SC",sans-serif}
.site-header{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline;border-bottom:2px solid var(--ink);padding-bottom:8px;margin-bottom:16px}
.site-header .brand{font-weight:700;font-size:1.1rem;color:var(--ink);text-decoration:none}
.site-header nav ul{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;margin:0;padding:0}
.site-footer p{text-indent:0}
.site-footer{margin-top:40px;border-top:1px solid var(--line);padding-top:8px;font-size:.85rem;color:var(--muted)}
a{color:#0550ae}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:10}
.scroll table th[scope=row]:first-child{position:sticky;left:0;background:#fff;z-index:1}
.scroll:focus-visible{outline:3px solid #0969da;outline-offset:2px}
main p.plain,main .plain p,.notice,.empty p,.findings p,.info p{text-indent:0}
.notice{border:2px solid var(--err);background:var(--err-bg);padding:10px 14px;margin:12px 0}
.notice a{margin-left:.5em}
.findings{border:1px solid var(--line);padding:8px 16px;margin:16px 0;font-family:system-ui,sans-serif;font-size:.92rem}
.findings.ok{border-color:#1a7f37}
.findings h2{margin:0 0 .4em;border:0;font-size:1rem}
.findings li{margin:.4em 0}
.findings .why{color:var(--muted)}
.error .sev,.st-err{color:var(--err)}
.warning .sev,.st-warn{color:var(--warn)}
.st-ok{color:#1a7f37}
.info dl{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,15em),1fr));gap:4px 16px;margin:0}
.info dl div{display:flex;gap:.6em}
.info dt{color:var(--muted);flex:none}
.info dd{margin:0}
.links{display:flex;flex-wrap:wrap;gap:4px 18px;list-style:none;padding:0}
.hash{display:block;font-family:ui-monospace,monospace;font-size:.75rem;color:var(--muted);overflow-wrap:anywhere}
.changes{font-size:.9rem}
.filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:end;font-family:system-ui,sans-serif}
.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
.filters input,.filters select,.filters button{font:inherit;font-size:1rem;padding:4px 6px;max-width:100%;color:var(--ink)}
.crumbs ol{display:flex;flex-wrap:wrap;list-style:none;padding:0;margin:8px 0}
.crumbs li+li::before{content:"›";padding:0 .5em;color:var(--muted)}
.tree{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0}
.results td,.results th{text-align:left}
.results td.n,.years td{text-align:right}
.years th,.years td{white-space:nowrap}
.years td[colspan]{white-space:normal;text-align:left;min-width:10em}
.pager{font-family:system-ui,sans-serif;margin:16px 0}
.scroll{position:relative}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
td[data-changed=true]{background:var(--warn-bg);font-weight:700}
.compare td{white-space:nowrap}
.compare th[scope=row]:first-child{position:static}
.compare th[scope=row]{white-space:nowrap}
.compare th[scope=rowgroup]{min-width:8em;text-align:left;font-weight:400}
.muted{color:var(--muted)}
main li,main dd{overflow-wrap:anywhere}
@media print{.site-header nav,.filters,.skip,.pager,.pick{display:none}.notice{border-color:#000}}
${CHART_CSS}
${STATS_CSS}
${DATA_CSS}
${CHECK_CSS}
`;

const cssHash = createHash('sha256').update(SITE_CSS).digest('base64');

/** The site's policy: our hashed style, scripts and fetches from our origin only, never framed. */
export function siteCsp(options: { script?: boolean; connect?: readonly string[] } = {}): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${cssHash}'`,
    "img-src 'self' data:",
    options.script ? "script-src 'self'" : null,
    // /check also PUTs a large file to the presigned upload URL's origin (the bucket), and nowhere else.
    options.script ? ["connect-src 'self'", ...(options.connect ?? [])].join(' ') : null,
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
  ['/coverage', '公开情况'],
  ['/copied', '文字雷同'],
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
<link rel="icon" href="data:,">
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
<footer class="site-footer"><p>政府信息公开工作年度报告的公开档案：每份报告在上传时按全国统一格式和表格勾稽关系校验。数据可<a href="/data">下载</a>，新报告可<a href="/feed.xml">订阅</a>，程序可调用<a href="/docs">接口</a>。</p></footer>
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

/** The years a page can be seen for, newest first, each a link (`link` returns an escaped href). */
export function yearNav(years: readonly number[], current: number, link: (year: number) => string, label = (year: number) => `${year} 年度`): string {
  const items = years.map((y) => `<li><a href="${link(y)}"${y === current ? ' aria-current="page"' : ''}>${label(y)}</a></li>`).join('');
  return `<nav class="stats-nav" aria-label="年度"><span class="nav-label">年度：</span><ul class="years">${items}</ul></nav>`;
}

/** From the country down to the region shown, each level a link (`link` gets undefined for the country). */
export function regionCrumbs(path: readonly { code: string; name: string }[], link: (code: string | undefined) => string): string {
  const crumbs = [{ code: NATIONAL, name: '全国' }, ...path.filter((p) => p.code !== NATIONAL)];
  const items = crumbs
    .map(
      (c, i) => `<li><a href="${link(c.code === NATIONAL ? undefined : c.code)}"${i === crumbs.length - 1 ? ' aria-current="page"' : ''}>${e(c.name)}</a></li>`,
    )
    .join('');
  return `<nav class="stats-nav" aria-label="地区层级"><span class="nav-label">地区：</span><ol class="crumbs">${items}</ol></nav>`;
}

/** Paths of the public pages, each data segment encoded; pass them to href() to escape. */
export const agencyPath = (agency: string) => `/agencies/${encodeURIComponent(agency)}`;
export const reportPath = (agency: string, year: number) => `/reports/${encodeURIComponent(agency)}/${year}`;
export const apiReportPath = (agency: string, year: number) => `/v1/reports/${encodeURIComponent(agency)}/${year}`;

export interface CheckStatus {
  errors: number;
  warnings: number;
  /** every table the format has was read (a pre-2019 report has none to read) */
  checked: boolean;
  /** pre2019: a report without the national tables, whose figures were never checked */
  format?: string;
}

/**
 * The check result in words, never in colour alone. 通过校验 only when every table was read and no
 * rule found an error (with the reminders counted after it); a pre-2019 report has no tables to
 * check and says so; otherwise the errors, the reminders and 未能校验 when tables were not read.
 */
export function statusWords(s: CheckStatus): string {
  const old = s.format === 'pre2019' && s.checked;
  const reminders = s.warnings > 0 ? `（${s.warnings} 条提醒）` : '';
  if (s.errors > 0) {
    const parts = [`${s.errors} 个错误`];
    if (s.warnings > 0) parts.push(`${s.warnings} 个提醒`);
    if (old) parts.push('旧格式，表格未校验');
    else if (!s.checked) parts.push('未能校验');
    return parts.join('，');
  }
  if (old) return `旧格式，表格未校验${reminders}`;
  if (!s.checked) return `未能校验${reminders}`;
  return `通过校验${reminders}`;
}

/** A status as a span whose class only adds colour to the words. */
export const statusHtml = (s: CheckStatus) =>
  `<span class="status ${s.errors > 0 ? 'st-err' : s.warnings > 0 || !s.checked || s.format === 'pre2019' ? 'st-warn' : 'st-ok'}">${statusWords(s)}</span>`;

/** The date part of an ISO time: pages show days, not the upload's second. */
export const day = (iso: string) => e(iso.slice(0, 10));
