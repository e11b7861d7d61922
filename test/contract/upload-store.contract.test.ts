import { expect, it } from 'vitest';
import type { UploadRecord } from '../../shared/archive/types';
import { AlreadyExists } from '../../shared/storage/ports';
import { describeContract } from './backends';

const upload = (id: string): UploadRecord => ({
  id,
  agency: 'a',
  tokenId: 't',
  filename: 'r.pdf',
  contentType: 'application/pdf',
  size: 10,
  status: 'pending',
  createdAt: '2024-01-01T00:00:00.000Z',
  expiresAt: '2024-01-01T00:15:00.000Z',
});
const problem = { status: 422, type: 'urn:gongkai:problem:x', title: 'x', detail: 'x' };

describeContract('UploadStore', (backend) => {
  it('counts at most `limit` uploads in a window, however many race for the last places', async () => {
    const { index } = await backend.fresh();
    const counted = await Promise.all(Array.from({ length: 8 }, () => index.countUpload('a', '2024-01-01T10', 5)));
    expect(counted.filter(Boolean)).toHaveLength(5);
    expect(await index.countUpload('a', '2024-01-01T11', 5)).toBe(true);
    expect(await index.countUpload('b', '2024-01-01T10', 5)).toBe(true);
  });

  it('records an upload once and its outcome once: a redelivered event cannot overwrite the first', async () => {
    const { index } = await backend.fresh();
    await index.putUpload(upload('u'));
    await expect(index.putUpload(upload('u'))).rejects.toBeInstanceOf(AlreadyExists);
    expect(await index.finishUpload('u', { status: 'refused', finishedAt: '2024-01-01T00:01:00.000Z', problem })).toBe(true);
    expect(await index.finishUpload('u', { status: 'refused', finishedAt: '2024-01-01T00:02:00.000Z', problem: { ...problem, title: 'y' } })).toBe(false);
    expect(await index.getUpload('u')).toEqual({ ...upload('u'), status: 'refused', finishedAt: '2024-01-01T00:01:00.000Z', problem });
    expect(await index.finishUpload('none', { status: 'refused', finishedAt: '2024-01-01T00:01:00.000Z', problem })).toBe(false);
    expect(await index.getUpload('none')).toBeUndefined();
  });
});
