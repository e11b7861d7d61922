import { escapeHtml as e } from '../render/escape';
import { agencyPath, href, page, reportPath, statusHtml } from './layout';
import type { BrowseQuery, BrowseView } from '../archive/view-models';

const HAS_LABELS = { errors: '有错误的报告', unchecked: '未能校验的报告' } as const;

/** The query string of a browse link: the filters kept, `over` replacing some, the page reset unless given. */
function browseHref(q: BrowseQuery, over: Partial<BrowseQuery> = {}): string {
  const m = { ...q, page: undefined, ...over };
  return href('/reports', { year: m.year, region: m.region, q: m.q, level: m.level, has: m.has, page: m.page });
}

/** Browse and search: filters as a plain GET form, the region tree one level down, the results and the next page. */
export function renderBrowse(view: BrowseView): string {
  const main = [`<h1>浏览与检索报告</h1>`, form(view), breadcrumb(view), tree(view), results(view), pager(view)];
  return page({ title: view.region ? `${view.region.name}的报告` : '浏览与检索', main: main.filter(Boolean).join('\n') });
}

const option = (value: string, label: string, selected: boolean) => `<option value="${e(value)}"${selected ? ' selected' : ''}>${e(label)}</option>`;

function form(view: BrowseView): string {
  const q = view.query;
  const years = [option('', '全部年度', q.year === undefined), ...view.years.map((y) => option(String(y), `${y} 年度`, y === q.year))];
  // The region list offers the way up (the path) and one level down; the tree below does the same as links.
  const regions = [option('', '全国', !q.region)];
  for (const r of view.region?.path ?? []) regions.push(option(r.code, r.name, r.code === q.region));
  for (const r of view.regions) regions.push(option(r.code, `${view.region ? '　' : ''}${r.name}`, r.code === q.region));
  if (q.region && !view.region) regions.push(option(q.region, q.region, true));
  const levels = [option('', '全部层级', !q.level), ...view.levels.map((l) => option(l, l, l === q.level))];
  if (q.level && !view.levels.includes(q.level)) levels.push(option(q.level, q.level, true));
  const has = [option('', '全部报告', !q.has), ...Object.entries(HAS_LABELS).map(([k, l]) => option(k, l, k === q.has))];
  return `<form class="filters" method="get" action="/reports" role="search" aria-label="检索报告">
<label for="f-year">年度<select id="f-year" name="year">${years.join('')}</select></label>
<label for="f-region">地区<select id="f-region" name="region">${regions.join('')}</select></label>
<label for="f-q">关键词<input id="f-q" name="q" type="search" value="${e(q.q ?? '')}" maxlength="100" placeholder="机关名称或标题"></label>
<label for="f-level">层级<select id="f-level" name="level">${levels.join('')}</select></label>
<label for="f-has">只看<select id="f-has" name="has">${has.join('')}</select></label>
<button type="submit">查找</button>
</form>`;
}

function breadcrumb(view: BrowseView): string {
  if (!view.region) return '';
  const q = view.query;
  const path = view.region.path;
  const items = [`<li><a href="${browseHref(q, { region: undefined })}">全国</a></li>`];
  path.forEach((r, i) => {
    items.push(
      i === path.length - 1 ? `<li aria-current="page">${e(r.name)}</li>` : `<li><a href="${browseHref(q, { region: r.code })}">${e(r.name)}</a></li>`,
    );
  });
  return `<nav class="crumbs" aria-label="所在地区"><ol>${items.join('')}</ol></nav>`;
}

function tree(view: BrowseView): string {
  if (view.regions.length === 0) return '';
  const heading = view.region ? `${e(view.region.name)}的下一级地区` : '各省、自治区、直辖市';
  const items = view.regions.map(
    (r) => `<li><a href="${browseHref(view.query, { region: r.code })}">${e(r.name)}${r.reports === null ? '' : `（${r.reports} 份）`}</a></li>`,
  );
  return `<section aria-labelledby="tree-h"><h2 id="tree-h">${heading}</h2><ul class="tree">${items.join('')}</ul></section>`;
}

function results(view: BrowseView): string {
  const q = view.query;
  const filters: string[] = [];
  if (view.region) filters.push(e(view.region.name));
  if (q.year !== undefined) filters.push(`${q.year} 年度`);
  if (q.level) filters.push(e(q.level));
  if (q.q) filters.push(`含“${e(q.q)}”`);
  if (q.has) filters.push(HAS_LABELS[q.has]);
  const what = filters.length ? `：${filters.join('，')}` : '';
  if (view.items.length === 0) {
    const more = view.partial && view.nextPage !== null ? '这次只查找了档案的一部分，还没有找到；' : '';
    return `<section aria-labelledby="results-h"><h2 id="results-h">检索结果${what}</h2><p class="plain">${more || '没有找到符合条件的报告。'}</p></section>`;
  }
  const rows = view.items.map(
    (s) =>
      `<tr><th scope="row"><a href="${href(agencyPath(s.agency))}">${e(s.agencyName)}</a></th><td><a href="${href(reportPath(s.agency, s.year))}">${e(s.title)}</a></td><td class="n">${s.year}</td><td>${statusHtml(s)}${s.version > 1 ? `（第 ${s.version} 版）` : ''}</td></tr>`,
  );
  return `<section aria-labelledby="results-h"><h2 id="results-h">检索结果${what}</h2>
<div class="scroll" role="region" aria-label="检索结果" tabindex="0"><table class="results"><caption>本页 ${view.items.length} 份报告</caption>
<thead><tr><th scope="col">机关</th><th scope="col">报告</th><th scope="col">年度</th><th scope="col">校验结果</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div></section>`;
}

function pager(view: BrowseView): string {
  if (view.nextPage === null) return '';
  const link = browseHref(view.query, { page: view.nextPage });
  if (view.partial) return `<p class="pager plain">这次检索只查看了档案的一部分。<a href="${link}">继续查找</a></p>`;
  return `<p class="pager plain"><a href="${link}" rel="next">下一页</a></p>`;
}
