import { readlinkSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { PARSE_WORKER_ROLE, type ParseJob, type WorkerMessage } from './isolated-parse';
import { parseReport } from './pipeline';

/**
 * Loads every extractor before the worker says it is ready: a document's time budget then counts
 * its own parse, not the first import of pdfjs (3 MB) or of the zip and XML readers.
 */
async function preload(): Promise<void> {
  const [pdf] = await Promise.all([
    import('./extract-pdf'),
    import('./extract-docx'),
    import('./extract-doc'),
    import('./extract-html'),
    import('./extract-text'),
  ]);
  await pdf.loadPdfjs();
}

/** This thread's /proc stat file, through which the parent reads the CPU time a document takes (Linux only). */
function threadStatFile(): string | undefined {
  try {
    return `/proc/${readlinkSync('/proc/thread-self')}/stat`;
  } catch {
    return undefined;
  }
}

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  await preload();
  port.on('message', async (job: ParseJob) => {
    // parseReport never throws on content; anything else ends the worker and is answered as a breach.
    const result = await parseReport(job.bytes, job.options);
    port.postMessage({ id: job.id, result } satisfies WorkerMessage);
  });
  port.postMessage({ ready: true, cpu: threadStatFile() } satisfies WorkerMessage);
}

// The role in workerData: importing this module anywhere else does nothing.
if (!isMainThread && (workerData as { role?: unknown } | null)?.role === PARSE_WORKER_ROLE) await serve();
