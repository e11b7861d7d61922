import CFB from 'cfb';
import { InputError } from './detect';

/**
 * The OLE compound file around a .doc, read by `cfb` after a structural check of our own.
 *
 * cfb follows the file's sector chains and directory links as stated: a chain that loops, two chains
 * that merge, or a directory whose links form a cycle make it walk for ever or rebuild the same chain
 * from each of its sectors. [MS-CFB] forbids all of these, so checking the container against the
 * spec first ([MS-CFB] 2.3 FAT, 2.6 directory) holds cfb's work to a few passes over the file.
 */

export const CONTAINER_LIMITS = {
  /** directory entries: a Word file has a dozen, one with embedded objects a few hundred */
  maxDirectoryEntries: 4096,
  /** sectors cfb may walk while it builds the chains, per sector of the file */
  chainWalkPerSector: 4,
};

export const corruptDoc = () =>
  new InputError('CORRUPT_DOC', '无法打开 Word 97-2003（.doc）文件：文件已损坏或不完整。请在 Word 中重新保存（最好另存为 .docx）后上传');

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const NOSTREAM = -1;
const MINI_CUTOFF = 4096;

/** The root-level streams of a compound file, by name, each exactly as long as its entry says. */
export function readContainer(buffer: Buffer): Map<string, Buffer> {
  checkContainer(buffer);
  const container = CFB.parse(buffer);
  const root = container.FullPaths[0];
  const streams = new Map<string, Buffer>();
  container.FileIndex.forEach((entry, i) => {
    const path = container.FullPaths[i];
    if (entry.type !== 2 || root === undefined || path !== root + entry.name) return;
    const content = entry.content ? Buffer.from(entry.content as Uint8Array) : Buffer.alloc(0);
    // A chain shorter than the stated size: the file was cut off or its chain broken.
    if (content.length !== entry.size) throw corruptDoc();
    streams.set(entry.name, content);
  });
  return streams;
}

interface Header {
  ssz: number;
  /** whole or partial sectors after the header */
  sectors: number;
  dirStart: number;
}

function checkContainer(buf: Buffer): void {
  const header = readHeader(buf);
  const fat = readFat(buf, header);
  const { depth, hasPred } = chainDepths(fat);
  checkChainWalk(fat, depth, header);
  checkDirectory(buf, fat, depth, hasPred, header);
}

function readHeader(buf: Buffer): Header {
  if (buf.length < 512 || SIGNATURE.some((b, i) => buf[i] !== b)) throw corruptDoc();
  const major = buf.readUInt16LE(0x1a);
  const shift = buf.readUInt16LE(0x1e);
  if (!((major === 3 && shift === 9) || (major === 4 && shift === 12)) || buf.readUInt16LE(0x20) !== 6) throw corruptDoc();
  const ssz = 1 << shift;
  const sectors = Math.ceil(buf.length / ssz) - 1;
  const dirStart = buf.readInt32LE(0x30);
  if (sectors < 1 || dirStart < 0 || dirStart >= sectors) throw corruptDoc();
  return { ssz, sectors, dirStart };
}

const sector = (buf: Buffer, h: Header, id: number) => buf.subarray((id + 1) * h.ssz, (id + 2) * h.ssz);

/** The FAT as one array of next-sector ids, its sectors listed in the header and the DIFAT chain. */
function readFat(buf: Buffer, h: Header): Int32Array {
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const id = buf.readInt32LE(0x4c + i * 4);
    if (id < 0) break;
    fatSectors.push(id);
  }
  const difatCount = buf.readInt32LE(0x48);
  if (difatCount < 0 || difatCount > h.sectors) throw corruptDoc();
  const seen = new Set<number>();
  for (let id = buf.readInt32LE(0x44), n = 0; id >= 0 && n < difatCount; n++) {
    if (id >= h.sectors || seen.has(id)) throw corruptDoc();
    seen.add(id);
    const s = sector(buf, h, id);
    for (let i = 0; i + 4 < h.ssz && i + 4 <= s.length; i += 4) {
      const fatId = s.readInt32LE(i);
      if (fatId === -2) break;
      fatSectors.push(fatId);
    }
    id = s.length >= h.ssz ? s.readInt32LE(h.ssz - 4) : -2;
  }
  const fat = new Int32Array(h.sectors).fill(-2);
  const perSector = h.ssz / 4;
  for (const [k, id] of fatSectors.entries()) {
    if (k * perSector >= h.sectors) break;
    if (id < 0 || id >= h.sectors) throw corruptDoc();
    const s = sector(buf, h, id);
    for (let i = 0; i < perSector && k * perSector + i < h.sectors && i * 4 + 4 <= s.length; i++) fat[k * perSector + i] = s.readInt32LE(i * 4);
  }
  return fat;
}

/** The sector after j in its chain; past the end of the table, as after the chain's last, none (-1). */
const after = (fat: Int32Array, j: number): number => fat[j] ?? -1;

/** Each sector's chain length to its end, after checking that chains neither merge, loop nor leave the file. */
function chainDepths(fat: Int32Array): { depth: Int32Array; hasPred: Uint8Array } {
  const n = fat.length;
  const hasPred = new Uint8Array(n);
  for (const next of fat) {
    if (next < 0) continue;
    if (next >= n || hasPred[next]) throw corruptDoc();
    hasPred[next] = 1;
  }
  const depth = new Int32Array(n);
  const chain: number[] = [];
  for (let head = 0; head < n; head++) {
    if (hasPred[head]) continue;
    chain.length = 0;
    for (let j = head; j >= 0; j = after(fat, j)) chain.push(j);
    chain.forEach((j, k) => {
      depth[j] = chain.length - k;
    });
  }
  // With one predecessor at most, a sector no head reaches lies on a loop.
  if (depth.includes(0)) throw corruptDoc();
  return { depth, hasPred };
}

/**
 * cfb builds a chain from every sector not yet met, in sector order from the directory's, each to the
 * end of its chain: a chain linked backwards is walked again from each of its sectors. Count that walk.
 */
function checkChainWalk(fat: Int32Array, depth: Int32Array, h: Header): void {
  const n = fat.length;
  const met = new Uint8Array(n);
  let walked = 0;
  const max = CONTAINER_LIMITS.chainWalkPerSector * n + 64;
  for (let i = 0; i < n; i++) {
    const k = (i + h.dirStart) % n;
    if (met[k]) continue;
    walked += depth[k] ?? 0;
    if (walked > max) throw corruptDoc();
    for (let j = k; j >= 0; j = after(fat, j)) met[j] = 1;
  }
}

/**
 * The directory must be one tree from the root entry, each entry reached once, and every other entry
 * empty as the spec says (type 0, no links): cfb turns the links into paths by following parents.
 * A large stream is read by walking its chain from its start, which must begin a chain: one starting
 * inside another would be walked again for each entry naming it.
 */
function checkDirectory(buf: Buffer, fat: Int32Array, depth: Int32Array, hasPred: Uint8Array, h: Header): void {
  const perSector = h.ssz / 128;
  // readHeader checked that dirStart is a sector.
  const count = (depth[h.dirStart] ?? 0) * perSector;
  if (count > CONTAINER_LIMITS.maxDirectoryEntries) throw corruptDoc();
  const entries: { type: number; links: number[]; start: number; size: number }[] = [];
  for (let id = h.dirStart; id >= 0; id = after(fat, id)) {
    const s = sector(buf, h, id);
    for (let off = 0; off + 128 <= s.length; off += 128) {
      if (s.readUInt16LE(off + 64) > 64) throw corruptDoc();
      const links = [s.readInt32LE(off + 68), s.readInt32LE(off + 72), s.readInt32LE(off + 76)];
      entries.push({ type: s.readUInt8(off + 66), links, start: s.readInt32LE(off + 116), size: s.readInt32LE(off + 120) });
    }
  }
  if (entries[0]?.type !== 5) throw corruptDoc();
  const reached = new Uint8Array(entries.length);
  const stack = [0];
  reached[0] = 1;
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    for (const link of entries[top]?.links ?? []) {
      if (link === NOSTREAM) continue;
      if (link < 0 || link >= entries.length || reached[link]) throw corruptDoc();
      reached[link] = 1;
      stack.push(link);
    }
  }
  entries.forEach((e, i) => {
    if (!reached[i] && (e.type !== 0 || e.links.some((l) => l !== NOSTREAM))) throw corruptDoc();
    if (reached[i] && e.type === 2 && e.size >= MINI_CUTOFF && (e.start < 0 || e.start >= fat.length || hasPred[e.start])) throw corruptDoc();
  });
}
