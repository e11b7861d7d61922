import { defineConfig } from 'vitest/config';

/**
 * Projects, so a lane can run some: `npm run test:fast` runs `unit` (the pure domain, the parsers
 * and the CLI, no server), `npm test` all of them with coverage.
 */
/** The parsers' bounds on inputs of tens of megabytes, built in the test (each case seconds of CPU). */
const BOUNDS = ['test/unit/hostile-docx.test.ts', 'test/unit/hostile-input.test.ts'];

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine, where most files
    // wait on servers or Chromium rather than compute.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // The PDF corpus is as many CPU seconds as the rest of the unit tests together, and the zip bombs and
      // 30 MB .docx shapes of the parsers' bounds half as many again: npm test runs them, the fast lane does not.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: ['test/unit/pdf-corpus.test.ts', ...BOUNDS] } },
      { extends: true, test: { name: 'corpus', include: ['test/unit/pdf-corpus.test.ts'] } },
      { extends: true, test: { name: 'bounds', include: BOUNDS } },
      {
        extends: true,
        // Real dynalite and s3rver on 127.0.0.1; one in-memory dynalite per worker, a table per archive. The storage
        // contract suites run each port against the in-memory twin and a dynalite of their own.
        test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/contract/**/*.test.ts'], globalSetup: ['test/support/shared-dynamo.ts'] },
      },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'] } },
    ],
    coverage: {
      provider: 'v8',
      // The floor guards the pure domain, where a missed branch is a misread report.
      include: ['shared/**/*.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'coverage',
      reportOnFailure: true,
      // Measured at 96.6% statements / 91.8% branches when the floor was set; the gap leaves room
      // for defensive branches (hostile input, storage faults) without inviting tests for their own sake.
      thresholds: { statements: 90, branches: 85, functions: 90, lines: 90 },
    },
  },
});
