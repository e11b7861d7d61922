import { AppError } from './errors';
import type { ArchivePorts } from './ports';

/**
 * Sign-in attempts at the admin console per source address per clock hour. Every attempt counts,
 * the right token's too: a limiter that counted only failures would have to test the token first,
 * and so would keep answering a guesser whether each guess was right. Twenty an hour costs an admin
 * who mistypes nothing and makes guessing a 32-character token hopeless.
 */
export const DEFAULT_LOGINS_PER_HOUR = 20;

/** The one thing the limit needs from storage: a counter per key and window that stops at a limit. */
export interface AttemptCounter {
  /** counts one attempt; false, counting nothing, once `limit` are counted in the window */
  count(source: string, window: string, limit: number): Promise<boolean>;
}

/**
 * The counter over the index's rate items (RATE#…, which expire). The key starts with `_`, which no
 * agency id can, so a source address never shares a counter with an agency's uploads.
 */
export const loginCounter = (index: ArchivePorts['index']): AttemptCounter => ({
  count: (source, window, limit) => index.countUpload(`_login#${source}`, window, limit),
});

export async function takeLoginSlot(counter: AttemptCounter, now: Date, source: string, perHour: number): Promise<void> {
  const hour = now.toISOString().slice(0, 13);
  if (await counter.count(source, hour, perHour)) return;
  const next = new Date(`${hour}:00:00.000Z`).getTime() + 3_600_000;
  const wait = Math.max(1, Math.ceil((next - now.getTime()) / 1000));
  throw new AppError(
    'too-many-logins',
    `本地址本小时的登录尝试已达 ${perHour} 次上限：请在 ${Math.ceil(wait / 60)} 分钟后再试`,
    { limit: perHour, window: 'hour' },
    { 'retry-after': String(wait) },
  );
}
