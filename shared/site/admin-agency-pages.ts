import { escapeHtml as e } from '../render/escape';
import { AGENCY_KINDS, type AgencyKind } from '../rules/agency-kind';
import { consolePage, doneNotice, postForm } from './admin-layout';
import { href, reportPath } from './layout';

/** The console's pages about agencies: the search and registration, and one agency's profile, tokens and reports. */

export interface ConsoleAgency {
  id: string;
  name: string;
  region: string | null;
  level: string | null;
  kind: AgencyKind;
  aliases: string[];
}

/** Short enough for a select at 390 px; the full meaning is in rules/agency-kind.ts. */
const KIND_WORDS: Record<AgencyKind, string> = { government: '县级以上人民政府（含管委会）', department: '政府部门', township: '乡镇政府、街道办' };

export const agencyAdminPath = (id: string) => `/admin/agencies/${encodeURIComponent(id)}`;

const kindSelect = (id: string, selected: AgencyKind | undefined, inferOption: boolean) =>
  `<label for="${id}">类型（决定报送期限）<select id="${id}" name="kind">${inferOption ? '<option value="">按名称推断</option>' : ''}${AGENCY_KINDS.map(
    (k) => `<option value="${k}"${k === selected ? ' selected' : ''}>${e(KIND_WORDS[k])}</option>`,
  ).join('')}</select></label>`;

const field = (id: string, name: string, label: string, value = '', extra = '') =>
  `<label for="${id}">${label}<input id="${id}" name="${name}" value="${e(value)}"${extra}></label>`;

export interface AgenciesView {
  query: { q?: string; region?: string; level?: string };
  items: ConsoleAgency[];
  nextCursor: string | null;
  partial?: boolean;
}

export function renderConsoleAgencies(view: AgenciesView, csrf: string): string {
  const { q, region, level } = view.query;
  const rows = view.items
    .map(
      (a) =>
        `<tr><th scope="row"><a href="${href(agencyAdminPath(a.id))}">${e(a.name)}</a></th><td>${e(a.id)}</td><td>${e(a.region ?? '—')}</td><td>${e(a.level ?? '—')}</td><td>${e(KIND_WORDS[a.kind])}</td><td>${e(a.aliases.join('、') || '—')}</td></tr>`,
    )
    .join('');
  const table = view.items.length
    ? `<div class="scroll" role="region" aria-label="机关列表" tabindex="0"><table class="results"><caption>机关（${view.items.length} 个${view.partial ? '，筛选未读完，可翻到下一页' : ''}）</caption>
<thead><tr><th scope="col">名称</th><th scope="col">标识</th><th scope="col">地区代码</th><th scope="col">级别</th><th scope="col">类型</th><th scope="col">别名</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : '<p class="plain">没有符合条件的机关。</p>';
  const more = view.nextCursor ? `<p class="pager"><a href="${href('/admin/agencies', { q, region, level, cursor: view.nextCursor })}">下一页</a></p>` : '';
  return consolePage({
    title: '机关与令牌',
    csrf,
    current: '/admin/agencies',
    main: `<h1>机关与令牌</h1>
<form method="get" action="/admin/agencies" class="filters" role="search" aria-label="查找机关">
${field('q', 'q', '名称或别名', q, ' maxlength="50"')}
${field('region', 'region', '地区代码（含下级）', region, ' inputmode="numeric" maxlength="6" pattern="[0-9]{6}"')}
${field('level', 'level', '级别', level, ' maxlength="32"')}
<button type="submit">查找</button>
</form>
${table}
${more}
<h2 id="new-agency">登记新机关</h2>
${postForm(
  '/admin/agencies',
  csrf,
  `${field('new-id', 'id', '标识（小写字母、数字、连字符）', '', ' required maxlength="64" pattern="[a-z0-9][a-z0-9-]*"')}
${field('new-name', 'name', '名称', '', ' required maxlength="100"')}
${field('new-region', 'region', '地区代码', '', ' inputmode="numeric" maxlength="6" pattern="[0-9]{6}"')}
${field('new-level', 'level', '级别', '', ' maxlength="32"')}
${kindSelect('new-kind', undefined, true)}
${field('new-aliases', 'aliases', '别名（用顿号分隔）', '')}
<button type="submit">登记</button>`,
  ' class="filters" aria-labelledby="new-agency"',
)}`,
  });
}

export interface ConsoleVersion {
  version: number;
  createdAt: string;
  filename?: string;
  errors: number;
  warnings: number;
  withdrawn?: { at: string; reason: string };
}

export interface AgencyConsoleView {
  agency: ConsoleAgency;
  tokens: { id: string; createdAt: string; revokedAt: string | null }[];
  years: { year: number; versions: ConsoleVersion[] }[];
  /** a token just issued: shown this once */
  issued?: { token: string; tokenId: string };
  done?: string;
}

/** A token just issued: selectable text, and a copy button the script reveals. */
function issuedBox(issued: { token: string; tokenId: string }): string {
  return `<section class="notice" aria-labelledby="issued-title"><h2 id="issued-title">新令牌（只显示这一次）</h2>
<p class="plain">请现在复制并交给机关：本库只保存它的散列，之后无法再次查看。令牌编号 ${e(issued.tokenId)}。</p>
<p><label for="new-token">新令牌</label> <input id="new-token" readonly value="${e(issued.token)}" size="40" class="hash"> <button type="button" data-copy="new-token" hidden>复制</button> <span role="status" data-copied="new-token"></span></p></section>`;
}

function tokensSection(view: AgencyConsoleView, csrf: string): string {
  const base = agencyAdminPath(view.agency.id);
  const rows = view.tokens
    .map((t) => {
      const state = t.revokedAt ? `已于 ${e(t.revokedAt.slice(0, 10))} 吊销` : '有效';
      const action = t.revokedAt
        ? '—'
        : postForm(href(`${base}/tokens/${encodeURIComponent(t.id)}/revoke`), csrf, `<button type="submit" aria-label="吊销令牌 ${e(t.id)}">吊销</button>`);
      return `<tr><th scope="row">${e(t.id)}</th><td>${e(t.createdAt.slice(0, 10))}</td><td>${state}</td><td>${action}</td></tr>`;
    })
    .join('');
  const table = view.tokens.length
    ? `<div class="scroll" role="region" aria-label="上传令牌" tabindex="0"><table class="results"><caption>上传令牌</caption><thead><tr><th scope="col">编号</th><th scope="col">签发</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : '<p class="plain">还没有令牌。</p>';
  return `<section aria-labelledby="tokens-title"><h2 id="tokens-title">上传令牌</h2>
${table}
${postForm(href(`${base}/tokens`), csrf, '<button type="submit">签发新令牌</button>', ' class="filters"')}
<p class="plain muted">旧令牌在吊销之前仍然有效。</p></section>`;
}

function reportsSection(view: AgencyConsoleView, csrf: string): string {
  if (!view.years.length) return '<section aria-labelledby="reports-title"><h2 id="reports-title">报告</h2><p class="plain">还没有公开的报告。</p></section>';
  const years = view.years
    .map(({ year, versions }) => {
      const items = versions
        .map((v) => {
          const what = `第 ${v.version} 版，${e(v.createdAt.slice(0, 10))} 上传${v.filename ? `（${e(v.filename)}）` : ''}，${v.errors} 个错误，${v.warnings} 个提醒`;
          if (v.withdrawn) return `<li>${what}。<strong>已于 ${e(v.withdrawn.at.slice(0, 10))} 撤回</strong>：${e(v.withdrawn.reason)}</li>`;
          const id = `reason-${year}-${v.version}`;
          const form = postForm(
            href(`/admin/reports/${encodeURIComponent(view.agency.id)}/${year}/versions/${v.version}/withdraw`),
            csrf,
            `<label for="${id}">撤回原因（将公开显示）<input id="${id}" name="reason" required maxlength="500"></label> <button type="submit">确认撤回 ${year} 年度第 ${v.version} 版</button>`,
            ' class="filters"',
          );
          return `<li>${what}。<a href="${href(reportPath(view.agency.id, year), { version: v.version })}">查看</a><details><summary>撤回 ${year} 年度第 ${v.version} 版</summary>${form}</details></li>`;
        })
        .join('');
      return `<h3>${year} 年度</h3><ul>${items}</ul>`;
    })
    .join('\n');
  return `<section aria-labelledby="reports-title"><h2 id="reports-title">报告</h2>${years}</section>`;
}

export function renderConsoleAgency(view: AgencyConsoleView, csrf: string): string {
  const a = view.agency;
  const base = agencyAdminPath(a.id);
  const edit = postForm(
    href(base),
    csrf,
    `${field('edit-name', 'name', '名称', a.name, ' required maxlength="100"')}
${field('edit-aliases', 'aliases', '别名（用顿号分隔）', a.aliases.join('、'))}
${field('edit-region', 'region', '地区代码', a.region ?? '', ' inputmode="numeric" maxlength="6" pattern="[0-9]{6}"')}
${field('edit-level', 'level', '级别', a.level ?? '', ' maxlength="32"')}
${kindSelect('edit-kind', a.kind, false)}
<button type="submit">保存</button>`,
    ' class="filters" aria-labelledby="edit-title"',
  );
  return consolePage({
    title: a.name,
    csrf,
    current: '/admin/agencies',
    main: `<h1>${e(a.name)}</h1>
${doneNotice(view.done)}${view.issued ? issuedBox(view.issued) : ''}
<p class="plain">标识 ${e(a.id)} · <a href="${href(`/agencies/${encodeURIComponent(a.id)}`)}">公开页面</a> · <a href="${href('/admin/audit', { agency: a.id })}">审计记录</a></p>
<section aria-labelledby="edit-title"><h2 id="edit-title">机关资料</h2>
<p class="plain muted">修改类型会重新计算各年度的报送期限和是否逾期。</p>
${edit}</section>
${tokensSection(view, csrf)}
${reportsSection(view, csrf)}`,
  });
}
