import type { ParseMessage } from '../model/findings';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { InputError } from './detect';
import type { DrawnContent } from './pdf-preflight';
import type { DocumentMeta, Extracted } from './input-kinds';
import { PARSE_LIMITS } from './limits';
import { toBlocks } from './pdf/blocks';
import type { Budget } from './pdf/grid-detection';
import { IMAGE_ONLY_MESSAGE, PDF_LIMITS } from './pdf/limits';
import { loadPdfjs } from './pdf/load-pdfjs';
import { isQuarterTurn, pageFrame } from './pdf/page-frame';
import { layoutPage } from './pdf/page-layout';
import type { PageItem } from './pdf/page-model';
import { contentRules } from './pdf/content-rules';
import { type PageRules, readRules } from './pdf/path-geometry';
import { dropRunningLines } from './pdf/running-lines';
import { type ItemBudget, cjk, clipRuns, mayHoldTable, readRuns } from './pdf/text-runs';

export { IMAGE_ONLY_MESSAGE, PDF_LIMITS, loadPdfjs };

/**
 * Reads the text layer of a PDF into blocks: table grids rebuilt from the ruling lines (merged
 * cells once, where they start, as the HTML and Word readers give them) or, for tables without
 * rules, from text positions; running headers, footers and page numbers dropped; prose lines
 * joined into paragraphs. A PDF without text (a scan) is archived unchecked: `imageOnly`.
 * `contents`: what each page draws, decoded, by page object number (the preflight's).
 */
export async function extractPdf(bytes: Uint8Array, contents?: Map<number, DrawnContent>): Promise<Extracted> {
  const { lib, options } = await loadPdfjs();
  let doc: PDFDocumentProxy;
  try {
    // pdfjs takes ownership of the buffer it is given; the caller's bytes are stored afterwards.
    doc = await lib.getDocument({ ...options, data: new Uint8Array(bytes) }).promise;
  } catch (err) {
    throw loadError(err);
  }
  try {
    if (doc.numPages > PDF_LIMITS.maxPages) {
      throw new InputError('TOO_COMPLEX', `PDF 有 ${doc.numPages} 页，超过 ${PDF_LIMITS.maxPages} 页的上限，不像是一份年度报告，已拒绝`);
    }
    const meta = await readMeta(doc);
    const pages: { height: number; cut: boolean; rotated: boolean; items: PageItem[] }[] = [];
    const budget: Budget = { cells: PARSE_LIMITS.maxCells, crossings: PARSE_LIMITS.maxCells * 4 };
    const itemBudget: ItemBudget = { items: PDF_LIMITS.maxTextItems };
    let chars = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      // A page stored turned (/Rotate) is read as shown; a turn other than a quarter is not shown
      // by viewers either, and its tables are left unread rather than read crosswise.
      const rotated = !isQuarterTurn(page.rotate);
      const frame = pageFrame(page.view, rotated ? 0 : page.rotate);
      const box = { width: frame.width, height: frame.height };
      const read = await readRuns(page, frame, itemBudget);
      for (const r of read.runs) chars += r.str.length;
      // Only pages with figures on them can hold a statistics table. Their rules are read from the
      // content streams the preflight decoded; pdfjs's operator list (half as much again as the
      // text) only where those do not say all the page draws.
      const streams = page.ref ? contents?.get(page.ref.num) : undefined;
      const rules: PageRules = mayHoldTable(read.runs)
        ? ((streams && contentRules(streams, frame, PDF_LIMITS.maxRulesPerPage)) ?? (await readRules(lib, page, frame)))
        : { h: [], v: [] };
      const { runs, cut } = clipRuns(read.runs, rules.clip);
      pages.push({ height: frame.height, cut: read.cut + cut > 0, rotated, items: layoutPage(runs, rules, budget, box) });
      page.cleanup();
    }
    if (chars < PDF_LIMITS.minCharsPerPage * doc.numPages) {
      return {
        blocks: [],
        encoding: 'pdf',
        imageOnly: true,
        messages: [{ level: 'warning', code: 'IMAGE_ONLY', message: IMAGE_ONLY_MESSAGE }],
        ...(meta ? { meta } : {}),
      };
    }
    dropRunningLines(pages);
    const messages: ParseMessage[] = [];
    const blocks = toBlocks(pages, messages);
    return { blocks, encoding: 'pdf', messages, ...(meta ? { meta } : {}) };
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw loadError(err);
  } finally {
    await doc.destroy();
  }
}

function loadError(err: unknown): InputError {
  const name = (err as Error)?.name;
  if (name === 'PasswordException') return new InputError('ENCRYPTED', 'PDF 文件已加密（设有密码），无法读取：请上传未加密的版本');
  return new InputError('CORRUPT_PDF', '无法打开 PDF 文件：文件已损坏或不完整，请重新导出后上传');
}

async function readMeta(doc: PDFDocumentProxy): Promise<DocumentMeta | undefined> {
  const { info } = await doc.getMetadata().catch(() => ({ info: undefined }));
  const title = (info as { Title?: unknown } | undefined)?.Title;
  return typeof title === 'string' && title.trim() ? { title: cjk(title.trim()) } : undefined;
}
