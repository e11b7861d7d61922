import { describe, expect, it } from 'vitest';
import { registerAgency, revokeToken, rotateToken } from '../../shared/archive/agencies';
import type { ArchivePorts } from '../../shared/archive/ports';
import { memoryIndex } from '../../shared/storage/memory/memory-index';

/** A use case on the in-memory index: no servers, the same port contract as the table (test/contract). */
function ports(): ArchivePorts {
  const now = () => new Date(Date.UTC(2024, 4, 1));
  const refuse = () => Promise.reject(new Error('this use case needs no archive'));
  return { index: memoryIndex(now), archive: { put: refuse, get: refuse, copy: refuse, delete: refuse }, now, newId: () => 'id-1' };
}

describe('agency tokens, on the in-memory index', () => {
  it('registers an agency once, rotates and revokes its tokens, and lists them without hashes', async () => {
    const p = ports();
    const { tokenId } = await registerAgency(p, { id: 'miyun-kw', name: '北京市密云区科学技术委员会', region: '110118' });
    await expect(registerAgency(p, { id: 'miyun-kw', name: '北京市密云区科学技术委员会', region: '110118' })).rejects.toMatchObject({ slug: 'agency-exists' });
    const second = await rotateToken(p, 'miyun-kw');
    await revokeToken(p, 'miyun-kw', tokenId);
    await expect(revokeToken(p, 'other', second.tokenId)).rejects.toMatchObject({ slug: 'not-found' });
    const listed = await p.index.listTokens('miyun-kw', 10);
    expect(listed.items.find((t) => t.tokenId === tokenId)).toEqual({ tokenId, createdAt: '2024-05-01T00:00:00.000Z', revokedAt: '2024-05-01T00:00:00.000Z' });
    expect(listed.items.find((t) => t.tokenId === second.tokenId)?.revokedAt).toBeUndefined();
    expect(JSON.stringify(listed)).not.toContain('hash');
  });
});
