import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BuildSync = (options: Record<string, unknown>) => { outputFiles?: { contents: Uint8Array }[] };

/**
 * The parse worker for TypeScript sources (`npm start`, the tests): its module graph bundled into one
 * file, as the Lambda functions and the CLI ship it. A worker that loaded the sources through tsx
 * instead cost 440 MB more than the process it served (tsx's loader runs in a hooks thread of its
 * own on Node 20, and keeps every compiled module), and seconds to start.
 *
 * Bundled afresh from the sources in every process, so it is never stale; written under
 * node_modules/.cache (packages resolve from there, and are left to node_modules) by its content
 * hash, and renamed into place, so processes building at once never read a half-written file.
 */
export function workerFromSource(entry: URL): URL {
  const file = fileURLToPath(entry);
  const root = join(file, '..', '..', '..');
  // esbuild is a development dependency: required at run time, never bundled into a function.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as { buildSync: BuildSync };
  const out = buildSync({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  }).outputFiles?.[0];
  if (!out) throw new Error(`could not bundle ${file}`);
  const dir = join(root, 'node_modules', '.cache', 'gongkai');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `parse-worker-${createHash('sha256').update(out.contents).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(target)) {
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, out.contents);
    renameSync(temp, target);
  }
  return pathToFileURL(target);
}
