import { readlinkSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { PARSE_WORKER_ROLE, type ParseJob, type WorkerMessage } from './isolated-parse';
import { detectInput } from './detect';
import type { InputKind } from './input-kinds';
import { parseReport } from './pipeline';

/**
 * Makes a kind of document ready before the first one of it is read, and before its time budget
 * starts: the first import of its extractor (pdfjs is 3 MB) and the compiling of its hot paths (a
 * third of a cold worker's first PDF) are the same work whatever the document, so they are not
 * charged to it. Kinds are readied on first use, so the CLI checking a text file never loads pdfjs.
 */
const readied = new Map<InputKind, Promise<void>>();
function ready(kind: InputKind): Promise<void> {
  let done = readied.get(kind);
  if (!done) {
    done = readyKind(kind);
    readied.set(kind, done);
  }
  return done;
}

async function readyKind(kind: InputKind): Promise<void> {
  if (kind === 'pdf') {
    await (await import('./extract-pdf')).loadPdfjs();
    await parseReport(warmUpPdf());
  } else if (kind === 'docx') {
    await parseReport(zipSync({ 'word/document.xml': strToU8('<w:document><w:body><w:p><w:r><w:t>2021年度报告</w:t></w:r></w:p></w:body></w:document>') }));
  } else await import(kind === 'doc' ? './extract-doc' : kind === 'html' ? './extract-html' : './extract-text');
}

/** The kind the pipeline will read the bytes as; undefined where it will refuse them anyway. */
function kindOf(job: ParseJob): InputKind | undefined {
  try {
    return detectInput(job.bytes, job.options.contentType, job.options.filename).kind;
  } catch {
    return undefined;
  }
}

/** A page with a line of text and a ruled box, with its cross-reference table. */
function warmUpPdf(): Uint8Array {
  const content = 'BT /F1 12 Tf 72 720 Td (2021 annual report) Tj ET 72 600 m 300 600 l S 72 500 200 80 re S';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${pdf.length}\n%%EOF\n`;
  return strToU8(pdf);
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
  await ready('text');
  port.on('message', async (job: ParseJob) => {
    const kind = kindOf(job);
    if (kind) await ready(kind);
    // The budget starts now, with the document's own work.
    port.postMessage({ id: job.id, begin: true } satisfies WorkerMessage);
    // parseReport never throws on content; anything else ends the worker and is answered as a breach.
    const result = await parseReport(job.bytes, job.options);
    port.postMessage({ id: job.id, result } satisfies WorkerMessage);
  });
  port.postMessage({ ready: true, cpu: threadStatFile() } satisfies WorkerMessage);
}

// The role in workerData: importing this module anywhere else does nothing.
if (!isMainThread && (workerData as { role?: unknown } | null)?.role === PARSE_WORKER_ROLE) await serve();
