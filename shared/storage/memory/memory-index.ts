import { joinStores } from '../join-stores';
import type { ReportIndex } from '../ports';
import { MemoryAgencyStore } from './agency-store';
import { MemoryAuditLog } from './audit-log';
import { MemorySimilarityStore } from './similarity-store';
import { MemoryStatsLedger } from './stats-ledger';
import { MemoryUploadStore } from './upload-store';
import { MemoryVersionStore } from './version-store';

/**
 * The whole index in memory, for use-case tests that need no servers: each store keeps the
 * conditional-write semantics of the table's (the contract suites in test/contract run both).
 */
export function memoryIndex(clock: () => Date = () => new Date()): ReportIndex {
  return joinStores<ReportIndex>(
    new MemoryAgencyStore(),
    new MemoryVersionStore(),
    new MemoryStatsLedger(clock),
    new MemorySimilarityStore(),
    new MemoryAuditLog(),
    new MemoryUploadStore(),
  );
}
