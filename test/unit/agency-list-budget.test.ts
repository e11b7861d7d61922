import * as lib from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbIndex, FILTER_BUDGET } from '../../shared/storage/dynamodb-index';
import { INDEXES } from '../../shared/storage/table-design';
import { defined } from '../support/defined';

/**
 * The admin's agency list over an index whose entries never match the filter: each request must
 * stop after FILTER_BUDGET entries and hand out a cursor, however many agencies there are.
 */
function endlessIndex() {
  const inputs: Record<string, unknown>[] = [];
  // The document client's commands, sent to a table that never runs out of entries the filter drops.
  const doc = {
    send: async (command: { input: Record<string, unknown> }) => {
      inputs.push(command.input);
      const n = inputs.length;
      const key = { PK: `AGENCY#a${n}`, SK: 'PROFILE', GSI10PK: 'AGENCIES', GSI10SK: `-#a${n}` };
      return { Items: [], Count: 0, ScannedCount: command.input.Limit as number, LastEvaluatedKey: key };
    },
  };
  const index = new DynamoDbIndex(
    async () => ({ lib, doc }) as never,
    'table',
    () => new Date(0),
  );
  return { index, inputs };
}

describe('the agency list is bounded', () => {
  it.each([{ q: '不存在的机关' }, { level: '不存在的层级' }, { q: '某', region: '440000' }])(
    'a filter no key answers (%o) reads at most the budget, then gives a cursor',
    async (filter) => {
      const { index, inputs } = endlessIndex();
      const page = await index.listAgencies({ ...filter, limit: 1 });
      const read = inputs.reduce((n, i) => n + (i.Limit as number), 0);
      expect(read).toBeLessThanOrEqual(FILTER_BUDGET);
      expect(inputs.every((i) => i.IndexName === INDEXES.agencies.name && typeof i.FilterExpression === 'string')).toBe(true);
      expect(page).toMatchObject({ items: [], partial: true, nextCursor: expect.any(String) });
      // The cursor goes on from where it stopped, within a budget of its own.
      const next = await index.listAgencies({ ...filter, limit: 1, cursor: defined(page.nextCursor) });
      expect(next.partial).toBe(true);
      expect(inputs.reduce((n, i) => n + (i.Limit as number), 0)).toBeLessThanOrEqual(2 * FILTER_BUDGET);
    },
  );

  it('the region is answered by the key, with no filter', async () => {
    const { index, inputs } = endlessIndex();
    await index.listAgencies({ region: '440100', limit: 5 });
    expect(inputs[0]).toMatchObject({ KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :rp)', Limit: 5 });
    expect(defined(inputs[0]).FilterExpression).toBeUndefined();
  });
});
