import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { renderCheckPage } from '../../shared/site/check-page';
import { CHECK_JS } from '../../shared/site/check-script';
import { inspectHtml } from '../support/html-inspect';
import { defined } from '../support/defined';

describe('the /check page', () => {
  const html = renderCheckPage();

  it('loads its script by URL, with no inline script, style attribute or handler', () => {
    expect(html).toContain('<script src="/assets/check.js" defer></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son\w+=/);
  });

  it('labels every control', () => {
    const page = inspectHtml(html);
    const ids = [...html.matchAll(/<input [^>]*id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['file', 'agency-name', 'year', 'mode-publish', 'mode-history', 'token']);
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('<label for="file">选择报告文件：.txt .html .docx .doc .pdf</label>');
    expect(html).toContain('accept=".txt,.html,.htm,.docx,.doc,.pdf"');
    expect(page.tags.filter((t) => t === 'h1')).toHaveLength(1);
  });

  it('announces results politely, and asks for the token as a password that is not remembered', () => {
    // The verdict and the findings are announced; the tables (with their inputs) are not re-read on each check.
    expect(html).toMatch(/<section id="results"[^>]*>\s*<h2 id="results-h">检查结果<\/h2>\s*<div aria-live="polite">\s*<p id="verdict"/);
    expect(html).toContain('<label for="token">上传令牌</label>');
    expect(html).toMatch(/<input type="password" id="token" name="token" autocomplete="off"/);
  });

  it('tells a reader without JavaScript to check offline', () => {
    expect(html).toMatch(/<p class="needs-js" id="needs-js">[^<]*JavaScript[^<]*<code>npx gongkai validate/);
    // The drop zone needs the script, so it starts hidden.
    expect(html).toContain('<div class="drop" id="drop" hidden>');
  });

  it('gives the script the table names from keys.ts', () => {
    expect(html).toContain('data-table-names="{&quot;activeDisclosure&quot;:&quot;表二&quot;');
  });
});

describe('check.js', () => {
  it('is JavaScript that parses, and self-contained (no build helpers)', () => {
    expect(() => new Function(CHECK_JS)).not.toThrow();
    expect(CHECK_JS).not.toMatch(/\b__\w+\(|\brequire\(|\bimport\b/);
  });

  it('still runs when compiled with esbuild keepNames and minify (as tsx and bundlers do)', async () => {
    const source = readFileSync(new URL('../../shared/site/check-script.ts', import.meta.url), 'utf8');
    const out = await transform(source, { loader: 'ts', format: 'esm', keepNames: true, minify: true, target: 'es2022' });
    // keepNames did wrap something in this module (checkPage itself), just nothing inside the function.
    expect(out.code).toMatch(/"name",\{value:/);
    const mod = await import(`data:text/javascript,${encodeURIComponent(out.code)}`);
    const { els } = setup([], mod.CHECK_JS);
    expect(defined(els['needs-js']).hidden).toBe(true);
    expect(defined(els.drop).listeners.drop).toBeTypeOf('function');
  });

  it('sets markup only once, from the server-rendered report body, and stores nothing', () => {
    expect(CHECK_JS.match(/innerHTML/g)).toHaveLength(1);
    expect(CHECK_JS).toMatch(/\.innerHTML = v\.html;/);
    expect(CHECK_JS).not.toMatch(/localStorage|sessionStorage|document\.cookie|indexedDB|outerHTML|insertAdjacentHTML|document\.write/);
    expect(CHECK_JS).not.toMatch(/x-filename/i);
  });
});

// ---- the script run against a small fake DOM -------------------------------------------------

type Listener = (event: unknown) => unknown;

class FakeNode {
  children: (FakeNode | { text: string } | string)[] = [];
  listeners: Record<string, Listener> = {};
  attrs: Record<string, string> = {};
  dataset: Record<string, string> = {};
  className = '';
  hidden = false;
  disabled = false;
  value = '';
  href = '';
  files: unknown = null;
  markup: string | null = null;
  focused = false;
  private ownText = '';
  classList = { add: (c: string) => (this.className += ` ${c}`), remove: (c: string) => (this.className = this.className.replace(` ${c}`, '')) };
  constructor(readonly tag: string) {}
  set textContent(t: string) {
    this.ownText = t;
    this.children = [];
  }
  get textContent(): string {
    return this.ownText + this.children.map((c) => (typeof c === 'string' ? c : c instanceof FakeNode ? c.textContent : c.text)).join('');
  }
  set innerHTML(h: string) {
    this.markup = h;
  }
  append(...nodes: (FakeNode | { text: string } | string)[]) {
    this.children.push(...nodes);
  }
  replaceChildren() {
    this.children = [];
    this.ownText = '';
  }
  addEventListener(type: string, f: Listener) {
    this.listeners[type] = f;
  }
  setAttribute(k: string, v: string) {
    this.attrs[k] = v;
  }
  removeAttribute(k: string) {
    delete this.attrs[k];
  }
  focus() {
    this.focused = true;
  }
  getAttribute(k: string) {
    return this.attrs[k] ?? null;
  }
  querySelectorAll(_selector: string): FakeNode[] {
    return [];
  }
  all(): FakeNode[] {
    return [this, ...this.children.flatMap((c) => (c instanceof FakeNode ? c.all() : []))];
  }
}

function setup(responses: { status: number; type: string; body: unknown }[], js = CHECK_JS) {
  const ids = [
    'check-form',
    'file',
    'drop',
    'file-name',
    'agency-name',
    'year',
    'check-button',
    'results',
    'verdict',
    'details',
    'report-tables',
    'publish-form',
    'token',
    'publish-button',
    'publish-result',
    'needs-js',
    'typed-hint',
    'mode-history',
  ];
  const els: Record<string, FakeNode> = Object.fromEntries(ids.map((id) => [id, new FakeNode('x')]));
  defined(els.drop).hidden = true;
  defined(els.results).dataset.tableNames = JSON.stringify({ applications: '表三' });
  const created: FakeNode[] = [];
  const document = {
    getElementById: (id: string) => els[id] ?? null,
    createElement: (tag: string) => {
      const n = new FakeNode(tag);
      created.push(n);
      return n;
    },
    createTextNode: (text: string) => ({ text }),
  };
  const calls: { url: string; init: { method: string; body: unknown; headers: Record<string, string> } }[] = [];
  const fetch = async (url: string, init: (typeof calls)[number]['init']) => {
    calls.push({ url, init });
    const r = defined(responses.shift());
    return { ok: r.status < 400, status: r.status, headers: { get: () => r.type }, json: async () => r.body };
  };
  new Function('document', 'fetch', js)(document, fetch);
  return { els, calls, created };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
const submit = async (form: FakeNode) => {
  let prevented = false;
  await defined(form.listeners.submit)({ preventDefault: () => (prevented = true) });
  await settle();
  return prevented;
};

const FILE = { name: '报告 #1&2.docx', type: '', size: 4096 };
const HOSTILE = '<img src=x onerror=alert(1)>';

describe('check.js in a page', () => {
  it('hides the no-script note and shows the drop zone', () => {
    const { els } = setup([]);
    expect(defined(els['needs-js']).hidden).toBe(true);
    expect(defined(els.drop).hidden).toBe(false);
  });

  it('posts the file to the dry run with the filename in the query, and shows findings as text', async () => {
    const { els, calls, created } = setup([
      {
        status: 200,
        type: 'application/json',
        body: {
          ok: false,
          checked: true,
          unread: [],
          report: { title: `${HOSTILE}年度报告` },
          findings: [
            { rule: 'T3_BALANCE', severity: 'error', message: `总数对不上${HOSTILE}` },
            { rule: 'PLAUSIBILITY', severity: 'warning', message: '数字偏大' },
          ],
          messages: [],
          year: 2023,
          html: '<table><tr><td class="error">5</td></tr></table>',
        },
      },
    ]);
    defined(els.file).files = [FILE];
    defined(els['agency-name']).value = ' 某市&某局 ';
    defined(els.year).value = '2023';
    expect(await submit(defined(els['check-form']))).toBe(true);
    expect(calls).toHaveLength(1);
    expect(defined(calls[0]).url).toBe(
      `/v1/validate?view=html&filename=${encodeURIComponent(FILE.name)}&agencyName=${encodeURIComponent('某市&某局')}&year=2023`,
    );
    expect(defined(calls[0]).init.method).toBe('POST');
    expect(defined(calls[0]).init.body).toBe(FILE);
    expect(defined(calls[0]).init.headers).toEqual({ 'content-type': 'application/octet-stream' });
    expect(defined(els.verdict).textContent).toBe('发现 1 个错误、1 个提醒：请改正后再发布。');
    const details = defined(els.details).textContent;
    expect(details).toContain(`错误：总数对不上${HOSTILE} T3_BALANCE`);
    expect(details).toContain('提醒：数字偏大');
    expect(details).toContain(`读出的标题：${HOSTILE}年度报告（2023 年度）`);
    // Only the report body went in as markup.
    const withMarkup = created.filter((n) => n.markup !== null);
    expect(withMarkup.map((n) => n.markup)).toEqual(['<table><tr><td class="error">5</td></tr></table>']);
    expect(defined(els['report-tables']).all()).toContain(withMarkup[0]);
  });

  it('says a report whose tables were not read was not checked, and which tables', async () => {
    const { els } = setup([
      {
        status: 200,
        type: 'application/json',
        body: { ok: false, checked: false, unread: [{ table: 'applications', rows: ['granted', 'denied.stateSecret'] }], findings: [], messages: [] },
      },
    ]);
    defined(els.file).files = [FILE];
    await submit(defined(els['check-form']));
    expect(defined(els.verdict).textContent).toMatch(/^未能校验/);
    expect(defined(els.details).textContent).toContain('表三：2 行有格子没能读出');
  });

  it('says a passing report passed', async () => {
    const { els } = setup([{ status: 200, type: 'application/json', body: { ok: true, checked: true, unread: [], findings: [], messages: [] } }]);
    defined(els.file).files = [FILE];
    await submit(defined(els['check-form']));
    expect(defined(els.verdict).textContent).toBe('通过：表格全部读出，没有发现错误。');
  });

  it('shows a problem’s Chinese detail as text', async () => {
    const { els } = setup([
      { status: 422, type: 'application/problem+json', body: { type: 'urn:gongkai:problem:not-a-report', status: 422, detail: `这不是年度报告${HOSTILE}` } },
    ]);
    defined(els.file).files = [FILE];
    await submit(defined(els['check-form']));
    expect(defined(els.verdict).textContent).toBe(`没有完成检查：这不是年度报告${HOSTILE}`);
  });

  it('asks for a file before checking', async () => {
    const { els, calls } = setup([]);
    await submit(defined(els['check-form']));
    expect(calls).toHaveLength(0);
    expect(defined(els.verdict).textContent).toBe('请先选择报告文件。');
    expect(defined(els.file).focused).toBe(true);
  });

  it('checks a dropped file at once', async () => {
    const { els, calls } = setup([{ status: 200, type: 'application/json', body: { ok: true, checked: true, unread: [], findings: [], messages: [] } }]);
    const files = Object.assign([FILE], { item: () => FILE });
    await defined(defined(els.drop).listeners.drop)({ preventDefault() {}, dataTransfer: { files } });
    await settle();
    expect(calls).toHaveLength(1);
    expect(defined(calls[0]).init.body).toBe(FILE);
  });

  it('publishes with the token as a bearer header, links the report, and forgets the token', async () => {
    const { els, calls } = setup([{ status: 201, type: 'application/json', body: { agency: 'gz/th', year: 2023, version: 3, checked: true, findings: [] } }]);
    defined(els.file).files = [FILE];
    defined(els.token).value = 'tok-123';
    defined(els.year).value = '2023';
    await submit(defined(els['publish-form']));
    expect(defined(calls[0]).url).toBe(`/v1/reports?filename=${encodeURIComponent(FILE.name)}&year=2023`);
    expect(defined(calls[0]).init.headers).toEqual({ 'content-type': 'application/octet-stream', authorization: 'Bearer tok-123' });
    expect(defined(els['publish-result']).textContent).toBe('已发布：第 3 版。 查看 2023 年度报告页');
    const link = defined(
      defined(els['publish-result'])
        .all()
        .find((n) => n.tag === 'a'),
    );
    expect(link.href).toBe('/reports/gz%2Fth/2023');
    expect(defined(els.token).value).toBe('');
  });

  it('shows why a publish was refused, and keeps nothing without a token', async () => {
    const { els, calls } = setup([{ status: 401, type: 'application/problem+json', body: { detail: '令牌无效' } }]);
    defined(els.file).files = [FILE];
    await submit(defined(els['publish-form']));
    expect(calls).toHaveLength(0);
    expect(defined(els['publish-result']).textContent).toBe('请填写上传令牌。');
    defined(els.token).value = 'bad';
    await submit(defined(els['publish-form']));
    expect(defined(els['publish-result']).textContent).toBe('没有发布：令牌无效');
  });
});
