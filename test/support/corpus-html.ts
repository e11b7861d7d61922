/**
 * A CMS article page for a corpus report, shaped by a Chromium style: the page Chromium prints
 * when a clerk saves the published report as PDF. Independent of the parser; the cells' texts
 * come from the report model through `layout`.
 */
import type { Item, WCell } from './document';
import type { ChromiumStyle } from './corpus-styles';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The CMS's publication date, shown in the metadata block. */
export const CORPUS_PUBLISHED = '2023-01-20';

/** Header rows of the nth table: 二 has its captions inline, 三 and 四 open with three. */
const HEADER_ROWS = [0, 3, 3];

function cellHtml(c: WCell, s: ChromiumStyle, numeric: boolean): string {
  const attrs = `${c.rowspan ? ` rowspan="${c.rowspan}"` : ''}${c.colspan ? ` colspan="${c.colspan}"` : ''}`;
  const text = c.text === '' ? (s.nbsp ? '&nbsp;' : '') : s.nbspPad && numeric ? `&nbsp;${esc(c.text)}&nbsp;` : c.text.split('\n').map(esc).join('<br/>');
  const cls = numeric ? ' class="n"' : '';
  const inner =
    s.cellMarkup === 'bare'
      ? text
      : s.cellMarkup === 'div'
        ? `<div>${text}</div>`
        : s.cellMarkup === 'word-paste'
          ? `<p class="MsoNormal" align="center" style="text-align:center"><span lang="EN-US" style='font-size:10.5pt;font-family:${numeric ? '"Times New Roman",serif' : '宋体,CorpusSong'}'>${text}<o:p></o:p></span></p>`
          : `<p><span>${text}</span></p>`;
  return `<td${attrs}${cls}>${inner}</td>`;
}

/** A figure cell as the recipes print them: 12, -3, 12,345, １２, 增3, a blank, / or —. */
export const isFigure = (t: string) => /^(?:[-+增减]?[\d.,０-９]+|[/—]?)$/.test(t);

function tableHtml(rows: WCell[][], s: ChromiumStyle, headerRows: number): string {
  const tr = (row: WCell[], i: number) =>
    `<tr${s.headerFill && i < headerRows ? ' class="h"' : ''}>${row.map((c) => cellHtml(c, s, isFigure(c.text))).join('')}</tr>`;
  const head = s.thead && headerRows > 0 ? `<thead>${rows.slice(0, headerRows).map(tr).join('\n')}</thead>` : '';
  const body = (s.thead ? rows.slice(headerRows) : rows).map((row, i) => tr(row, s.thead ? i + headerRows : i)).join('\n');
  const border = s.borders === undefined || s.borders === 'full' || s.borders === 'double' ? ' border="1"' : '';
  return `<table class="data"${border} cellspacing="${s.borders === 'double' ? 1 : 0}">${head}<tbody>\n${body}\n</tbody></table>`;
}

const FONTS = {
  song: '"CorpusSong", serif',
  hei: '"CorpusHei", sans-serif',
  'noto-serif': '"Noto Serif CJK SC", serif',
  'noto-sans': '"Noto Sans CJK SC", sans-serif',
};

/** Where the TrueType fonts are, as file URLs: the generator extracts them from their collections. */
export interface CorpusFonts {
  song: string;
  hei: string;
}

// The TrueType fonts have no bold: a synthesized bold title would be drawn as Type 3 outlines,
// megabytes of them, where a desktop's SimSun title prints in the regular face.
function css(s: ChromiumStyle, fonts: CorpusFonts): string {
  const font = FONTS[s.font ?? 'song'];
  const borders =
    s.borders === 'none' || s.borders === 'shading'
      ? 'table.data, table.data td { border: none; }'
      : s.borders === 'rows'
        ? 'table.data { border-collapse: collapse; } table.data td { border: none; border-bottom: 1px solid #000; }'
        : s.borders === 'double'
          ? 'table.data { border-collapse: separate; border: 1px solid #000; } table.data td { border: 1px solid #000; }'
          : s.borders === 'thin-gray'
            ? 'table.data { border-collapse: collapse; } table.data td { border: 0.5px solid #999; }'
            : 'table.data { border-collapse: collapse; } table.data td { border: 1px solid #000; }';
  return `
@font-face { font-family: "CorpusSong"; src: url("${fonts.song}"); }
@font-face { font-family: "CorpusHei"; src: url("${fonts.hei}"); }
@page { size: ${s.page ?? 'A4'}; margin: ${s.margin ?? '15mm'}; }
body { font-family: ${font}; ${s.font?.startsWith('noto') ? '' : 'font-synthesis: none; '}font-size: ${s.fontSize ?? 16}px; line-height: ${s.lineHeight ?? 1.6}; margin: 0; }
.article { ${s.zoom ? `zoom: ${s.zoom};` : ''} }
.article > p { text-indent: 2em; margin: 0.4em 0; }
h1 { font-size: 22px; text-align: center; }
table.data { width: ${s.tableWidth ?? '100%'}; ${s.tableFontSize ? `font-size: ${s.tableFontSize}px;` : ''} margin: 0.8em 0; }
table.data td { padding: ${s.cellPadding ?? '2px 4px'}; text-align: center; vertical-align: ${s.valign ?? 'middle'}; }
table.data td p { margin: 0; ${s.cellIndent ? 'text-indent: 2em;' : ''} }
${s.breakAll ? 'table.data { word-break: break-all; }' : ''}
${s.letterSpacing ? `table.data { letter-spacing: ${s.letterSpacing}em; }` : ''}
${s.tableOwnPage ? 'table.data { break-before: page; }' : ''}
${s.headerFill ? 'table.data tr.h td { background: #d9d9d9; }' : ''}
${s.framed ? 'table.frame { width: 100%; border: 2px solid #000; border-collapse: collapse; } table.frame > tbody > tr > td { border: 1px solid #000; padding: 8px; }' : ''}
${s.distributedLabels ? 'table.data td:not(.n) { text-align: justify; text-align-last: justify; }' : ''}
${s.sidebar ? '.page { display: flex; } .side { width: 38%; flex: none; font-size: 13px; } .article { flex: 1; min-width: 0; }' : ''}
table.data td.n { text-align: ${s.align ?? 'center'}; ${s.numberWidth ? `width: ${s.numberWidth};` : ''} }
${s.labelWidth ? `table.data td:first-child:not(.n) { width: ${s.labelWidth}; }` : ''}
${borders}
${s.borders === 'shading' ? 'table.data tr:nth-child(even) td { background: #e8eef6; }' : ''}
.crumb { font-size: 13px; color: #555; margin: 8px 0; }
.meta { font-size: 13px; border: 1px solid #ccc; padding: 6px; margin: 8px 0; }
.meta span { display: inline-block; margin-right: 2em; }
.nav, .footer { font-size: 12px; color: #333; }
`;
}

export function corpusHtml(items: Item[], title: string, agency: string, s: ChromiumStyle, fonts: CorpusFonts): string {
  let table = 0;
  const body = items
    .map((item) => {
      if (item.type === 'p') return `<p>${esc(item.text)}</p>`;
      const unit = s.unitCaption ? '<p style="text-align:right">（单位：件）</p>' : '';
      return unit + tableHtml(item.rows, s, HEADER_ROWS[table++] ?? 0);
    })
    .join('\n');
  const chrome = s.chrome ?? 'breadcrumb';
  const crumb = `<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>`;
  const meta = `<div class="meta"><span>标题：${esc(title)}</span><span>发布机构：${esc(agency)}</span><span>发布日期：${CORPUS_PUBLISHED}</span><span>索引号：11010500${String(title.length).padStart(2, '0')}/2023-00017</span></div>`;
  const nav = `<div class="nav">首页 | 机构概况 | 政务公开 | 政务服务 | 互动交流</div>`;
  const footer = `<div class="footer"><p>主办：${esc(agency)} 网站标识码：1101050001 京ICP备12345678号</p><p>地址：某市某区某路1号 邮编：100000</p></div>`;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${css(s, fonts)}</style></head>
<body>
${chrome === 'full' ? nav : ''}
${chrome !== 'none' ? crumb : ''}
${chrome === 'full' ? meta : ''}
<div class="page">
${s.sidebar ? `<div class="side"><p>栏目导航</p><p>政府信息公开指南</p><p>政府信息公开制度</p><p>法定主动公开内容</p><p>政府信息公开年报</p></div>` : ''}
<div class="article">
${s.framed ? '<table class="frame"><tbody><tr><td>' : ''}
${s.titleOnOneLine ? '' : `<h1>${esc(title)}</h1>`}
${body}
${s.framed ? '</td></tr></tbody></table>' : ''}
</div>
</div>
${chrome === 'full' ? footer : ''}
</body></html>`;
}
