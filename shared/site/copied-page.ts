import { escapeHtml as e } from '../render/escape';
import { href, page, reportPath, yearNav } from './layout';
import type { CopiedView } from '../archive/view-models';

const pct = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The reports of a year whose narrative is most like another report's, the most alike first, each
 * with the reports it resembles and the share of text in common. Both sides of a copy are listed:
 * the archive cannot tell who copied whom, only that the text is shared.
 */
export function renderCopied(view: CopiedView): string {
  const { year } = view;
  const rows = view.items
    .map((item) => {
      const sources = [
        ...item.similar.map(
          (s) =>
            `<li><a href="${href(reportPath(s.agency, s.year), { version: s.version })}">${e(s.agencyName ?? s.agency)} ${s.year} 年度报告</a>：约 ${pct(s.share)} 相同</li>`,
        ),
        ...(item.previousShare !== undefined && item.previousShare >= view.threshold
          ? [`<li><a href="${href(reportPath(item.agency, year - 1))}">本机关 ${year - 1} 年度报告</a>：约 ${pct(item.previousShare)} 相同</li>`]
          : []),
      ].join('');
      return `<tr><th scope="row"><a href="${href(reportPath(item.agency, year))}">${e(item.agencyName ?? item.agency)}</a></th><td class="num">${pct(item.topShare)}</td><td><ul class="plain-list">${sources}</ul></td></tr>`;
    })
    .join('');
  const table = rows
    ? `<div class="scroll" role="region" aria-label="${year} 年度叙述文字相同比例最高的报告" tabindex="0"><table>
<caption>${year} 年度：叙述文字与其他报告大部分相同的报告</caption>
<thead><tr><th scope="col">报告</th><th scope="col">最高相同比例</th><th scope="col">与之相同的报告</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
    : `<p>${year} 年度没有发现叙述文字大部分相同的报告。</p>`;
  const more = view.nextPage ? `<p class="pager"><a href="${href('/copied', { year, page: view.nextPage })}">下一页</a></p>` : '';
  const main = `<h1>${year} 年度文字雷同的报告</h1>
${yearNav(view.years, year, (y) => href('/copied', { year: y }))}
<p class="plain">比较的是报告的叙述部分（总体情况、存在的主要问题及改进情况、其他需要报告的事项），去掉机关名称、数字和标点后，按连续 5 个字的片段计算相同比例（MinHash 估计）。与同年其他机关的报告、或与本机关上一年的报告相同 ${pct(view.threshold)} 以上的列在这里；相同不一定是照抄，可能同用一个模板，请看原文判断。</p>
${table}
${more}`;
  return page({ title: `${year} 年度文字雷同的报告`, main });
}
