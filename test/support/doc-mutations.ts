import { defined } from './defined';
/**
 * Copies of a .doc with random bytes, words and sector ids overwritten past the OLE signature (so
 * each is still taken for Word): the .doc tests assert each is read or refused with a code, and
 * `npm run bench hostile` times them.
 */
export function* mutatedDocs(bytes: Uint8Array, count: number, seed = 20261126): Generator<Buffer> {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  for (let i = 0; i < count; i++) {
    const out = Buffer.from(bytes);
    for (let k = 0, n = 1 + Math.floor(random() * 20); k < n; k++) {
      const at = Math.min(8 + Math.floor(random() * out.length), out.length - 4);
      const mode = random();
      if (mode < 0.5) out[at] = Math.floor(random() * 256);
      else if (mode < 0.8) out.writeUInt32LE(Math.floor(random() * 0xffffffff), at);
      else out.writeInt32LE(defined([-1, -2, 0, 1, 0x7fffffff][Math.floor(random() * 5)]), at);
    }
    yield out;
  }
}
