import { describe, expect, it } from 'vitest';
import { updateAgency } from '../../shared/archive/admin';
import type { ArchivePorts } from '../../shared/archive/ports';
import type { Agency, AuditRecord } from '../../shared/archive/types';
import { StorageUnavailable } from '../../shared/storage/ports';

/** A PATCH of kind whose recomputation of the deadlines fails half way. */
function ports(agency: Agency) {
  const audits: AuditRecord[] = [];
  const stored: Agency[] = [];
  const p = {
    index: {
      getAgency: async () => agency,
      updateAgency: async (a: Agency) => {
        stored.push(a);
        return true;
      },
      putAudit: async (r: AuditRecord) => {
        audits.push(r);
      },
      listLatest: async () => {
        throw new StorageUnavailable('index', new Error('down'));
      },
    },
    now: () => new Date('2024-05-01T00:00:00Z'),
    newId: () => 'id-1',
  } as unknown as ArchivePorts;
  return { p, audits, stored };
}

describe('PATCH kind when the deadlines cannot be recomputed', () => {
  it('keeps the edit stored and audited, and fails so that it is sent again', async () => {
    const { p, audits, stored } = ports({
      id: 'pingtan',
      name: '平潭综合实验区管理委员会',
      region: '350128',
      kind: 'department',
      aliases: [],
      createdAt: '2023-01-01T00:00:00Z',
    });
    await expect(updateAgency(p, 'pingtan', { kind: 'government' }, { body: new Uint8Array() })).rejects.toBeInstanceOf(StorageUnavailable);
    expect(stored.map((a) => a.kind)).toEqual(['government']);
    expect(audits).toEqual([expect.objectContaining({ action: 'agency-update', before: { kind: 'department' }, after: { kind: 'government' } })]);
  });

  it('an edit that does not touch the kind recomputes nothing', async () => {
    const { p, audits } = ports({
      id: 'edu',
      name: '广州市天河区教育局',
      region: '440106',
      kind: 'department',
      aliases: [],
      createdAt: '2023-01-01T00:00:00Z',
    });
    await expect(updateAgency(p, 'edu', { level: '区县级部门' }, { body: new Uint8Array() })).resolves.toMatchObject({
      kind: 'department',
      level: '区县级部门',
    });
    expect(audits).toHaveLength(1);
  });
});
