import { problemType } from '../shared/archive/errors';

/**
 * The archive's HTTP API as the bulk importer uses it: plain fetch, so it works the same against
 * `npm start` and a deployed API. Busy answers (429, 503, a version conflict) and network failures
 * are retried with backoff; everything else is handed back as it came.
 */

export interface ApiAnswer {
  status: number;
  /** parsed JSON body (problem+json included), when there is one */
  json?: Record<string, unknown> & { detail?: string };
  /** what went wrong when there was no answer at all (network), in Chinese */
  failure?: string;
}

export interface RetryPolicy {
  /** attempts in all, the first included */
  tries: number;
  /** the first backoff without Retry-After, doubled each time */
  baseMs: number;
  /** a Retry-After longer than this is not waited for: the answer is returned as it is */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 5, baseMs: 500, maxWaitMs: 60_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Busy, not wrong: the same request may succeed later (uploads are idempotent by their bytes). */
export const isBusy = (a: ApiAnswer) =>
  a.failure !== undefined || a.status === 429 || a.status === 503 || (a.status === 409 && a.json?.type === problemType('version-conflict'));

/** Retry-After in seconds (the archive sends seconds; an HTTP date is honoured too). */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function once(url: string, init: RequestInit): Promise<ApiAnswer & { retryAfterMs?: number }> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { status: 0, failure: `无法连接 ${new URL(url).origin}：${cause?.code ?? cause?.message ?? (err as Error).message}` };
  }
  const text = await res.text().catch(() => '');
  let json: ApiAnswer['json'];
  if (text && (res.headers.get('content-type') ?? '').includes('json')) {
    try {
      json = JSON.parse(text);
    } catch {
      // An answer that is not the JSON it says it is: the status alone speaks.
    }
  }
  return { status: res.status, json, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) };
}

/** One request, retried while the archive is busy or unreachable, within the policy. */
export async function request(url: string, init: RequestInit, policy: RetryPolicy = DEFAULT_RETRY): Promise<ApiAnswer> {
  for (let attempt = 1; ; attempt++) {
    const { retryAfterMs: after, ...answer } = await once(url, init);
    if (!isBusy(answer) || attempt >= policy.tries) return answer;
    const wait = after ?? policy.baseMs * 2 ** (attempt - 1);
    // An hour's upload limit is not waited out by a bulk run: the row says so and a later run resumes.
    if (wait > policy.maxWaitMs) return answer;
    await sleep(wait);
  }
}

export class ArchiveClient {
  constructor(
    readonly endpoint: string,
    readonly policy: RetryPolicy = DEFAULT_RETRY,
  ) {}

  private url(path: string, query: Record<string, string | undefined> = {}) {
    const u = new URL(path, `${this.endpoint.replace(/\/+$/, '')}/`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  /** The sha256 of every version the archive holds for the agency-year that is not withdrawn; empty when none. */
  async storedHashes(agency: string, year: number): Promise<{ ok: true; hashes: Map<string, number> } | { ok: false; answer: ApiAnswer }> {
    const a = await request(this.url(`v1/reports/${encodeURIComponent(agency)}/${year}/versions`), { headers: { accept: 'application/json' } }, this.policy);
    if (a.status === 404) return { ok: true, hashes: new Map() };
    if (a.status !== 200 || !Array.isArray(a.json?.versions)) return { ok: false, answer: a };
    const hashes = new Map<string, number>();
    for (const v of a.json.versions as { version: number; sha256: string; withdrawn?: unknown }[]) if (!v.withdrawn) hashes.set(v.sha256, v.version);
    return { ok: true, hashes };
  }

  /** POST /v1/reports: the raw bytes, at most the direct limit. */
  upload(token: string, bytes: Uint8Array, q: { filename: string; agency?: string; year?: number; strict: boolean }): Promise<ApiAnswer> {
    const url = this.url('v1/reports', {
      filename: q.filename,
      agency: q.agency,
      year: q.year === undefined ? undefined : String(q.year),
      strict: q.strict ? undefined : 'false',
    });
    return request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: bytes },
      this.policy,
    );
  }

  /**
   * A file over the direct limit: announce it (POST /v1/uploads), PUT it to the presigned URL, then
   * wait for the ingest's outcome. Answers like a direct upload: 200/201 with the stored version, or
   * the problem the ingest recorded with its status.
   */
  async largeUpload(
    token: string,
    bytes: Uint8Array,
    q: { filename: string; contentType: string },
    pollMs = 1000,
    timeoutMs = 10 * 60_000,
  ): Promise<ApiAnswer> {
    const auth = { authorization: `Bearer ${token}` };
    const started = await request(
      this.url('v1/uploads'),
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ filename: q.filename, contentType: q.contentType, size: bytes.length }),
      },
      this.policy,
    );
    if (started.status !== 201 || typeof started.json?.url !== 'string') return started;
    const { id, url, headers } = started.json as { id: string; url: string; headers: Record<string, string> };
    // The length is signed and fetch sets it from the body; only the type is ours to send.
    const put = await request(url, { method: 'PUT', headers: { 'content-type': headers['content-type'] ?? q.contentType }, body: bytes }, this.policy);
    if (put.failure) return put;
    if (put.status >= 300) return { status: put.status, json: { detail: `大文件上传到存储地址失败（HTTP ${put.status}）` } };
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const r = await request(this.url(`v1/uploads/${id}`), { headers: auth }, this.policy);
      if (r.status !== 200) return r;
      const status = r.json?.status;
      if (status === 'stored') {
        const result = r.json?.result as Record<string, unknown> & { status: number };
        return { status: result.status, json: result };
      }
      if (status === 'refused') {
        const problem = r.json?.problem as Record<string, unknown> & { status: number; detail?: string };
        return { status: problem.status, json: problem };
      }
      await sleep(pollMs);
    }
    return { status: 0, failure: `大文件已上传，但 ${timeoutMs / 60_000} 分钟内未处理完（上传编号 ${id}），请稍后重新运行导入` };
  }

  /** A fresh upload token for the agency (admin): the admin token itself is no upload credential. */
  issueToken(admin: string, agency: string): Promise<ApiAnswer> {
    return request(
      this.url(`v1/agencies/${encodeURIComponent(agency)}/tokens`),
      { method: 'POST', headers: { authorization: `Bearer ${admin}` } },
      this.policy,
    );
  }

  revokeToken(admin: string, agency: string, tokenId: string): Promise<ApiAnswer> {
    return request(
      this.url(`v1/agencies/${encodeURIComponent(agency)}/tokens/${encodeURIComponent(tokenId)}`),
      { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } },
      this.policy,
    );
  }
}
