import type { UploadOutcome, UploadRecord } from '../../archive/types';
import { AlreadyExists, type UploadStore } from '../ports';
import { copy } from './memory-pages';

export class MemoryUploadStore implements UploadStore {
  readonly #uploads = new Map<string, UploadRecord>();
  /** uploads counted per agency and window */
  readonly #counts = new Map<string, number>();

  async countUpload(agency: string, window: string, limit: number): Promise<boolean> {
    const key = `${agency}\u0000${window}`;
    const n = this.#counts.get(key) ?? 0;
    if (n >= limit) return false;
    this.#counts.set(key, n + 1);
    return true;
  }

  async putUpload(record: UploadRecord): Promise<void> {
    if (this.#uploads.has(record.id)) throw new AlreadyExists(`upload ${record.id}`);
    this.#uploads.set(record.id, copy(record));
  }

  async getUpload(id: string): Promise<UploadRecord | undefined> {
    const found = this.#uploads.get(id);
    return found && copy(found);
  }

  async finishUpload(id: string, outcome: UploadOutcome): Promise<boolean> {
    const upload = this.#uploads.get(id);
    if (upload?.status !== 'pending') return false;
    upload.status = outcome.status;
    upload.finishedAt = outcome.finishedAt;
    if (outcome.status === 'stored') upload.result = copy(outcome.result);
    else upload.problem = copy(outcome.problem);
    return true;
  }
}
