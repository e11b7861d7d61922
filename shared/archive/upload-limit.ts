import { AppError } from './errors';
import type { ArchivePorts } from './ports';

/**
 * Uploads per agency per clock hour: one agency's script gone wrong, or a leaked token, cannot use
 * up the upload throttle that every agency shares. Counted in the index, so every function instance
 * sees the same count; a repeat of bytes already stored counts too (it still costs a parse).
 */
export const DEFAULT_UPLOADS_PER_HOUR = 60;

export async function takeUploadSlot(ports: Pick<ArchivePorts, 'index' | 'now'>, agency: string, perHour: number): Promise<void> {
  const now = ports.now();
  const hour = now.toISOString().slice(0, 13);
  if (await ports.index.countUpload(agency, hour, perHour)) return;
  const next = new Date(`${hour}:00:00.000Z`).getTime() + 3_600_000;
  const wait = Math.max(1, Math.ceil((next - now.getTime()) / 1000));
  throw new AppError(
    'too-many-uploads',
    `本机关本小时已上传 ${perHour} 次，达到上限：请在 ${Math.ceil(wait / 60)} 分钟后再试。批量导入历史报告请联系管理员`,
    { limit: perHour, window: 'hour' },
    { 'retry-after': String(wait) },
  );
}
