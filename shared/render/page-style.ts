import { createHash } from 'node:crypto';

export const PAGE_CSS = `
:root{--ink:#1f2328;--muted:#59636e;--line:#8c959f;--err:#cf222e;--err-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--head:#f0f3f6}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px 20px 48px;font:16px/1.75 "Noto Serif CJK SC","Source Han Serif SC","Songti SC",SimSun,serif;color:var(--ink)}
h1{font-size:1.6rem;text-align:center;line-height:1.4;margin:.5em 0}
h1 .agency{display:block;font-size:1.25rem}
h2{font-size:1.2rem;margin:2em 0 .6em;border-bottom:1px solid var(--line)}
.meta{text-align:center;color:var(--muted);font-size:.9rem}
p{text-indent:2em;margin:.4em 0}
.summary{border:1px solid var(--line);padding:12px 16px;margin:16px 0;font-family:system-ui,sans-serif;font-size:.92rem}
.summary.ok{border-color:#1a7f37}
.summary h2{margin:0 0 .4em;border:0;font-size:1rem}
.summary li.error::marker{color:var(--err)}
.summary li.warning::marker{color:var(--warn)}
.rule{font-family:ui-monospace,monospace;font-size:.8rem;color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:12px 0;font:13px/1.45 system-ui,"Noto Sans CJK SC",sans-serif}
caption{font-weight:700;padding:6px;caption-side:top}
th,td{border:1px solid var(--line);padding:4px 6px;vertical-align:middle}
thead th,th[scope=colgroup],th[scope=col]{background:var(--head);text-align:center}
th[scope=row]{text-align:left;font-weight:400}
th.l2{padding-left:1.5em}th.l3{padding-left:2.5em}
td{text-align:center;min-width:2.5em}
td.error{background:var(--err-bg);outline:2px solid var(--err);outline-offset:-2px}
td.warning{background:var(--warn-bg)}
td .raw{color:var(--muted);font-size:.85em}
.scroll{overflow-x:auto}
details{font-size:.85rem;color:var(--muted)}
@media print{
 body{max-width:none;padding:0;font-size:10.5pt}
 .scroll{overflow:visible}
 table{font-size:8.5pt;page-break-inside:auto}
 tr,th,td{page-break-inside:avoid}
 h2{page-break-after:avoid}
 a{color:inherit;text-decoration:none}
 td.error{outline:1.5px solid #000}
 details{display:none}
}
`.trim();

const styleHash = createHash('sha256').update(PAGE_CSS).digest('base64');

/** No script anywhere; the only style is ours, pinned by hash; nothing may be fetched. */
export const PAGE_CSP_META = `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
/** The same policy as an HTTP header, where frame-ancestors is honoured. */
export const PAGE_CSP = `${PAGE_CSP_META}; frame-ancestors 'none'`;
