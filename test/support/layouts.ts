import iconv from 'iconv-lite';
import type { Item, WCell } from './document';
import { defined } from './defined';

/** Expands rowspans: a position covered from above gets an empty cell, as CMS text exports do. */
function withRowspanBlanks(rows: WCell[][]): string[][] {
  const pending: number[] = []; // per grid column: rows still covered
  return rows.map((row) => {
    const out: string[] = [];
    let col = 0;
    const take = () => {
      while ((pending[col] ?? 0) > 0) {
        pending[col] = (pending[col] ?? 0) - 1;
        out.push('');
        col++;
      }
    };
    for (const cell of row) {
      take();
      out.push(cell.text);
      const span = cell.colspan ?? 1;
      for (let k = 0; k < span; k++) {
        if ((cell.rowspan ?? 1) > 1) pending[col + k] = defined(cell.rowspan) - 1;
      }
      col += span;
    }
    take();
    return out;
  });
}

export type TextLayout = 'cellPerLine' | 'tabRows' | 'pipeRows' | 'blankLineCells' | 'pdfText';
export const TEXT_LAYOUTS: TextLayout[] = ['cellPerLine', 'tabRows', 'pipeRows', 'blankLineCells', 'pdfText'];

export function toText(items: Item[], layout: TextLayout): string {
  const out: string[] = [];
  let pageLines = 0;
  let page = 1;
  const line = (s: string) => {
    out.push(s);
    if (layout === 'pdfText' && ++pageLines >= 37) {
      out.push(`- ${page++} -`);
      pageLines = 0;
    }
  };
  for (const item of items) {
    if (item.type === 'p') {
      if (layout === 'blankLineCells') line('');
      line(item.text);
      continue;
    }
    line('');
    for (const row of layout === 'cellPerLine' ? withRowspanBlanks(item.rows) : item.rows.map((r) => r.map((c) => c.text))) {
      switch (layout) {
        case 'cellPerLine':
          for (const c of row) line(`\t${c}`);
          line('');
          break;
        case 'tabRows':
          line(row.map((c) => c.replace(/\n/g, '')).join('\t'));
          break;
        case 'pipeRows':
          line(`| ${row.map((c) => c.replace(/\n/g, '')).join(' | ')} |`);
          break;
        case 'blankLineCells':
          for (const c of row) {
            if (c !== '') {
              line(c.replace(/\n/g, ''));
              line('');
            }
          }
          break;
        case 'pdfText': {
          const labels = row.filter((c) => !/^[\d./+\-—减增万元]*$/.test(c) || c === '');
          const values = row.slice(labels.length);
          if (values.length === 0) {
            // Header rows come out of PDFs cell by cell, long ones wrapped, short ones vertical.
            for (const c of row) for (const part of c.split('\n')) line(part.length <= 2 ? [...part].join('\n') : part);
            break;
          }
          const label = labels.join(' ');
          if (label.length > 20) {
            line(label.slice(0, 16));
            line(`${label.slice(16)} ${values.join(' ')}`);
          } else line(`${label} ${values.join(' ')}`);
          break;
        }
      }
    }
    line('');
  }
  return `${out.join('\n')}\n`;
}

export type Encoding = 'utf8' | 'utf8bom' | 'gb18030' | 'utf16le' | 'utf16be';
export const ENCODINGS: Encoding[] = ['utf8', 'utf8bom', 'gb18030', 'utf16le', 'utf16be'];

export function encode(text: string, enc: Encoding): Uint8Array {
  switch (enc) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'gb18030':
      return iconv.encode(text, 'gb18030');
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]);
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The publication date the CMS page below states above the article: the parser reads it into meta.published. */
export const HTML_PUBLISHED = '2022-01-25';

/** An agency CMS page: chrome, a layout table around the article, data tables with spans. */
export function toHtml(items: Item[], title: string, charset = 'utf-8'): string {
  const body = items
    .map((item) => {
      if (item.type === 'p') return `<p style="text-indent:2em">${esc(item.text)}</p>`;
      const rows = item.rows
        .map(
          (row) =>
            `<tr>${row.map((c) => `<td${c.rowspan ? ` rowspan="${c.rowspan}"` : ''}${c.colspan ? ` colspan="${c.colspan}"` : ''}><p align="center"><span>${c.text.split('\n').map(esc).join('<br/>')}</span></p></td>`).join('')}</tr>`,
        )
        .join('\n');
      return `<table border="1" cellspacing="0" width="100%"><tbody>\n${rows}\n</tbody></table>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<title>${esc(title)}_政府信息公开专栏</title>
<script>var _hmt = _hmt || []; document.write("<p>不是正文</p>");</script>
<style>.nav{color:red}</style></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li>政务公开</li><li>政府信息公开年报</li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; ${esc(title)}</div>
<table class="layout" width="1000"><tr><td class="side"><p>栏目导航</p></td><td class="main">
<div class="article-title"><h1>${esc(title)}</h1><div class="info">发布时间：${HTML_PUBLISHED} 来源：本机关 字号：[大 中 小]</div></div>
<div class="TRS_Editor">
${body}
</div>
</td></tr></table>
<div class="footer"><p>版权所有：某市人民政府办公室 网站标识码：1100000000 京ICP备05060933号</p><p>主办单位：某区人民政府</p></div>
</body></html>`;
}
