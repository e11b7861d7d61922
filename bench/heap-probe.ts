import { writeHeapSnapshot } from 'node:v8';

/**
 * Preloaded into the archive's process by `npm run bench soak` (`--import`): over the IPC channel the
 * bench asks for the heap after a full collection, or for a heap snapshot, without any route of the
 * archive knowing about it.
 */
const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: unknown) => {
  const ask = message as { kind?: string; file?: string };
  if (ask.kind === 'heap') {
    // Twice: the first pass runs finalizers that free what the second collects.
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    process.send?.({ kind: 'heap', collected: gc !== undefined, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss });
  }
  if (ask.kind === 'snapshot' && ask.file) process.send?.({ kind: 'snapshot', file: writeHeapSnapshot(ask.file) });
});
