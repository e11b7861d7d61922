/**
 * The browser side of /check, served as /assets/check.js (the CSP allows scripts from our origin
 * only, never inline). `checkPage` runs in the browser as it is written here, so it must stay
 * self-contained: no imports and no names from this module at run time (types are erased, so the
 * interfaces below are fine). Data from a response reaches the page only as textContent; the one
 * exception is the report body the server rendered with its escaping renderer.
 *
 * The DOM surface it uses is declared here, narrowly, instead of `/// <reference lib="dom" />`: that
 * directive puts the DOM library into the whole program, and its fetch/Blob types then break the
 * Node code's type check.
 */

interface FileLike {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

interface FileListLike {
  readonly length: number;
  readonly [index: number]: FileLike;
}

interface El {
  textContent: string | null;
  className: string;
  hidden: boolean;
  innerHTML: string;
  readonly dataset: Record<string, string | undefined>;
  readonly classList: { add(name: string): void; remove(name: string): void };
  append(...nodes: (El | Text | string)[]): void;
  replaceChildren(): void;
  addEventListener(type: string, listener: (event: DomEvent) => void): void;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  focus(): void;
}

interface Text {
  readonly data: string;
}

interface InputEl extends El {
  value: string;
  files: FileListLike | null;
}

interface ButtonEl extends El {
  disabled: boolean;
}

interface AnchorEl extends El {
  href: string;
}

interface DomEvent {
  preventDefault(): void;
  readonly dataTransfer?: { readonly files: FileListLike } | null;
}

interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

declare const document: {
  getElementById(id: string): El | null;
  createElement(tag: string): El;
  createTextNode(text: string): Text;
};

declare function fetch(url: string, init: { method: 'POST'; body: FileLike; headers: Record<string, string>; cache: 'no-store' }): Promise<ResponseLike>;

interface FindingView {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

interface MessageView {
  level: 'error' | 'warning' | 'info';
  message: string;
}

interface VerdictView {
  ok: boolean;
  checked: boolean;
  unread: { table: string; rows?: string[] }[];
  report?: { title?: string; agency?: string; year?: number | null };
  findings: FindingView[];
  messages: MessageView[];
  year?: number | null;
  html?: string;
}

interface PublishView {
  agency: string;
  year: number;
  version: number;
  hasErrors?: boolean;
  checked?: boolean;
  findings?: FindingView[];
}

type Answer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; detail: string };

// Helpers are methods of one object, never named function bindings: esbuild's keepNames (tsx, some
// bundlers) wraps a named binding in a module-level helper the browser lacks, but leaves methods alone.
function checkPage(): void {
  const form = document.getElementById('check-form');
  if (!form) return;
  const fileInput = document.getElementById('file') as InputEl;
  const drop = document.getElementById('drop') as El;
  const fileName = document.getElementById('file-name') as El;
  const agencyInput = document.getElementById('agency-name') as InputEl;
  const yearInput = document.getElementById('year') as InputEl;
  const checkButton = document.getElementById('check-button') as ButtonEl;
  const results = document.getElementById('results') as El;
  const verdict = document.getElementById('verdict') as El;
  const details = document.getElementById('details') as El;
  const tables = document.getElementById('report-tables') as El;
  const publishForm = document.getElementById('publish-form') as El;
  const tokenInput = document.getElementById('token') as InputEl;
  const publishButton = document.getElementById('publish-button') as ButtonEl;
  const publishResult = document.getElementById('publish-result') as El;

  // The page says it needs JavaScript until this line runs; dragging a file only works from here on.
  const needsJs = document.getElementById('needs-js');
  if (needsJs) needsJs.hidden = true;
  drop.hidden = false;

  let tableNames: Record<string, string> = {};
  try {
    tableNames = JSON.parse(results.dataset.tableNames || '{}');
  } catch {
    tableNames = {};
  }

  let dropped: FileLike | null = null;
  const levelWords: Record<string, string> = { error: '错误', warning: '提醒', info: '说明' };

  const ui = {
    currentFile(): FileLike | null {
      return dropped || fileInput.files?.[0] || null;
    },

    make(tag: string, text?: string, className?: string): El {
      const node = document.createElement(tag);
      if (text !== undefined) node.textContent = text;
      if (className) node.className = className;
      return node;
    },

    showFile(file: FileLike | null): void {
      fileName.textContent = file ? `已选择：${file.name}（${Math.max(1, Math.round(file.size / 1024))} KB）` : '';
    },

    query(file: FileLike, extra: Record<string, string>): string {
      const parts = [`filename=${encodeURIComponent(file.name)}`];
      for (const key of Object.keys(extra)) if (extra[key]) parts.push(`${key}=${encodeURIComponent(extra[key] as string)}`);
      return parts.join('&');
    },

    /** A problem+json (or any failure) becomes its Chinese detail; success its JSON body. */
    async readAnswer<T>(res: ResponseLike): Promise<Answer<T>> {
      const type = res.headers.get('content-type') || '';
      let body: unknown = null;
      try {
        body = await res.json();
      } catch {
        body = null;
      }
      if (!res.ok || type.indexOf('application/problem+json') >= 0) {
        const detail = body && typeof (body as { detail?: unknown }).detail === 'string' ? (body as { detail: string }).detail : '';
        return { ok: false, status: res.status, detail: detail || `请求没有完成（HTTP ${res.status}），请稍后重试。` };
      }
      return { ok: true, status: res.status, body: body as T };
    },

    async post<T>(url: string, file: FileLike, headers: Record<string, string>): Promise<Answer<T>> {
      try {
        const res = await fetch(url, {
          method: 'POST',
          body: file,
          headers: { 'content-type': file.type || 'application/octet-stream', ...headers },
          cache: 'no-store',
        });
        return await ui.readAnswer<T>(res);
      } catch (err) {
        return { ok: false, status: 0, detail: `无法连接服务器：${err instanceof Error ? err.message : String(err)}` };
      }
    },

    list(heading: string, items: El[], ordered: boolean): void {
      if (!items.length) return;
      details.append(ui.make('h3', heading));
      const l = ui.make(ordered ? 'ol' : 'ul');
      for (const item of items) l.append(item);
      details.append(l);
    },

    findingItem(f: FindingView): El {
      const li = ui.make('li', undefined, f.severity === 'error' ? 'error' : 'warning');
      li.append(ui.make('strong', f.severity === 'error' ? '错误' : '提醒'), document.createTextNode(`：${f.message} `), ui.make('span', f.rule, 'rule'));
      return li;
    },

    showVerdict(v: VerdictView): void {
      const findings = Array.isArray(v.findings) ? v.findings : [];
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.length - errors;
      let sentence: string;
      if (v.ok) sentence = `通过：表格全部读出，没有发现错误${warnings ? `；有 ${warnings} 个提醒，请看一看` : ''}。`;
      else if (!v.checked) sentence = `未能校验：有表格或行没有读出，不能核对全部数字${errors ? `；在读出的部分发现 ${errors} 个错误` : ''}。`;
      else sentence = `发现 ${errors} 个错误${warnings ? `、${warnings} 个提醒` : ''}：请改正后再发布。`;
      verdict.textContent = sentence;
      verdict.className = v.ok ? 'verdict ok' : 'verdict bad';

      const report = v.report || {};
      const year = v.year || report.year;
      if (report.title) details.append(ui.make('p', `读出的标题：${report.title}${year ? `（${year} 年度）` : ''}`, 'plain'));
      ui.list(
        '没有读出的部分',
        (Array.isArray(v.unread) ? v.unread : []).map((u) =>
          ui.make('li', `${tableNames[u.table] || u.table}：${u.rows ? `${u.rows.length} 行有格子没能读出` : '整张表没能读出'}`),
        ),
        false,
      );
      ui.list(
        '发现的问题',
        findings.map((f) => ui.findingItem(f)),
        true,
      );
      ui.list(
        '读取时的说明',
        (Array.isArray(v.messages) ? v.messages : []).map((m) => {
          const li = ui.make('li');
          li.append(ui.make('strong', levelWords[m.level] || m.level), document.createTextNode(`：${m.message}`));
          return li;
        }),
        false,
      );
      if (typeof v.html === 'string' && v.html) {
        tables.append(ui.make('h3', '报告表格（有问题的格子已标出）'));
        const body = ui.make('div');
        // Safe: this markup is the server's own report renderer output, where every text taken from the
        // document was escaped; it is never built here from response fields.
        body.innerHTML = v.html;
        tables.append(body);
      }
    },

    async runCheck(): Promise<void> {
      const file = ui.currentFile();
      details.replaceChildren();
      tables.replaceChildren();
      verdict.className = 'verdict';
      if (!file) {
        verdict.textContent = '请先选择报告文件。';
        fileInput.focus();
        return;
      }
      checkButton.disabled = true;
      results.setAttribute('aria-busy', 'true');
      verdict.textContent = `正在检查 ${file.name}……`;
      const q = ui.query(file, { agencyName: agencyInput.value.trim(), year: yearInput.value.trim() });
      const answer = await ui.post<VerdictView>(`/v1/validate?view=html&${q}`, file, {});
      results.removeAttribute('aria-busy');
      checkButton.disabled = false;
      if (answer.ok) ui.showVerdict(answer.body);
      else {
        verdict.textContent = `没有完成检查：${answer.detail}`;
        verdict.className = 'verdict bad';
      }
    },

    async publish(): Promise<void> {
      publishResult.replaceChildren();
      const file = ui.currentFile();
      if (!file) {
        publishResult.textContent = '请先在上面选择报告文件。';
        fileInput.focus();
        return;
      }
      // Read at the moment of sending and never kept: not in storage, not in a variable that outlives this call.
      const token = tokenInput.value.trim();
      if (!token) {
        publishResult.textContent = '请填写上传令牌。';
        tokenInput.focus();
        return;
      }
      publishButton.disabled = true;
      publishResult.textContent = `正在发布 ${file.name}……`;
      const answer = await ui.post<PublishView>(`/v1/reports?${ui.query(file, { year: yearInput.value.trim() })}`, file, { authorization: `Bearer ${token}` });
      publishButton.disabled = false;
      if (!answer.ok) {
        publishResult.textContent = `没有发布：${answer.detail}`;
        return;
      }
      tokenInput.value = '';
      const r = answer.body;
      const errors = (r.findings || []).filter((f) => f.severity === 'error').length;
      const note = r.checked === false ? '（表格未能全部读出，已按“未能校验”收录）' : errors ? `（发现 ${errors} 个错误）` : '';
      publishResult.textContent = answer.status === 201 ? `已发布：第 ${r.version} 版${note}。` : `这份文件此前已经发布：第 ${r.version} 版。`;
      const link = document.createElement('a') as AnchorEl;
      link.href = `/reports/${encodeURIComponent(r.agency)}/${encodeURIComponent(String(r.year))}`;
      link.textContent = `查看 ${r.year} 年度报告页`;
      publishResult.append(' ', link);
    },

    dragOver(event: DomEvent): void {
      event.preventDefault();
      drop.classList.add('over');
    },
  };

  fileInput.addEventListener('change', () => {
    dropped = null;
    ui.showFile(ui.currentFile());
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void ui.runCheck();
  });

  drop.addEventListener('dragenter', (event) => ui.dragOver(event));
  drop.addEventListener('dragover', (event) => ui.dragOver(event));
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const files = event.dataTransfer ? event.dataTransfer.files : null;
    if (!files?.length) return;
    dropped = files[0] as FileLike;
    try {
      fileInput.files = files;
      dropped = null;
    } catch {
      // Older browsers cannot set a file input's list: keep the dropped file aside instead.
    }
    ui.showFile(ui.currentFile());
    void ui.runCheck();
  });

  publishForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void ui.publish();
  });
}

/** The script as served: the function's own source, called once. */
export const CHECK_JS = `(${checkPage.toString()})();\n`;
