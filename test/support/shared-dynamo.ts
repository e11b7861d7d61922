import type { TestProject } from 'vitest/node';
import { startDynamo, type ServerHandle } from '../../local/local-stack';

declare module 'vitest' {
  export interface ProvidedContext {
    /** one in-memory DynamoDB-API server per worker, by VITEST_POOL_ID - 1 */
    dynamoEndpoints: string[];
  }
}

/**
 * Global setup of the integration project: an in-memory dynalite per worker, started once for the
 * run instead of one on disk per test file. Each archive makes its own table on its worker's
 * server and drops it when it closes (test/support/local.ts), so no file sees another's items.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workers = Math.max(1, project.globalConfig.maxWorkers);
  const servers: ServerHandle[] = [];
  for (let i = 0; i < workers; i++) servers.push(await startDynamo(undefined));
  project.provide(
    'dynamoEndpoints',
    servers.map((s) => s.endpoint),
  );
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}
