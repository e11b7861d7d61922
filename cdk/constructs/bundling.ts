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
  // The service clients come from the runtime; small pure helpers (util-dynamodb) are bundled.
  // pdfjs is imported on first use and shipped beside the bundle (PDFJS_FILES), so its 3 MB are
  // never parsed at a cold start that does not read a PDF.
  external: ['@aws-sdk/client-*', 'pdfjs-dist'],
  // ESM bundles of CommonJS dependencies still call require() for Node built-ins.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};

/**
 * What the functions that read PDFs ship of pdfjs-dist, as `node_modules/pdfjs-dist/…` beside
 * the bundle: the library (main thread and its in-process worker), the CMaps for CJK CID fonts,
 * the standard fonts' metrics, the image decoders. Copied from the local install, so a synth
 * needs no registry.
 */
export const PDFJS_FILES = ['package.json', 'LICENSE', 'legacy/build/pdf.mjs', 'legacy/build/pdf.worker.mjs', 'cmaps', 'standard_fonts', 'wasm', 'iccs'];
