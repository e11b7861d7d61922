import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The legacy build, on Lambda's Node 22 as on Node 20: the modern one calls Promise.try,
// Uint8Array.prototype.toHex, Math.sumPrecise and Map.prototype.getOrInsertComputed, which neither has.
export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Pdfjs;
let documentOptions: Record<string, unknown>;

/**
 * pdfjs, and the options every document is opened with (the benchmark's floor uses the same), is
 * imported on first use, not with this module: the Lambda bundles leave it out and
 * ship it as a node module, so a function that never reads a PDF never parses its 3 MB. It runs
 * in this thread (its "fake worker"), and reads CMaps (CJK CID fonts), the standard 14 fonts'
 * metrics and its image decoders from the files shipped in its package.
 */
export async function loadPdfjs(): Promise<{ lib: Pdfjs; options: Record<string, unknown> }> {
  if (pdfjs) return { lib: pdfjs, options: documentOptions };
  const dir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  documentOptions = {
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    cMapUrl: `${join(dir, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(dir, 'standard_fonts')}/`,
    wasmUrl: `${join(dir, 'wasm')}/`,
    iccUrl: `${join(dir, 'iccs')}/`,
    stopAtErrors: false,
    // The operator list is read for its ruling lines only: images are left out undecoded.
    maxImageSize: 0,
  };
  // pdfjs builds a DOMMatrix when it loads; in Node it borrows one from @napi-rs/canvas, a native
  // per-platform package that the Lambda functions do not ship. Text reading needs only the 2D
  // arithmetic, which a plain-JS implementation of the DOM class gives.
  (globalThis as { DOMMatrix?: unknown }).DOMMatrix ??= (await import('@thednp/dommatrix')).default;
  const natives = snapshotNatives();
  // The worker runs in this thread; loaded here rather than on the first document, so that
  // its own core-js is undone with the library's.
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  restoreNatives(natives);
  return { lib: pdfjs, options: documentOptions };
}

/**
 * The legacy build carries core-js, which replaces built-ins it finds wanting on this Node
 * (Array.prototype.push, JSON.parse and JSON.stringify on Node 20; Set.prototype.union and the
 * iterator helpers on Node 22) with slower spec-exact versions, for the whole process. pdfjs needs
 * none of those corners, so the built-ins that existed are put back; what was missing
 * (Promise.withResolvers on Node 20, Promise.try on both) stays added.
 */
function nativeTargets(): object[] {
  const g = globalThis as { Iterator?: { prototype: object } };
  return [
    Array.prototype,
    JSON,
    Promise,
    Map,
    Set.prototype,
    WeakMap.prototype,
    Math,
    ArrayBuffer.prototype,
    URL,
    ...(g.Iterator ? [g.Iterator.prototype] : []),
  ];
}

function snapshotNatives(): [object, Map<PropertyKey, PropertyDescriptor>][] {
  return nativeTargets().map((t) => {
    const descriptors = new Map<PropertyKey, PropertyDescriptor>();
    for (const k of Reflect.ownKeys(t)) {
      const d = Object.getOwnPropertyDescriptor(t, k);
      if (d) descriptors.set(k, d);
    }
    return [t, descriptors];
  });
}

function restoreNatives(saved: [object, Map<PropertyKey, PropertyDescriptor>][]): void {
  saved.forEach(([target, descriptors]) => {
    for (const [key, before] of descriptors) {
      const now = Object.getOwnPropertyDescriptor(target, key);
      if (now && (now.value !== before.value || now.get !== before.get) && now.configurable) Object.defineProperty(target, key, before);
    }
  });
}
