import { type AUDIT_ACTIONS, type AUDIT_OUTCOMES, CONSOLE_AUDIT } from '../archive/audit';
import type { AuditRecord, CoverageStatus } from '../archive/types';
import { escapeHtml as e } from '../render/escape';
import { agencyAdminPath } from './admin-agency-pages';
import { consolePage } from './admin-layout';
import { STATUS_WORDS } from './coverage-page';
import { href } from './layout';

/** The console's read-only pages: the audit trail, and who under a region has not published. */

const ACTION_WORDS: Record<(typeof AUDIT_ACTIONS)[number], string> = {
  upload: '上传',
  'register-agency': '登记机关',
  'issue-token': '签发令牌',
  'revoke-token': '吊销令牌',
  'agency-update': '修改资料',
  withdraw: '撤回版本',
  'delete-agency': '删除机关',
  'admin-login': '管理登录',
  'enter-cells': '补录格子',
  'start-upload': '申请大文件上传',
  'read-upload': '查询大文件上传',
  'list-agencies': '列出机关',
  'list-tokens': '列出令牌',
  'read-audit': '查看审计',
};
const OUTCOME_WORDS: Record<(typeof AUDIT_OUTCOMES)[number], string> = {
  created: '完成',
  unchanged: '未变（重复上传）',
  rejected: '被拒绝',
  revoked: '已吊销',
  updated: '已修改',
  withdrawn: '已撤回',
  deleted: '已删除',
  'signed-in': '已登录',
};

const options = <K extends string>(words: Record<K, string>, selected: string | undefined) =>
  `<option value="">全部</option>${(Object.entries(words) as [K, string][])
    .map(([k, w]) => `<option value="${k}"${k === selected ? ' selected' : ''}>${e(w)}</option>`)
    .join('')}`;

export interface AuditView {
  query: { agency?: string; action?: string; outcome?: string };
  items: AuditRecord[];
  nextCursor: string | null;
}

function detail(r: AuditRecord): string {
  const parts = [
    r.year ? `${r.year} 年度` : '',
    r.version ? `第 ${r.version} 版` : '',
    r.tokenId ? `令牌 ${r.tokenId}` : '',
    r.problem ? `问题 ${r.problem}` : '',
    r.reason ? `原因：${r.reason}` : '',
    r.after ? `改为 ${JSON.stringify(r.after)}` : '',
    r.target ? `针对 ${r.target}` : '',
  ].filter(Boolean);
  return e(parts.join('；') || '—');
}

export function renderConsoleAudit(view: AuditView, csrf: string): string {
  const { agency, action, outcome } = view.query;
  const rows = view.items
    .map(
      (r) =>
        `<tr><th scope="row">${e(r.at.slice(0, 19).replace('T', ' '))}</th><td>${e(r.actor)}</td><td>${e(ACTION_WORDS[r.action ?? 'upload'] ?? r.action ?? '')}</td><td>${e(OUTCOME_WORDS[r.outcome] ?? r.outcome)}（${r.status}）</td><td>${detail(r)}</td></tr>`,
    )
    .join('');
  const result = !agency
    ? `<p class="plain">请填写机关标识；管理登录的记录在 <a href="${href('/admin/audit', { agency: CONSOLE_AUDIT })}">${CONSOLE_AUDIT}</a> 之下。</p>`
    : view.items.length
      ? `<div class="scroll" role="region" aria-label="审计记录" tabindex="0"><table class="results"><caption>${e(agency)} 的审计记录（时间为 UTC，最新在前）</caption>
<thead><tr><th scope="col">时间</th><th scope="col">操作者</th><th scope="col">操作</th><th scope="col">结果</th><th scope="col">详情</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : '<p class="plain">没有符合条件的记录。</p>';
  const more = view.nextCursor
    ? `<p class="pager"><a href="${href('/admin/audit', { agency, action, outcome, cursor: view.nextCursor })}">更早的记录</a></p>`
    : '';
  const back = agency && agency !== CONSOLE_AUDIT ? `<p><a href="${href(agencyAdminPath(agency))}">回到该机关</a></p>` : '';
  return consolePage({
    title: '审计记录',
    csrf,
    current: '/admin/audit',
    main: `<h1>审计记录</h1>
<form method="get" action="/admin/audit" class="filters" role="search" aria-label="筛选审计记录">
<label for="audit-agency">机关标识<input id="audit-agency" name="agency" value="${e(agency ?? '')}" required maxlength="64"></label>
<label for="audit-action">操作<select id="audit-action" name="action">${options(ACTION_WORDS, action)}</select></label>
<label for="audit-outcome">结果<select id="audit-outcome" name="outcome">${options(OUTCOME_WORDS, outcome)}</select></label>
<button type="submit">查看</button>
</form>
${result}
${more}
${back}`,
  });
}

export interface ConsoleCoverageItem {
  agency: string;
  name: string;
  region: string | null;
  status: CoverageStatus;
  overdue: boolean;
  deadline: { date: string };
}

export interface ConsoleCoverageView {
  year: number;
  region?: string;
  items: ConsoleCoverageItem[];
  counts: Record<string, number>;
  nextCursor: string | null;
}

export function renderConsoleCoverage(view: ConsoleCoverageView, csrf: string): string {
  const { year, region } = view;
  const missing = view.items.filter((i) => i.status === 'missing');
  const rows = missing
    .map(
      (i) =>
        `<tr><th scope="row"><a href="${href(agencyAdminPath(i.agency))}">${e(i.name)}</a></th><td>${e(i.region ?? '—')}</td><td>${e(i.deadline.date)}</td><td>${i.overdue ? '已过期限' : '尚未到期'}</td></tr>`,
    )
    .join('');
  const table = missing.length
    ? `<div class="scroll" role="region" aria-label="尚未公开的机关" tabindex="0"><table class="results"><caption>尚未公开 ${year} 年度报告的机关（${missing.length} 个）</caption>
<thead><tr><th scope="col">机关</th><th scope="col">地区代码</th><th scope="col">法定期限</th><th scope="col">状态</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : `<p class="plain">本页的机关都已公开 ${year} 年度报告。</p>`;
  const counts = (Object.keys(STATUS_WORDS) as CoverageStatus[]).map((s) => `${STATUS_WORDS[s]} ${view.counts[s] ?? 0} 个`).join('，');
  const more = view.nextCursor ? `<p class="pager"><a href="${href('/admin/coverage', { year, region, cursor: view.nextCursor })}">下一页</a></p>` : '';
  return consolePage({
    title: '公开情况',
    csrf,
    current: '/admin/coverage',
    main: `<h1>${year} 年度报告公开情况${region ? `（${e(region)} 及下级）` : ''}</h1>
<form method="get" action="/admin/coverage" class="filters" aria-label="选择年度和地区">
<label for="cov-year">年度<input id="cov-year" name="year" value="${year}" inputmode="numeric" maxlength="4" pattern="[0-9]{4}"></label>
<label for="cov-region">地区代码（含下级）<input id="cov-region" name="region" value="${e(region ?? '')}" inputmode="numeric" maxlength="6" pattern="[0-9]{6}"></label>
<button type="submit">查看</button>
</form>
<p class="plain">本页 ${view.items.length} 个已登记机关：${counts}。</p>
${table}
${more}`,
  });
}
