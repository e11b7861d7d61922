import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as Entry from './parser-entry';

/**
 * The parser as it ships: its sources bundled and minified by esbuild as the functions and the
 * CLI's parse worker are (scripts/build.mjs, cdk/constructs/bundling.ts), packages left to
 * node_modules. Loaded through tsx, every closure the parser makes per call is wrapped to keep its
 * name (esbuild's keepNames), a `defineProperty` each that no deployed build pays: in the PDF
 * reader's inner loops that was a tenth of the time measured against the floor.
 */
export async function bundledParser(): Promise<typeof Entry> {
  const entry = fileURLToPath(new URL('./parser-entry.ts', import.meta.url));
  const out = (
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      packages: 'external',
      write: false,
      logLevel: 'silent',
    })
  ).outputFiles[0];
  if (!out) throw new Error('could not bundle the parser');
  // Beside node_modules, so that the packages it leaves out resolve.
  const dir = fileURLToPath(new URL('../node_modules/.cache/gongkai/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const target = `${dir}bench-parser-${createHash('sha256').update(out.contents).digest('hex').slice(0, 16)}.mjs`;
  if (!existsSync(target)) {
    writeFileSync(`${target}.${process.pid}.tmp`, out.contents);
    renameSync(`${target}.${process.pid}.tmp`, target);
  }
  return import(pathToFileURL(target).href);
}
