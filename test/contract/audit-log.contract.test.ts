import { expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/archive/types';
import { describeContract } from './backends';
import { defined } from '../support/defined';

const record = (agency: string, at: string, id: string): AuditRecord => ({ agency, at, id, actor: 'admin', outcome: 'created', status: 201 });

describeContract('AuditLog', (backend) => {
  it("keeps each agency's trail apart and lists it newest first, in pages", async () => {
    const { index } = await backend.fresh();
    await index.putAudit(record('a', '2024-01-01T00:00:00.000Z', '1'));
    await index.putAudit(record('a', '2024-03-01T00:00:00.000Z', '3'));
    await index.putAudit(record('a', '2024-02-01T00:00:00.000Z', '2'));
    await index.putAudit(record('b', '2024-04-01T00:00:00.000Z', '4'));
    const first = await index.listAudit('a', 2);
    expect(first.items.map((r) => r.id)).toEqual(['3', '2']);
    const rest = await index.listAudit('a', 2, defined(first.nextCursor));
    expect(rest).toEqual({ items: [record('a', '2024-01-01T00:00:00.000Z', '1')], nextCursor: null });
    expect((await index.listAudit('c', 5)).items).toEqual([]);
  });
});
