import { App } from 'aws-cdk-lib';
import { ApiStack } from './api-stack';
import { ArchiveStack } from './archive-stack';

/** Environment-agnostic (no lookups), so `npm run synth` works offline without credentials. */
export function buildApp(app = new App()) {
  const archive = new ArchiveStack(app, 'GongkaiArchive', { description: 'Gongkai Archive: index, archive bucket, public pages' });
  const api = new ApiStack(app, 'GongkaiApi', {
    description: 'Gongkai Archive: HTTP API and functions',
    table: archive.table,
    bucket: archive.bucket,
    adminSecret: archive.adminSecret,
  });
  return { app, archive, api };
}
