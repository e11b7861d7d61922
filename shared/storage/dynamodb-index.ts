import type { ReportIndex } from './ports';
import { DynamoAgencyStore } from './agency-store';
import { DynamoAuditLog } from './audit-store';
import { joinStores } from './join-stores';
import { DynamoSimilarityStore } from './similarity-store';
import { DynamoStatsLedger } from './stats-store';
import { type DynamoDbLoader, TableClient } from './table-client';
import { DynamoUploadStore } from './upload-store';
import { DynamoVersionStore } from './version-store';

export type { DynamoDbLoader } from './table-client';
export { DOCUMENT_MARSHALLING, FILTER_BUDGET } from './table-client';

/** The whole index on DynamoDB: one store per aggregate, over one table client. */
export interface DynamoDbIndex extends ReportIndex {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class DynamoDbIndex {
  /** `clock` is the only time the stores read (statistics change times, counter expiry). */
  constructor(load: DynamoDbLoader, table: string, clock: () => Date) {
    const db = new TableClient(load, table);
    Object.assign(
      this,
      joinStores<ReportIndex>(
        new DynamoAgencyStore(db),
        new DynamoVersionStore(db),
        new DynamoStatsLedger(db, clock),
        new DynamoSimilarityStore(db),
        new DynamoAuditLog(db),
        new DynamoUploadStore(db, clock),
      ),
    );
  }
}
