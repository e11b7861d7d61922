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

import type { Answer, FindingView, PublishView, StartedUpload, UploadStatus, VerdictView } from './check-views';

export interface FileLike {
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
  querySelectorAll(selector: string): ArrayLike<InputEl>;
  addEventListener(type: string, listener: (event: DomEvent) => void): void;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  getAttribute(name: string): string | null;
  focus(): void;
}

interface Text {
  readonly data: string;
}

interface InputEl extends El {
  value: string;
  name: string;
  checked: boolean;
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

declare class FormData {
  append(name: string, value: FileLike | string, filename?: string): void;
}

declare function fetch(
  url: string,
  init: { method: 'POST' | 'PUT' | 'GET'; body?: FileLike | FormData | string; headers: Record<string, string>; cache: 'no-store' },
): Promise<ResponseLike>;

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
  const typedHint = document.getElementById('typed-hint') as El;
  const importMode = document.getElementById('mode-history') as InputEl;
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
  // Over this a file cannot be sent in one request: it goes through /v1/uploads (presign, PUT, poll).
  const directLimit = Number(results.dataset.directLimit) || 4 * 1024 * 1024;

  let dropped: FileLike | null = null;
  let typedTimer: ReturnType<typeof setTimeout> | undefined;
  let checkRun = 0;
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

    /** The 年度 field as a year, or nothing when it is empty or not four digits. */
    year(): string {
      const y = yearInput.value.trim();
      return /^\d{4}$/.test(y) ? y : '';
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

    async send<T>(
      url: string,
      method: 'POST' | 'PUT' | 'GET',
      body: FileLike | FormData | string | undefined,
      headers: Record<string, string>,
    ): Promise<Answer<T>> {
      try {
        return await ui.readAnswer<T>(await fetch(url, { method, body, headers, cache: 'no-store' }));
      } catch (err) {
        return { ok: false, status: 0, detail: `无法连接服务器：${err instanceof Error ? err.message : String(err)}` };
      }
    },

    post<T>(url: string, file: FileLike, headers: Record<string, string>): Promise<Answer<T>> {
      return ui.send<T>(url, 'POST', file, { 'content-type': file.type || 'application/octet-stream', ...headers });
    },

    /** The numbers typed into the unread cells, by canonical key; a cell that is not a number is marked and named. */
    typedCells(): { cells: Record<string, number>; bad: string[] } {
      const cells: Record<string, number> = {};
      const bad: string[] = [];
      const inputs = tables.querySelectorAll('input.cell-input');
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i] as InputEl;
        // Full-width digits and separators as typed on a Chinese keyboard count as digits.
        const text = input.value.replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, '');
        if (text === '') {
          input.removeAttribute('aria-invalid');
          continue;
        }
        const n = Number(text);
        if (Number.isFinite(n)) {
          input.removeAttribute('aria-invalid');
          cells[input.name] = n;
        } else {
          input.setAttribute('aria-invalid', 'true');
          bad.push(input.getAttribute('aria-label') || input.name);
        }
      }
      return { cells, bad };
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
      const messages = Array.isArray(v.messages) ? v.messages : [];
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.length - errors;
      const typed = Array.isArray(v.entered) ? v.entered.length : 0;
      const typedNote = typed ? `（按您补录的 ${typed} 格核对）` : '';
      let sentence: string;
      if (v.ok) sentence = `通过${typedNote}：表格全部读出，没有发现错误${warnings ? `；有 ${warnings} 个提醒，请看一看` : ''}。`;
      else if (!v.checked) sentence = `未能校验${typedNote}：有表格或行没有读出，不能核对全部数字${errors ? `；在读出的部分发现 ${errors} 个错误` : ''}。`;
      else sentence = `发现 ${errors} 个错误${warnings ? `、${warnings} 个提醒` : ''}${typedNote}：请改正后再发布。`;
      // A scan is said first: nothing else on the page makes sense until the clerk knows why nothing was read.
      if (messages.some((m) => m.code === 'IMAGE_ONLY'))
        sentence = `这是扫描件（图片）PDF，读不出文字，表格无法自动读出。最好改交 Word 或网页版本；也可以在下面的表格中按原件填写数字后发布。${sentence}`;
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
        messages.map((m) => {
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
        typedHint.hidden = tables.querySelectorAll('input.cell-input').length === 0;
      }
    },

    async runCheck(): Promise<void> {
      const file = ui.currentFile();
      details.replaceChildren();
      tables.replaceChildren();
      typedHint.hidden = true;
      verdict.className = 'verdict';
      checkRun++;
      if (!file) {
        verdict.textContent = '请先选择报告文件。';
        fileInput.focus();
        return;
      }
      if (file.size > directLimit) {
        verdict.textContent = `这份文件有 ${(file.size / 1024 / 1024).toFixed(1)} MB，超过 ${Math.round(directLimit / 1024 / 1024)} MB，不能在本页预先检查：请在下面直接发布，发布时会上传并按同样的规则检查。`;
        return;
      }
      checkButton.disabled = true;
      results.setAttribute('aria-busy', 'true');
      verdict.textContent = `正在检查 ${file.name}……`;
      const q = ui.query(file, { agencyName: agencyInput.value.trim(), year: ui.year() });
      const answer = await ui.post<VerdictView>(`/v1/validate?view=html&${q}`, file, {});
      results.removeAttribute('aria-busy');
      checkButton.disabled = false;
      if (answer.ok) ui.showVerdict(answer.body);
      else {
        verdict.textContent = `没有完成检查：${answer.detail}`;
        verdict.className = 'verdict bad';
      }
    },

    /** The same dry run with the typed cells in the form: the archive's rules, never a copy of them here. */
    async recheck(): Promise<void> {
      const file = ui.currentFile();
      if (!file) return;
      const { cells, bad } = ui.typedCells();
      const run = ++checkRun;
      if (bad.length) {
        verdict.textContent = `这些格子填写的不是数字：${bad.join('、')}。请只填写数字。`;
        verdict.className = 'verdict bad';
        return;
      }
      const data = new FormData();
      data.append('file', file, file.name);
      data.append('cells', JSON.stringify(cells));
      const q = ui.query(file, { agencyName: agencyInput.value.trim(), year: ui.year() });
      const answer = await ui.send<VerdictView>(`/v1/validate?${q}`, 'POST', data, {});
      // A later keystroke's check has started: this answer is already out of date.
      if (run !== checkRun) return;
      details.replaceChildren();
      if (answer.ok) ui.showVerdict(answer.body);
      else {
        verdict.textContent = `补录的数字没有通过检查：${answer.detail}`;
        verdict.className = 'verdict bad';
      }
    },

    /** A file over the direct limit: announced, PUT to its presigned URL, then the ingest's outcome, polled. */
    async publishLarge(file: FileLike, auth: Record<string, string>, strict: boolean): Promise<Answer<PublishView>> {
      const year = ui.year();
      const body = JSON.stringify({
        filename: file.name,
        contentType: file.type || 'application/octet-stream',
        size: file.size,
        ...(year ? { year: Number(year) } : {}),
        ...(strict ? {} : { strict: false }),
      });
      const started = await ui.send<StartedUpload>('/v1/uploads', 'POST', body, { 'content-type': 'application/json', ...auth });
      if (!started.ok) return started;
      publishResult.textContent = `正在上传 ${file.name}（${(file.size / 1024 / 1024).toFixed(1)} MB）……`;
      const put = await ui.send<unknown>(started.body.url, 'PUT', file, { 'content-type': started.body.headers['content-type'] || 'application/octet-stream' });
      if (!put.ok && put.status !== 200)
        return { ok: false, status: put.status, detail: put.status ? `文件没有上传成功（HTTP ${put.status}），请重试。` : put.detail };
      publishResult.textContent = `已上传 ${file.name}，正在读取和检查……`;
      for (let i = 0; i < 300; i++) {
        const s = await ui.send<UploadStatus>(`/v1/uploads/${encodeURIComponent(started.body.id)}`, 'GET', undefined, auth);
        if (!s.ok) return s;
        if (s.body.status === 'stored' && s.body.result) return { ok: true, status: s.body.result.status, body: s.body.result };
        if (s.body.status === 'refused') return { ok: false, status: 422, detail: s.body.problem?.detail || '文件没有通过检查，未保存。' };
        await new Promise((done) => setTimeout(done, i < 10 ? 500 : 2000));
      }
      return { ok: false, status: 0, detail: '文件已上传，但检查还没有结束：请稍后在本机关的报告页查看。' };
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
      const typed = ui.typedCells();
      if (typed.bad.length) {
        publishResult.textContent = `没有发布：这些格子填写的不是数字：${typed.bad.join('、')}。`;
        return;
      }
      const strict = !importMode.checked;
      const auth = { authorization: `Bearer ${token}` };
      publishButton.disabled = true;
      publishResult.textContent = `正在发布 ${file.name}……`;
      const answer =
        file.size > directLimit
          ? await ui.publishLarge(file, auth, strict)
          : await ui.post<PublishView>(`/v1/reports?${ui.query(file, { year: ui.year(), strict: strict ? '' : 'false' })}`, file, auth);
      let r = answer.ok ? answer.body : undefined;
      let done = r ? (answer.status === 201 ? `已发布：第 ${r.version} 版` : `这份文件此前已经发布：第 ${r.version} 版`) : '';
      // The typed cells go in as the next version of the same file, marked as entered by the agency.
      const keys = Object.keys(typed.cells);
      if (r && keys.length && r.checked === false) {
        const path = `/v1/reports/${encodeURIComponent(r.agency)}/${encodeURIComponent(String(r.year))}/versions/${r.version}/cells`;
        const filled = await ui.send<PublishView>(path, 'POST', JSON.stringify({ cells: typed.cells, ...(strict ? {} : { strict: false }) }), {
          'content-type': 'application/json',
          ...auth,
        });
        if (!filled.ok) done += `；补录的数字没有收录：${filled.detail}`;
        else {
          r = filled.body;
          done += `；已收录您补录的 ${keys.length} 格：第 ${r.version} 版`;
        }
      }
      publishButton.disabled = false;
      if (!answer.ok || !r) {
        publishResult.textContent = `没有发布：${answer.ok ? '' : answer.detail}`;
        return;
      }
      tokenInput.value = '';
      const errors = (r.findings || []).filter((f) => f.severity === 'error').length;
      const note = r.checked === false ? '（表格未能全部读出，已按“未能校验”收录）' : errors ? `（发现 ${errors} 个错误）` : '';
      publishResult.textContent = `${done}${note}。`;
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

  // Typing in an unread cell reruns the checks a moment after the last keystroke.
  tables.addEventListener('input', () => {
    if (typedTimer !== undefined) clearTimeout(typedTimer);
    typedTimer = setTimeout(() => void ui.recheck(), 400);
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
