import { escapeHtml as e } from '../render/escape';
import { TABLE_NAMES } from '../model/keys';
import { cellLabel, cellLabelText } from '../model/cell-labels';
import { formatNumber } from './charts';
import { DATA_COLUMNS } from '../archive/data-export';
import { href, page } from './layout';

/**
 * /data: the downloads and the data dictionary. The dictionary is built from DATA_COLUMNS and the
 * labels in keys.ts, so it names every column a download has, in the same order, and no other.
 */

const META: Record<string, { meaning: string; type: string }> = {
  agency: { meaning: '机关编号（本站给机关的标识，也用在网址里）', type: '文本' },
  agencyName: { meaning: '机关名称', type: '文本' },
  region: { meaning: '行政区划代码（GB/T 2260，六位数字）；不知道时为空', type: '文本' },
  regionName: { meaning: '行政区划名称；不知道时为空', type: '文本' },
  year: { meaning: '报告年度', type: '整数' },
  format: { meaning: '报告格式：2021、2019（两种全国统一格式），或 pre2019（2019 年以前，没有统一表格）', type: '文本' },
  version: { meaning: '版本号：机关更正后重新发布，版本号加一；下载中是每份报告的最新版', type: '整数' },
  checked: { meaning: '表格是否全部读出并核对过：true 是，false 有表格或格子没能读出（其余数字照常给出）', type: '真/假' },
  errors: { meaning: '核对发现的错误数', type: '整数' },
  warnings: { meaning: '核对发现的提醒数', type: '整数' },
  published: {
    meaning: '发布日期（YYYY-MM-DD），与报告页面所示相同：报告所注的发布日期，没有则取落款日期，再没有则取首次上传本库的日期；无从判断时为空',
    type: '日期文本',
  },
  publishedSource: {
    meaning: '发布日期从哪里来：published（报告所注发布日期或网页的发布日期）、signed（落款日期）、first-upload（首次上传本库的日期）；发布日期为空时为空',
    type: '文本',
  },
  unread: {
    meaning: '没能读出的格子：它们的列名，以空格分隔；一张表整个没读出时写表名（activeDisclosure、applications、reviewLitigation），代表这张表的全部格子',
    type: '文本',
  },
};

const FORMATS_TEXT = (formats: string[]) => (formats.length === 2 ? '两种格式都有' : `仅 ${formats[0]} 格式`);

const TABLE_TITLES: Record<string, string> = {
  activeDisclosure: `${TABLE_NAMES.activeDisclosure} 主动公开政府信息情况`,
  applications: `${TABLE_NAMES.applications} 收到和处理政府信息公开申请情况`,
  reviewLitigation: `${TABLE_NAMES.reviewLitigation} 政府信息公开行政复议、行政诉讼情况`,
};

/** Rows in file order; a new row group starts wherever the table (or the formats having it) changes. */
function dictionary(): string {
  const groups: { label: string; rows: string[] }[] = [];
  for (const column of DATA_COLUMNS) {
    const meta = META[column];
    const label = meta ? undefined : cellLabel(column);
    const meaning = meta ? meta.meaning : cellLabelText(column);
    const type = meta ? meta.type : label?.decimal ? '数值（可有小数）' : label?.signed ? '整数（可为负）' : '整数';
    const formats = label ? FORMATS_TEXT(label.formats) : '全部';
    const [prefix = column] = column.split('.');
    const table = TABLE_TITLES[prefix];
    const groupLabel = !table ? (column === 'unread' ? '读取情况' : '报告信息') : label?.formats.length === 1 ? `${table}：${formats}的列` : table;
    let group = groups.at(-1);
    if (group?.label !== groupLabel) {
      group = { label: groupLabel, rows: [] };
      groups.push(group);
    }
    group.rows.push(`<tr><th scope="row"><code>${e(column)}</code></th><td>${e(meaning)}</td><td>${e(type)}</td><td>${e(formats)}</td></tr>`);
  }
  const bodies = groups.map((g) => `<tbody><tr><th scope="rowgroup" colspan="4">${e(g.label)}</th></tr>${g.rows.join('')}</tbody>`).join('');
  return `<div class="scroll" role="region" aria-label="数据字典" tabindex="0"><table class="dictionary"><caption>数据字典：下载文件的 ${DATA_COLUMNS.length} 列（按文件中的顺序）</caption><thead><tr><th scope="col">列名</th><th scope="col">中文含义</th><th scope="col">类型</th><th scope="col">哪些格式有</th></tr></thead>${bodies}</table></div>`;
}

export function renderDataPage(input: { years: { year: number; reports: number }[] }): string {
  const rows = input.years
    .map(
      ({ year, reports }) =>
        `<tr><th scope="row">${year} 年</th><td class="num">${e(formatNumber(reports))}</td><td><a href="${href(`/data/${year}.csv`)}" download>${year} 年 CSV</a></td><td><a href="${href(`/data/${year}.json`)}">${year} 年 JSON</a></td></tr>`,
    )
    .join('');
  const total = input.years.reduce((s, y) => s + y.reports, 0);
  const downloads = input.years.length
    ? `<div class="scroll" role="region" aria-label="按年度下载" tabindex="0"><table class="downloads"><caption>按年度下载（每份报告一行，取最新版）</caption><thead><tr><th scope="col">年度</th><th scope="col">报告数</th><th scope="col">CSV</th><th scope="col">JSON</th></tr></thead><tbody>${rows}</tbody><tfoot><tr><th scope="row">全部年度</th><td class="num">${e(
        formatNumber(total),
      )}</td><td><a href="/data/all.csv" download>全部年度 CSV</a></td><td><a href="/data/all.json">全部年度 JSON</a></td></tr></tfoot></table></div>`
    : '<p class="plain">还没有可以下载的报告。</p>';

  const main = `<h1>数据下载</h1>
<p class="plain">这里是本站收录的全部政府信息公开工作年度报告的表格数字：每份报告一行（取它的最新版），每个表格格子一列。各年度的文件列完全相同，可以直接拼接。想看汇总，请到<a href="/stats">统计</a>页。</p>

<section aria-labelledby="d-downloads"><h2 id="d-downloads">下载</h2>
${downloads}
<ul class="data-notes">
${
  input.years.length
    ? '<li>表头默认是列名（见下方数据字典），程序可以据此读取；在 CSV 地址后加 <code>?labels=zh</code>，表头改为中文名称，如 <a href="/data/all.csv?labels=zh" download>全部年度 CSV（中文表头）</a>。</li>\n'
    : ''
}<li>CSV 用 UTF-8 编码，开头带 BOM（字节顺序标记），Excel 双击打开时中文不会乱码；行尾为 CRLF，按 RFC 4180 加引号。</li>
<li>为防止电子表格把文字当公式执行，以 = + - @ 或制表符开头的文字前面加了一个英文单引号 '。数字不受影响（负数照常写作 -3）。</li>
<li>JSON 文件是一个对象：<code>year</code>、<code>generatedAt</code>（生成时间）、<code>columns</code>（格子列名）、<code>count</code>（报告数）和 <code>reports</code>（每份报告一项，格子数字在 <code>cells</code> 里）。</li>
</ul>
</section>

<section aria-labelledby="d-blank"><h2 id="d-blank">空白、没读出和不适用</h2>
<ul class="data-notes">
<li><strong>空白</strong>：报告里这一格空着。CSV 中是空字段；JSON 中是 <code>null</code>。</li>
<li><strong>没读出</strong>：我们没能从文件中读出这一格（例如扫描件、表格错位）。CSV 中也是空字段，但它的列名会列在 <code>unread</code> 列里；JSON 中是 <code>null</code>，列名列在 <code>unread</code> 数组里。这样的报告 <code>checked</code> 为 false。</li>
<li><strong>不适用</strong>：这一列属于另一种格式（见下表“哪些格式有”）。CSV 中是空字段；JSON 的 <code>cells</code> 里没有这一项。</li>
<li>空字段不等于 0：报告填了 0 的格子，数据里就是 0。</li>
</ul>
</section>

<section aria-labelledby="d-use"><h2 id="d-use">使用说明</h2>
<p class="plain">年度报告是各机关依法主动公开的政府信息。本站从报告中整理的数据可以自由使用、转载和再加工，请注明来源（公开年报库，以及报告机关）。数字以机关发布的原报告为准：每份报告的页面都有原文件下载，引用前请与原文核对；<code>errors</code> 不为 0 的报告，其表格数字之间对不上。</p>
</section>

<section aria-labelledby="d-dict"><h2 id="d-dict">数据字典</h2>
<p class="plain">中文含义依次是：表、行（带所在的合并栏目）、列，与全国统一格式的表格一致。</p>
${dictionary()}
</section>`;
  return page({ title: '数据下载', main });
}
