import { App } from 'aws-cdk-lib';
import { ApiStack } from './api-stack';
import { ArchiveStack } from './archive-stack';
import { acknowledgeNagFindings } from './nag-acknowledgements';

/** Environment-agnostic (no lookups), so `npm run synth` works offline without credentials. */
export function buildApp(app = new App()) {
  const archive = new ArchiveStack(app, 'GongkaiArchive', { description: 'Gongkai Archive: index, archive bucket, public pages' });
  const api = new ApiStack(app, 'GongkaiApi', {
    description: 'Gongkai Archive: HTTP API and functions',
    table: archive.table,
    bucket: archive.bucket,
    adminSecret: archive.adminSecret,
    filesDomain: archive.distribution.distributionDomainName,
    uploadReservedConcurrency: reservedConcurrency(app.node.tryGetContext('uploadReservedConcurrency')),
  });
  acknowledgeNagFindings({ archive, api, bucket: archive.bucket, adminSecret: archive.adminSecret, distributions: [archive.distribution, api.site] });
  return { app, archive, api };
}

/** `-c uploadReservedConcurrency=none` for accounts with a small concurrency quota; default 20. */
function reservedConcurrency(value: unknown): number | undefined {
  if (value === 'none') return undefined;
  const n = Number(value ?? 20);
  if (!Number.isInteger(n) || n < 1) throw new Error(`uploadReservedConcurrency must be a positive integer or "none", got ${String(value)}`);
  return n;
}
