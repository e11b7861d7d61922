import { fileURLToPath } from 'node:url';

/**
 * esbuild options every function is bundled with, shared by the CDK functions and the bundle
 * benchmark so that what is measured is what is deployed. The AWS SDK v3 is provided by the
 * nodejs22.x runtime; the clients are left out of the bundle and loaded on first use.
 */
export const FUNCTION_BUNDLING = {
  minify: true,
  format: 'esm' as const,
  target: 'node22',
  mainFields: ['module', 'main'],
  // The service clients and the DynamoDB document client (lib-dynamodb, which must match the
  // runtime's client-dynamodb) come from the nodejs22.x runtime. pdfjs is imported on first use and
  // shipped beside the bundle (PDFJS_FILES), so its 3 MB are never parsed at a cold start that does not read a PDF.
  external: ['@aws-sdk/client-*', '@aws-sdk/lib-dynamodb', 'pdfjs-dist'],
  // ESM bundles of CommonJS dependencies still call require() for Node built-ins. The banner starts
  // every output file, each chunk included, and only the chunk holding esbuild's require shim calls
  // it (the X-Ray SDK's, on first use): built at load, each file a cold start imports made a
  // createRequire of its own (fifteen in the site's: 6 ms of CPU; 2 ms in the upload's five), so it is
  // made on the first call.
  banner: "import { createRequire as __cr } from 'node:module'; let __rq; const require = (id) => (__rq ??= __cr(import.meta.url))(id);",
};

/**
 * What the functions that read PDFs ship of pdfjs-dist, as `node_modules/pdfjs-dist/…` beside
 * the bundle: the library (main thread and its in-process worker), the CMaps for CJK CID fonts,
 * the standard fonts' metrics, the image decoders. Copied from the local install, so a synth
 * needs no registry.
 */
export const PDFJS_FILES = ['package.json', 'LICENSE', 'legacy/build/pdf.mjs', 'legacy/build/pdf.worker.mjs', 'cmaps', 'standard_fonts', 'wasm', 'iccs'];

/** The parse worker (shared/parse/isolated-parse.ts starts it beside the bundle that imports it). */
export const PARSE_WORKER = { entry: 'shared/parse/parse-worker.ts', file: 'parse-worker.mjs' };

const repoPath = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Where the split bundles keep their lazily imported parts (shared/parse/isolated-parse.ts finds the worker from there too). */
export const CHUNK_NAMES = 'chunks/[name]-[hash]';

/**
 * The command that rebuilds a function's bundle in `outputDir` split by first use: `index.mjs` holds
 * what loading the function and its first request need, and each lazily imported part (the tracer
 * with the X-Ray SDK, each input kind's extractor, the presigner) becomes a file under `chunks/`,
 * read and compiled only when imported. A single file made every cold start compile all of it: the
 * upload bundle was 1.7x bare node to import, and about half of its bytes were never run there.
 * NodejsFunction writes one `--outfile`, which esbuild cannot split, so this runs after it and
 * replaces that file.
 */
export function splitBundleCommand(entry: string, outputDir: string): string {
  return esbuildCommand(entry, ['--splitting', `--outdir=${outputDir}`, '--entry-names=index', `--chunk-names=${CHUNK_NAMES}`, '--out-extension:.js=.mjs']);
}

/** esbuild on the command line with the functions' options, for the commands run after NodejsFunction's own. */
function esbuildCommand(entry: string, output: string[]): string {
  const args = [
    repoPath('node_modules/.bin/esbuild'),
    entry,
    '--bundle',
    '--platform=node',
    `--format=${FUNCTION_BUNDLING.format}`,
    `--target=${FUNCTION_BUNDLING.target}`,
    ...(FUNCTION_BUNDLING.minify ? ['--minify'] : []),
    `--main-fields=${FUNCTION_BUNDLING.mainFields.join(',')}`,
    ...FUNCTION_BUNDLING.external.map((e) => `--external:${e}`),
    `--banner:js=${FUNCTION_BUNDLING.banner}`,
    '--log-level=warning',
    ...output,
  ];
  return args.map(shellQuote).join(' ');
}

/**
 * The command that bundles the parse worker into `outputDir` as a second file, with the options of
 * the function it ships with: the functions that parse uploads run each document in a worker
 * thread started on this file, with a time budget and a heap cap.
 */
export function parseWorkerCommand(outputDir: string): string {
  return esbuildCommand(repoPath(PARSE_WORKER.entry), [`--outfile=${outputDir}/${PARSE_WORKER.file}`]);
}
