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
    uploadReservedConcurrency: reservedConcurrency(app.node.tryGetContext('uploadReservedConcurrency'), 20, 'uploadReservedConcurrency'),
    validateReservedConcurrency: reservedConcurrency(app.node.tryGetContext('validateReservedConcurrency'), 10, 'validateReservedConcurrency'),
    uploadsPerHour: positive(app.node.tryGetContext('uploadsPerHour') ?? 60, 'uploadsPerHour'),
    domain: siteDomain(app.node.tryGetContext('domainName'), app.node.tryGetContext('certificateArn')),
    webAclArn: app.node.tryGetContext('webAclArn') || undefined,
  });
  acknowledgeNagFindings({ archive, api, bucket: archive.bucket, adminSecret: archive.adminSecret, distributions: [archive.distribution, api.site] });
  return { app, archive, api };
}

/** `-c uploadReservedConcurrency=none` (or validate…) for accounts with a small concurrency quota. */
function reservedConcurrency(value: unknown, fallback: number, name: string): number | undefined {
  if (value === 'none') return undefined;
  return positive(value ?? fallback, name, ' or "none"');
}

function positive(value: unknown, name: string, or = ''): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer${or}, got ${String(value)}`);
  return n;
}

/** `-c domainName=gongkai.example.cn -c certificateArn=arn:aws:acm:us-east-1:…`: both or neither. */
function siteDomain(name: unknown, certificateArn: unknown): { name: string; certificateArn: string } | undefined {
  if (!name && !certificateArn) return undefined;
  if (typeof name !== 'string' || typeof certificateArn !== 'string' || !name || !certificateArn.startsWith('arn:')) {
    throw new Error('domainName and certificateArn go together: the site domain and its ACM certificate ARN (in us-east-1)');
  }
  return { name, certificateArn };
}
