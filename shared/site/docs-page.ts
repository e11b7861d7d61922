import { escapeHtml as e } from '../render/escape';
import { page } from './layout';

export interface DocsView {
  routes: { method: string; path: string; summary: string; who: string }[];
}

/** The API in one table, for people; machines read /v1/openapi.json. */
export function renderDocsPage(view: DocsView): string {
  const api = view.routes.filter((r) => r.path.startsWith('/v1'));
  const rows = api.map((r) => `<tr><th scope="row"><code>${e(r.method)} ${e(r.path)}</code></th><td>${e(r.who)}</td><td>${e(r.summary)}</td></tr>`).join('\n');
  return page({
    title: '接口文档',
    main: `<h1>接口文档</h1>
<p class="plain">完整的 OpenAPI 3.1 描述见 <a href="/v1/openapi.json">/v1/openapi.json</a>，与服务端校验请求所用的规则出自同一处。上传需要机关的上传令牌（<code>Authorization: Bearer gk_…</code>）；错误以 RFC 9457 <code>application/problem+json</code> 返回，<code>detail</code> 为中文说明。</p>
<div class="scroll" role="region" aria-label="接口一览" tabindex="0"><table>
<caption>接口一览</caption>
<thead><tr><th scope="col">接口</th><th scope="col">调用者</th><th scope="col">说明</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`,
  });
}
