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
  external: ['@aws-sdk/client-*'],
  // ESM bundles of CommonJS dependencies still call require() for Node built-ins.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
};
