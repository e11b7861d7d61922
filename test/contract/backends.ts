import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type ServerHandle, ensureTable, startDynamo } from '../../local/local-stack';
import { DOCUMENT_MARSHALLING, DynamoDbIndex } from '../../shared/storage/dynamodb-index';
import { memoryIndex } from '../../shared/storage/memory/memory-index';
import type { ReportIndex } from '../../shared/storage/ports';

/** A clock the test moves: the only time either adapter reads. */
export interface TestClock {
  now: () => Date;
  set(ms: number): void;
}

export interface Backend {
  /** a fresh, empty index and the clock it reads */
  fresh(): Promise<{ index: ReportIndex; clock: TestClock }>;
}

function testClock(): TestClock {
  let ms = Date.UTC(2024, 0, 1);
  return {
    now: () => new Date(ms),
    set(to) {
      ms = to;
    },
  };
}

/**
 * Runs one port's contract against both adapters: the in-memory one and the DynamoDB one talking
 * to a real dynalite on 127.0.0.1 through the same SDK code as Lambda. Each test takes a table of
 * its own, so the suites hold in any order.
 */
export function describeContract(name: string, suite: (backend: Backend) => void) {
  describe(`${name} (in memory)`, () => {
    suite({
      async fresh() {
        const clock = testClock();
        return { index: memoryIndex(clock.now), clock };
      },
    });
  });

  describe(`${name} (dynalite)`, () => {
    let server: ServerHandle;
    const clients: { destroy(): void }[] = [];
    beforeAll(async () => {
      server = await startDynamo(undefined);
    });
    afterAll(async () => {
      for (const c of clients) c.destroy();
      await server?.stop();
    });
    suite({
      async fresh() {
        const table = `contract-${randomUUID()}`;
        await ensureTable(server.endpoint, table);
        const [sdk, lib] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@aws-sdk/lib-dynamodb')]);
        const client = new sdk.DynamoDBClient({ endpoint: server.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
        clients.push(client);
        const doc = lib.DynamoDBDocumentClient.from(client, { marshallOptions: DOCUMENT_MARSHALLING });
        const clock = testClock();
        return { index: new DynamoDbIndex(async () => ({ lib, doc }), table, clock.now), clock };
      },
    });
  });
}
