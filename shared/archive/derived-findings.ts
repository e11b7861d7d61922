import type { Finding } from '../model/findings';
import type { Report } from '../model/report';
import { BOILERPLATE_SHARE, boilerplate } from '../rules/cross-year';
import { deadlineFor, daysLate, lateFinding, publicationDate } from '../rules/deadline';
import { bandKeys, decodeSignature, encodeSignature, estimateSimilarity, narrativeSignature } from '../rules/minhash';
import { crossYearFindings } from '../rules/validate';
import { spreadRetry } from './spread-retry';
import { AppError, unavailable } from './errors';
import type { ArchivePorts } from './ports';
import { loadDocument } from './stored-documents';
import type { BucketEntry, DerivedRecord, SimilarReport, VersionRecord } from './types';
import { latestPublic } from './withdrawals';

type Ports = Pick<ArchivePorts, 'index' | 'archive'>;

/** How many similar reports a finding names, and how many entries of one bucket are read. */
const MAX_SIMILAR = 3;
const PER_BAND = 25;
/** Optimistic rounds before giving up with a 503 (a retry of the upload finishes the work): each round one writer wins. */
const MAX_ATTEMPTS = 30;
/** How long after the deadline a first upload still stands for the publication of an undated report. */
const FIRST_UPLOAD_EVIDENCE_DAYS = 365;

/**
 * After a version of agency-year N is committed or withdrawn: N against N−1, N+1 against N, and
 * the same-year reports whose narrative it resembles, now or before, both ways (they name it, or
 * stop naming it). Each record is recomputed from what is stored, so the order in which reports
 * arrive does not matter. The cost is bounded: a fixed number of bucket reads, whatever the size
 * of the archive. Returns N's record, undefined when N has no public version.
 */
export async function refreshAround(ports: Ports, agency: string, year: number, now: () => Date, known?: KnownReport): Promise<DerivedRecord | undefined> {
  const mine = await refreshDerived(ports, agency, year, now, known);
  // A newer version was committed meanwhile: its own refresh, which follows its commit, does all this.
  if (mine.superseded) return mine.after;
  // The year after is compared with the report in hand, not with a copy read back.
  await refreshDerived(ports, agency, year + 1, now, known);
  const others = new Set([...(mine.before?.similar ?? []), ...(mine.after?.similar ?? [])].map((s) => s.agency));
  others.delete(agency);
  const me = {
    agency,
    agencyName: mine.after?.agencyName,
    version: mine.after?.version ?? 0,
    sig: mine.after?.signature ? decodeSignature(mine.after.signature) : undefined,
  };
  await Promise.all([...others].map((other) => noteSimilar(ports, other, year, me, now)));
  return mine.after;
}

/**
 * Tells another report of the year how alike `me` now is: it names `me` (with the share) or stops
 * naming it. Two item operations: its signature is on its derived record, nothing else of it changes.
 */
async function noteSimilar(
  ports: Ports,
  other: string,
  year: number,
  me: { agency: string; agencyName?: string; version: number; sig?: Uint32Array },
  now: () => Date,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const d = await ports.index.getDerived(other, year);
    if (!d) return;
    const theirs = d.signature ? decodeSignature(d.signature) : undefined;
    const share = me.sig && theirs ? estimateSimilarity(me.sig, theirs) : 0;
    const kept = d.similar.filter((s) => s.agency !== me.agency);
    const similar =
      share >= BOILERPLATE_SHARE
        ? [...kept, { agency: me.agency, agencyName: me.agencyName, year, version: me.version, share }].sort(mostAlike).slice(0, MAX_SIMILAR)
        : kept;
    if (JSON.stringify(similar) === JSON.stringify(d.similar)) return;
    const findings = [...d.findings.filter((f) => !(f.rule === 'BOILERPLATE' && f.against?.year === year)), ...copiedFindings(similar, year)];
    const next = { ...d, similar, findings, topShare: topShare(similar, d.previousShare), rev: d.rev + 1, updatedAt: now().toISOString() };
    if (await ports.index.putDerived(next, d.rev)) return;
    await spreadRetry(attempt);
  }
  throw new AppError('unavailable', '同年度的相似报告正在同时更新，请稍后重试');
}

const mostAlike = (a: SimilarReport, b: SimilarReport) => b.share - a.share || a.agency.localeCompare(b.agency);

const topShare = (similar: SimilarReport[], previousShare = 0) => Math.max(similar[0]?.share ?? 0, previousShare >= BOILERPLATE_SHARE ? previousShare : 0);

/** BOILERPLATE findings naming the same year's reports whose narrative this one shares. */
function copiedFindings(similar: SimilarReport[], year: number): Finding[] {
  return similar.map((s) => {
    const pct = Math.round(s.share * 100);
    const other = s.agencyName ?? s.agency;
    return {
      rule: boilerplate.id,
      severity: 'warning',
      expected: '本机关自己撰写的内容',
      actual: `约 ${pct}% 相同`,
      message: `报告的叙述部分（总体情况、存在的主要问题及改进情况、其他需要报告的事项）与${other} ${year} 年度报告约 ${pct}% 相同，是否照抄了其他机关的报告？`,
      against: { agency: s.agency, agencyName: other, year, version: s.version },
    };
  });
}

/** Whether the buckets' entries change: a new signature, version or name is filed again. */
const refiled = (stored: DerivedRecord | undefined, now: { signature?: string; version: number; agencyName?: string }) =>
  !stored || stored.signature !== now.signature || stored.version !== now.version || stored.agencyName !== now.agencyName;

/** A version's report already in hand (the upload just parsed it): not read back from the archive. */
export interface KnownReport {
  year: number;
  version: number;
  report: Report;
}

/** The derived record of one agency-year, recomputed and written unless someone wrote it meanwhile (then again). */
export async function refreshDerived(
  ports: Ports,
  agency: string,
  year: number,
  now: () => Date,
  known?: KnownReport,
): Promise<{ before?: DerivedRecord; after?: DerivedRecord; superseded?: boolean }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Read first, compute from what is stored after it: a concurrent writer makes our write fail, and we start over.
    const stored = await ports.index.getDerived(agency, year);
    const current = await latestPublic(ports, agency, year);
    if (known?.year === year && current && current.version > known.version) return { before: stored, after: stored, superseded: true };
    if (!current) {
      if (!stored) return {};
      if (stored.bands?.length) await ports.index.deleteBuckets(year, stored.bands, agency);
      if (await ports.index.deleteDerived(agency, year, stored.rev)) return { before: stored };
      continue;
    }
    const record = await derive(ports, current, stored, now, known);
    // When derive filed the report, the same batch took it out of its old buckets.
    const stale = (stored?.bands ?? []).filter((b) => !record.bands?.includes(b));
    if (stale.length && !(record.signature && refiled(stored, record))) await ports.index.deleteBuckets(year, stale, agency);
    if (await ports.index.putDerived(record, stored?.rev)) return { before: stored, after: record };
    // Someone wrote first. If it was for a newer version, that version's own refresh (which follows its
    // commit) has read everything we would: nothing is left to do.
    const won = await ports.index.getDerived(agency, year);
    if (won && won.version > current.version) return { before: stored, after: won };
    // Spread the retries of a burst of commits to one agency-year.
    await spreadRetry(attempt);
  }
  throw new AppError('unavailable', '相邻年度的报告正在同时更新，请稍后重试');
}

async function derive(ports: Ports, current: VersionRecord, stored: DerivedRecord | undefined, now: () => Date, known?: KnownReport): Promise<DerivedRecord> {
  const inHand = (v: VersionRecord) => (known?.year === v.year && known.version === v.version ? { report: known.report } : loadDocument(ports, v));
  const { agency, year } = current;
  const [doc, profile, previous, first] = await Promise.all([
    inHand(current),
    ports.index.getAgency(agency),
    latestPublic(ports, agency, year - 1),
    current.version === 1 ? current : ports.index.getVersion(agency, year, 1),
  ]);
  // The index names objects only after they were written: a missing one is a storage fault.
  if (!doc) throw unavailable('报告内容暂时无法读取，请稍后重试');
  const report = doc.report;
  const agencyName = profile?.name ?? current.agencyName ?? report.agency;

  const findings: Finding[] = [];
  let previousShare = 0;
  const sig = narrativeSignature(report);
  if (previous) {
    const before = (await inHand(previous))?.report;
    if (!before) throw unavailable('上一年度的报告内容暂时无法读取，请稍后重试');
    const ref = { agency, agencyName: previous.agencyName ?? agencyName, year: year - 1, version: previous.version };
    for (const f of crossYearFindings(report, before)) findings.push({ ...f, against: { ...ref, ...f.against } });
    const theirs = sig && narrativeSignature(before);
    if (sig && theirs) previousShare = estimateSimilarity(sig, theirs);
  }

  const signature = sig && encodeSignature(sig);
  const bands = sig ? bandKeys(sig) : [];
  let similar: SimilarReport[] = [];
  if (sig && signature) {
    // Filed before looking, so that of two reports stored at once the second finds the first; a
    // neighbour's refresh finds them filed already.
    if (refiled(stored, { signature, version: current.version, agencyName })) {
      const stale = (stored?.bands ?? []).filter((b) => !bands.includes(b));
      await ports.index.putBuckets(year, bands, { agency, agencyName, year, version: current.version, signature }, stale);
    }
    similar = await sameYearSimilar(ports, agency, year, sig, await ports.index.queryBuckets(year, bands, PER_BAND));
  }
  findings.push(...copiedFindings(similar, year));

  const published = publicationDate(report.meta, first?.createdAt ?? current.createdAt, year);
  // The profile's kind decides the deadline (inferred from name, region and level for an older profile).
  const who = { name: agencyName, region: profile?.region ?? current.region, level: profile?.level ?? current.level, kind: profile?.kind };
  const deadline = deadlineFor(year, who);
  const days = daysLate(published.date, deadline.date);
  // Without a date in the document the first upload stands for the publication, but not a year or
  // more after the deadline: that is an import of an old report, which says nothing of when it appeared.
  const dateKnown = published.source !== 'first-upload' || days <= FIRST_UPLOAD_EVIDENCE_DAYS;
  const late = dateKnown ? lateFinding(year, who, published) : undefined;
  if (late) findings.push(late);

  return {
    agency,
    year,
    version: current.version,
    rev: (stored?.rev ?? 0) + 1,
    agencyName,
    region: profile?.region ?? current.region,
    ...(previous ? { previous: { year: year - 1, version: previous.version } } : {}),
    findings,
    published,
    deadline,
    daysLate: dateKnown ? Math.max(0, days) : 0,
    dateKnown,
    checked: current.checked ?? true,
    errors: current.errors,
    ...(signature ? { signature, bands } : {}),
    similar,
    ...(previousShare ? { previousShare } : {}),
    topShare: topShare(similar, previousShare),
    updatedAt: now().toISOString(),
  };
}

/**
 * The other agencies' reports of the year that share a bucket with this one and are at least
 * BOILERPLATE_SHARE alike, most alike first. A bucket entry can outlive its report's newest version
 * (a correction filed under other buckets): each match is checked against its owner's derived record.
 */
async function sameYearSimilar(ports: Ports, agency: string, year: number, sig: Uint32Array, candidates: BucketEntry[]): Promise<SimilarReport[]> {
  const close = candidates
    .filter((c) => c.agency !== agency)
    .map((c) => {
      const theirs = decodeSignature(c.signature);
      return {
        agency: c.agency,
        agencyName: c.agencyName,
        year,
        version: c.version,
        share: theirs ? estimateSimilarity(sig, theirs) : 0,
        signature: c.signature,
      };
    })
    .filter((c) => c.share >= BOILERPLATE_SHARE)
    .sort(mostAlike)
    .slice(0, MAX_SIMILAR * 2);
  if (!close.length) return [];
  const owners = new Map((await ports.index.getDerivedMany(close.map((c) => ({ agency: c.agency, year })))).map((d) => [d.agency, d]));
  return close
    .filter((c) => {
      const d = owners.get(c.agency);
      // Not yet recorded: filed by an upload still under way, which will look at us in turn.
      return !d || d.signature === c.signature;
    })
    .slice(0, MAX_SIMILAR)
    .map(({ signature: _s, ...s }) => s);
}
