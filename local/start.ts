import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAgency } from '#shared/archive/agencies';
import { audited } from '#shared/archive/audit';
import { submitReport } from '#shared/archive/submit-report';
import { reindexAll } from '#shared/archive/reindex';
import type { Verifier } from '#shared/archive/tokens';
import { localAdminToken } from './admin-token';
import { startLocalArchive } from './local-archive';
import { must } from '#shared/model/must';

/**
 * `npm start`: the archive on http://127.0.0.1:${PORT:-3000} with its data under
 * ${GONGKAI_DATA_DIR:-.data}, persisted across restarts.
 */
// The deployed functions run on Node 22; locally the machine's Node 20 is fine for the SDK's calls.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const dataDir = process.env.GONGKAI_DATA_DIR || '.data';
const port = Number(process.env.PORT || 3000);
mkdirSync(dataDir, { recursive: true });

const lines: string[] = [];
let admin: Verifier;
try {
  const local = localAdminToken(dataDir, process.env.GONGKAI_ADMIN_TOKEN);
  admin = local.admin;
  lines.push(local.line);
} catch (err) {
  // A short GONGKAI_ADMIN_TOKEN stops the start, with the rule, rather than becoming a weak credential.
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}

const uploadsPerHour = process.env.GONGKAI_UPLOADS_PER_HOUR ? Number(process.env.GONGKAI_UPLOADS_PER_HOUR) : undefined;
const archive = await startLocalArchive({ dataDir, port, admin, persist: process.env.GONGKAI_EPHEMERAL_INDEX !== '1', uploadsPerHour, serversApart: true });

// A data folder from before the public site: list, count and row every report once through the commit path.
const indexed = join(dataDir, 'site-indexed');
if (existsSync(join(dataDir, 'demo-loaded')) && !existsSync(indexed)) {
  const n = await reindexAll(archive.ports);
  lines.push(`reindexed:    ${n} reports for the site's indexes and statistics`);
}
writeFileSync(indexed, new Date().toISOString());

const seeded = join(dataDir, 'demo-loaded');
if (!existsSync(seeded)) {
  const demo = await registerAgency(archive.ports, {
    id: 'miyun-kw',
    name: '北京市密云区科学技术委员会',
    region: '110118',
    level: '区级部门',
    aliases: ['密云区科委'],
  });
  const sample = readFileSync(new URL('./demo/miyun-kw-2021.txt', import.meta.url));
  const agency = must(await archive.ports.index.getAgency(demo.id), 'the demo agency was just added');
  await audited(archive.ports, { agency: demo.id, actor: 'npm-start-demo' }, sample, (sha256) =>
    submitReport(archive.ports, { agency, bytes: sample, sha256, contentType: 'text/plain', filename: 'miyun-kw-2021.txt', strict: true }),
  );
  writeFileSync(seeded, new Date().toISOString());
  lines.push(`demo agency:  miyun-kw (北京市密云区科学技术委员会), upload token ${demo.token}`);
}

process.stdout.write(
  [
    `Gongkai Archive on ${archive.url}`,
    ...lines,
    `data:         ${dataDir} (DynamoDB-API on ${archive.dynamo.endpoint}, S3-API on ${archive.s3.endpoint})`,
    '',
    `site: ${archive.url}/  (browse, statistics, downloads, and /check for clerks)`,
    `api:  curl ${archive.url}/v1/reports`,
    `admin: ${archive.url}/admin  (sign in with the admin token)`,
    '',
  ].join('\n'),
);

const stop = async () => {
  await archive.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
