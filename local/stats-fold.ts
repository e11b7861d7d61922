import { foldChanges } from '#shared/archive/fold-stats';
import type { RowChange } from '#shared/archive/types';
import { log } from '#shared/http/middleware';
import type { ReportIndex } from '#shared/storage/ports';

/**
 * dynalite has no streams: locally, the index records each ROW write that lands (the row read and
 * the row written, which the conditional write makes exactly the stream's old and new images) in a
 * change log, and a timer folds it with the fold function's code. `fold()` runs it now: the tests'
 * "once the fold has run".
 */
export interface LocalFold {
  /** the index whose row writes are logged */
  index: ReportIndex;
  /** folds every change logged so far */
  fold(): Promise<void>;
  stop(): Promise<void>;
}

export function foldLocally(index: ReportIndex, everyMs = 1000): LocalFold {
  let changes: RowChange[] = [];
  const logged: ReportIndex = {
    ...index,
    async putRow(row, expected) {
      const written = await index.putRow(row, expected);
      if (written) changes.push(expected ? { old: expected, new: row } : { new: row });
      return written;
    },
  };
  // One fold at a time, as one stream shard is processed on AWS; a failed batch stays at the head of the log.
  let running: Promise<void> = Promise.resolve();
  const fold = () => {
    running = running.then(async () => {
      const batch = changes;
      changes = [];
      try {
        await foldChanges(index, batch);
      } catch (err) {
        changes = [...batch, ...changes];
        throw err;
      }
    });
    return running;
  };
  const timer = setInterval(() => {
    fold().catch((err) => log('error', 'statistics fold failed', { error: String((err as Error)?.stack ?? err).slice(0, 2000) }));
  }, everyMs);
  timer.unref();
  return {
    index: logged,
    fold,
    async stop() {
      clearInterval(timer);
      await running.catch(() => undefined);
    },
  };
}
