import type { IncomingObjects } from '../storage/ports';
import { audited, recordAudit } from './audit';
import { AppError, notFound, problemType, unauthorized } from './errors';
import { INCOMING_PREFIX } from './keys';
import type { ArchivePorts } from './ports';
import { submitReport } from './submit-report';
import { takeUploadSlot } from './upload-limit';
import type { Agency, UploadOutcome, UploadProblem, UploadRecord } from './types';
import { problemSpec, problemStatus } from './problem-catalogue';

/**
 * Large uploads: a report over the 4 MiB a Lambda request can carry is PUT straight to S3 with a
 * presigned URL, into incoming/{agency}/{id}; the object's creation starts the ingest, which runs
 * the same submit use case as a direct upload and records the outcome on the upload record.
 */
export const MAX_LARGE_UPLOAD_BYTES = 50 * 1024 * 1024;
export const UPLOAD_URL_SECONDS = 15 * 60;

export { INCOMING_PREFIX };
export const incomingKey = (agency: string, id: string) => `${INCOMING_PREFIX}${agency}/${id}`;

/** The upload an incoming key belongs to; anything else under incoming/ is not ours to read. */
export function parseIncomingKey(key: string): { agency: string; id: string } | undefined {
  const [, agency, id] = /^incoming\/([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)\/([0-9a-f-]{36})$/.exec(key) ?? [];
  return agency !== undefined && id !== undefined ? { agency, id } : undefined;
}

export const uploadLink = (id: string) => `/v1/uploads/${id}`;

export const uploadTooLarge = () =>
  new AppError('payload-too-large', `文件超过 ${MAX_LARGE_UPLOAD_BYTES / 1024 / 1024} MB 的大文件上传上限：请压缩 PDF 中的图片，或删去与年报无关的附件后重试`, {
    limitBytes: MAX_LARGE_UPLOAD_BYTES,
  });

export interface UploadRequest {
  filename: string;
  contentType: string;
  size: number;
  /** as a direct upload's year and strict: a large scan with no stated year must be storable too */
  year?: number;
  strict?: boolean;
}

/**
 * Records the upload as pending, then signs a PUT for exactly its type and size. A large upload is
 * an upload of the hour like a direct one: its slot is taken here, once (429 over the limit), and
 * the ingest takes none.
 */
export async function startUpload(
  ports: ArchivePorts,
  incoming: IncomingObjects,
  caller: { agency: Agency; tokenId: string },
  req: UploadRequest,
  limits: { uploadsPerHour: number },
) {
  if (req.size > MAX_LARGE_UPLOAD_BYTES) throw uploadTooLarge();
  await takeUploadSlot(ports, caller.agency.id, limits.uploadsPerHour);
  const id = ports.newId();
  const now = ports.now();
  const expiresAt = new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
  const key = incomingKey(caller.agency.id, id);
  // The record comes first: the object's event must find it however soon the client PUTs.
  const record: UploadRecord = {
    id,
    agency: caller.agency.id,
    tokenId: caller.tokenId,
    filename: req.filename,
    contentType: req.contentType,
    size: req.size,
    ...(req.year === undefined ? {} : { year: req.year }),
    ...(req.strict === undefined ? {} : { strict: req.strict }),
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt,
  };
  await ports.index.putUpload(record);
  const url = await incoming.presignPut(key, { contentType: req.contentType, size: req.size, expiresInSeconds: UPLOAD_URL_SECONDS });
  return {
    id,
    url,
    method: 'PUT' as const,
    // Signed: a PUT with another type or length is refused by S3.
    headers: { 'content-type': req.contentType, 'content-length': String(req.size) },
    expiresAt,
    links: { self: uploadLink(id) },
  };
}

/** An upload as its agency sees it; another agency's upload is "not found", not "forbidden". */
export async function showUpload(ports: ArchivePorts, agency: string, id: string) {
  const u = await ports.index.getUpload(id);
  if (!u || u.agency !== agency) throw notFound('这个上传任务');
  return {
    id: u.id,
    agency: u.agency,
    filename: u.filename,
    contentType: u.contentType,
    size: u.size,
    status: u.status,
    createdAt: u.createdAt,
    expiresAt: u.expiresAt,
    ...(u.finishedAt ? { finishedAt: u.finishedAt } : {}),
    ...(u.result ? { result: u.result } : {}),
    ...(u.problem ? { problem: u.problem } : {}),
    links: { self: uploadLink(u.id), ...(u.result ? u.result.links : {}) },
  };
}

export type IngestOutcome = 'stored' | 'refused' | 'ignored';

/**
 * One object under incoming/: read it, submit it for the agency recorded on the upload, record
 * the outcome, delete the object. The token that asked for the URL and its agency are checked again
 * here, as a direct upload checks them: revoked or removed since the URL was signed, nothing is
 * stored. A refusal (4xx) is an outcome, in the audit as the token's; a storage failure is thrown
 * so the event is retried (and, in the end, dead-lettered) with the object still in place.
 */
export async function ingestUpload(ports: ArchivePorts, incoming: IncomingObjects, event: { key: string; size?: number }): Promise<IngestOutcome> {
  const where = parseIncomingKey(event.key);
  const upload = where && (await ports.index.getUpload(where.id));
  // Not an upload of ours, or one already finished (a redelivered event): nothing to store.
  if (!where || !upload || upload.agency !== where.agency || upload.status !== 'pending') {
    if (where && upload?.status !== 'pending') await incoming.delete(event.key);
    return 'ignored';
  }
  const who = { agency: upload.agency, actor: `token:${upload.tokenId}` };
  let outcome: UploadOutcome;
  // S3 refuses other sizes (the length is signed); the local server does not, so this checks too,
  // before reading what may be far more than was announced.
  if ((event.size !== undefined && event.size !== upload.size) || upload.size > MAX_LARGE_UPLOAD_BYTES) {
    const err = sizeMismatch(upload.size, event.size ?? 0);
    await recordAudit(ports, { ...who, action: 'upload', outcome: 'rejected', status: problemStatus(err.slug), problem: err.slug });
    outcome = refusal(ports, err);
  } else {
    const object = await incoming.get(event.key);
    if (!object) return 'ignored';
    try {
      const result = await audited(ports, who, object.bytes, async (sha256) => {
        const agency = await stillEntitled(ports, upload);
        if (object.bytes.length !== upload.size) throw sizeMismatch(upload.size, object.bytes.length);
        return submitReport(ports, {
          agency,
          bytes: object.bytes,
          sha256,
          contentType: upload.contentType,
          filename: upload.filename,
          strict: upload.strict ?? true,
          year: upload.year,
        });
      });
      const { agency: a, year, version, sha256, links, findings, hasErrors, checked } = result.body;
      outcome = {
        status: 'stored',
        finishedAt: ports.now().toISOString(),
        result: { status: result.status, agency: a, year, version, sha256, links, findings: capped(findings), hasErrors, checked },
      };
    } catch (err) {
      if (!(err instanceof AppError) || problemStatus(err.slug) >= 500) throw err;
      outcome = refusal(ports, err);
    }
  }
  await ports.index.finishUpload(upload.id, outcome);
  await incoming.delete(event.key);
  return outcome.status;
}

/** The agency the upload is for, as long as it still exists and the token that asked is still valid. */
async function stillEntitled(ports: ArchivePorts, upload: UploadRecord): Promise<Agency> {
  const agency = await ports.index.getAgency(upload.agency);
  if (!agency) throw notFound('上传所属的机关（申请上传地址后已被删除），文件没有保存');
  const token = await ports.index.getToken(upload.tokenId);
  if (!token || token.agency !== upload.agency || token.revokedAt) {
    throw unauthorized('申请上传地址的令牌已被吊销，文件没有保存：请用有效的令牌重新申请上传地址后再上传');
  }
  return agency;
}

const sizeMismatch = (expected: number, got: number) =>
  new AppError('size-mismatch', `上传的文件大小（${got} 字节）与申请上传时声明的大小（${expected} 字节）不一致：请重新申请上传地址`, {
    expectedBytes: expected,
    receivedBytes: got,
  });

/** A DynamoDB item holds 400 KB: a pathological document's thousands of findings are cut short. */
const MAX_RECORDED_FINDINGS = 300;
function capped<T>(list: T[]): T[] {
  return list.length > MAX_RECORDED_FINDINGS ? list.slice(0, MAX_RECORDED_FINDINGS) : list;
}

/** The problem a direct upload would have answered, as the upload record keeps it. */
function refusal(ports: ArchivePorts, err: AppError): UploadOutcome {
  const extra = { ...err.extra } as Record<string, unknown>;
  const problem: UploadProblem = {
    type: problemType(err.slug),
    title: problemSpec(err.slug).title,
    status: problemStatus(err.slug),
    detail: err.detail,
    ...extra,
  };
  for (const list of ['findings', 'messages'] as const) {
    const v = problem[list];
    if (Array.isArray(v) && v.length > MAX_RECORDED_FINDINGS) {
      problem[list] = capped(v);
      problem[`${list}Truncated`] = true;
    }
  }
  return { status: 'refused', finishedAt: ports.now().toISOString(), problem };
}
