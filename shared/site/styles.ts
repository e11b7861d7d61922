/**
 * The CSS of the site's pages, one constant per page family, joined into the one stylesheet every
 * page inlines (shared/site/layout.ts): kept apart from the renderers so the frame can include them
 * without importing the pages.
 */

/** charts.ts */
export const CHART_CSS = `
.chart{margin:16px 0;font-family:system-ui,"Noto Sans CJK SC",sans-serif}
.chart svg{display:block;max-width:560px;height:auto}
.chart figcaption{font-size:.9rem;font-weight:700;margin:4px 0}
.chart figcaption .unit,.chart figcaption .desc,.chart figcaption .note{font-weight:400;color:var(--muted)}
.chart table.chart-data{max-width:560px}
.chart table.chart-data td{text-align:right}
.chart .na{color:var(--muted)}
@media print{.chart svg{max-width:12cm}}
`.trim();

/** stats-page.ts */
export const STATS_CSS = `
/* absolute, so its box must stay inside a positioned scroll box or it widens the page */
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
p.plain,p.scope{text-indent:0}
.stats-nav{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 8px;font-family:system-ui,"Noto Sans CJK SC",sans-serif;font-size:.95rem;margin:4px 0}
.stats-nav ul,.stats-nav ol{display:flex;flex-wrap:wrap;gap:2px 14px;list-style:none;margin:0;padding:0}
.stats-nav .nav-label{color:var(--muted)}
.stats-nav [aria-current]{font-weight:700;color:var(--ink)}
.stats-nav .crumbs li+li::before{content:"›";margin-right:10px;color:var(--muted)}
.coverage{display:grid;grid-template-columns:repeat(auto-fit,minmax(8em,1fr));gap:8px;margin:12px 0;font-family:system-ui,"Noto Sans CJK SC",sans-serif}
.coverage div{border:1px solid var(--line);padding:6px 10px}
.coverage dt{font-size:.85rem;color:var(--muted)}
.coverage dd{margin:0;font-size:1.3rem;font-weight:700}
td.num{text-align:right;white-space:nowrap}
.scroll,td.num{position:relative}
tfoot th,tfoot td{font-weight:700;border-top:2px solid var(--ink)}
th[scope=rowgroup]{background:var(--head);text-align:left}
table.wide{min-width:46em}
table.wide caption{text-align:left}
table.wide th[scope=row]{min-width:12em}
table.regions th[scope=row]{white-space:nowrap}
@media print{.stats-nav{display:none}}
`.trim();

/** data-page.ts */
export const DATA_CSS = `
p.plain{text-indent:0}
.data-notes{font-size:.95rem}
.data-notes li{margin:.3em 0}
table.dictionary td{text-align:left}
table.dictionary th[scope=rowgroup]{background:var(--head);text-align:left}
table.dictionary code,.data-notes code{overflow-wrap:anywhere;font-size:.85em}
table.dictionary th[scope=row]{min-width:8em;max-width:16em;overflow-wrap:anywhere}
table.downloads td.num{text-align:right}
@media print{table.dictionary{font-size:7.5pt}}
`.trim();

/** check-page.ts */
export const CHECK_CSS = `
p.plain{text-indent:0}
.needs-js{border:1px solid var(--warn);background:var(--warn-bg);padding:8px 12px;text-indent:0}
.needs-js code,.check-form code{overflow-wrap:anywhere}
.check-form{font-family:system-ui,"Noto Sans CJK SC",sans-serif}
.check-form .field{margin:10px 0}
.check-form label{display:block;font-weight:700}
.check-form input[type=text],.check-form input[type=password]{font:inherit;padding:6px 8px;width:100%;max-width:24em;border:1px solid var(--line)}
.check-form input[type=file]{font:inherit;max-width:100%}
.check-form fieldset{border:1px solid var(--line);margin:12px 0;padding:8px 12px}
.check-form button{font:inherit;padding:6px 20px;border:1px solid #0550ae;background:#0550ae;color:#fff;cursor:pointer}
.check-form button:disabled{background:var(--muted);border-color:var(--muted)}
.drop{border:2px dashed var(--line);padding:20px 12px;text-align:center;color:var(--muted);margin:8px 0}
.drop.over{border-color:#0550ae;background:#eef5ff;color:var(--ink)}
.drop[hidden],.needs-js[hidden]{display:none}
.file-name{overflow-wrap:anywhere}
.check-form .choice{display:flex;gap:.5em;align-items:baseline;margin:4px 0}
.check-form .choice label{font-weight:400;display:inline}
.report-tables td input{font:inherit;width:4.5em;max-width:100%;padding:2px 4px;border:1px solid #0550ae;text-align:right}
.report-tables td input[aria-invalid=true]{border-color:var(--err);background:var(--err-bg)}
.verdict{font-weight:700;padding:6px 12px;border-left:4px solid var(--line);text-indent:0}
.verdict.ok{border-left-color:#1a7f37}
.verdict.bad{border-left-color:var(--err)}
.results li{overflow-wrap:anywhere}
.results li.error strong{color:var(--err)}
.results li.warning strong{color:var(--warn)}
.report-tables{max-width:100%;overflow-x:auto}
#publish-result{overflow-wrap:anywhere}
@media print{.check-form,#publish,.needs-js,.drop{display:none}}
`.trim();
