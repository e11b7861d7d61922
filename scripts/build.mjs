// Bundles the CLI into dist/ with esbuild: one file each, so a cold start
// loads no module graph from node_modules.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};

await build({
  ...common,
  // The parse worker is a second entry: the CLI starts it as a worker thread (shared/parse/isolated-parse.ts
  // finds dist/parse-worker.mjs from dist/ or dist/chunks/), and the two share chunks.
  entryPoints: { cli: 'cli/gongkai.ts', 'parse-worker': 'shared/parse/parse-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
