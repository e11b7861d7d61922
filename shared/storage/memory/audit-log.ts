import type { AuditRecord, Page } from '../../archive/types';
import type { AuditLog } from '../ports';
import { keys } from '../table-keys';
import { copy, pageOf, sorted } from './memory-pages';

export class MemoryAuditLog implements AuditLog {
  /** each agency's records by sort key (time, then id) */
  readonly #records = new Map<string, Map<string, AuditRecord>>();

  async putAudit(record: AuditRecord): Promise<void> {
    const trail = this.#records.get(record.agency) ?? new Map<string, AuditRecord>();
    trail.set(keys.audit(record.agency, record.at, record.id).SK, copy(record));
    this.#records.set(record.agency, trail);
  }

  /** newest first */
  async listAudit(agency: string, limit: number, cursor?: string): Promise<Page<AuditRecord>> {
    const entries = [...(this.#records.get(agency) ?? new Map<string, AuditRecord>())].map(([sort, item]) => ({ sort, item }));
    return pageOf(sorted(entries, true), limit, cursor, 'AUDIT', true);
  }
}
