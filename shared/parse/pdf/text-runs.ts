import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { tooComplex } from '../limits';
import type { PageFrame } from './page-frame';
import type { Run } from './page-model';

/** What is left of the document's allowance of text items, shared by its pages. */
export interface ItemBudget {
  items: number;
}

/**
 * The page's text as runs, read from pdfjs's stream chunk by chunk: the items are counted as they
 * arrive and the stream is cancelled at the document's bound, so a small file that draws a million
 * glyphs costs what the bound allows, not what the file asks. `box` is the page's width and height:
 * a glyph drawn outside the page (a table cut off at its edge) is not on the page and is not read.
 */
export async function readRuns(page: PDFPageProxy, frame: PageFrame, budget: ItemBudget): Promise<{ runs: Run[]; cut: number }> {
  const reader = page.streamTextContent().getReader();
  const runs: Run[] = [];
  const cut = { n: 0 };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const items = (value as { items?: unknown[] } | undefined)?.items ?? [];
      budget.items -= items.length;
      if (budget.items < 0) {
        // pdfjs asks a reason of whoever cancels: the worker's parse of the page stops with it.
        await reader.cancel(new Error('text item bound')).catch(() => undefined);
        throw tooComplex('文字片段');
      }
      addRuns(runs, items, frame, cut);
    }
  } finally {
    reader.releaseLock();
  }
  return { runs, cut: cut.n };
}

/**
 * The runs inside the page's content clip, across: Chromium leaves out the glyphs of a table too
 * wide for the page past its margin, all but those the margin cuts through, which are then
 * fragments of a number ("1" of "1717"). `cut` counts the runs left out.
 */
export function clipRuns(runs: Run[], clip: { left: number; right: number; bottom: number; top: number } | undefined): { runs: Run[]; cut: number } {
  if (!clip) return { runs, cut: 0 };
  // Only across: text above or below the clip (Chromium's own header and footer, printed in the
  // margin) is not cut off, and is left for the running-line filter.
  const across = (r: Run) => r.y >= clip.bottom - EDGE_SLACK && r.y <= clip.top + EDGE_SLACK;
  const kept = runs.filter((r) => !across(r) || (r.x >= clip.left - EDGE_SLACK && r.x1 <= clip.right + EDGE_SLACK));
  return { runs: kept, cut: runs.length - kept.length };
}

/** Half a point of slack: a glyph whose edge touches the page's edge is still on the page. */
const EDGE_SLACK = 0.5;

// Fonts map one glyph to several code points; PDF writers (Chromium, some Word exports) pick the
// radical (⼈ U+2F08, ⺠ U+2EA0) instead of the ideograph. Kangxi radicals fold under NFKC; the
// supplement has no decomposition, so its pairs are listed here (from the Noto CJK SC cmap:
// code points that share a glyph with an ideograph).
const RADICAL_PAIRS =
  '⺂乛⺃乚⺅亻⺉刂⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺭礻⺯糹⺰纟⺱罓⺹耂⺺肀⺾艹⻂衤⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟';
const RADICALS = new Map<string, string>();
let radical: string | undefined;
for (const c of RADICAL_PAIRS) {
  if (radical === undefined) radical = c;
  else {
    RADICALS.set(radical, c);
    radical = undefined;
  }
}
const RADICAL = /[\u2e80-\u2fdf]/;
const RADICAL_G = /[\u2e80-\u2fdf]/g;

export function cjk(s: string): string {
  if (!RADICAL.test(s)) return s;
  return s.replace(RADICAL_G, (c) => RADICALS.get(c) ?? c.normalize('NFKC'));
}

type TextItem = { str: string; transform: number[]; width: number; height: number };

function addRuns(runs: Run[], items: unknown[], frame: PageFrame, cut: { n: number }): void {
  const box = frame;
  for (const raw of items) {
    const it = raw as TextItem;
    if (typeof it.str !== 'string' || it.str.trim() === '') continue;
    // A run with no position in its transform has no place on the page.
    const [, , c, d, e, f] = it.transform;
    if (c === undefined || d === undefined || e === undefined || f === undefined) continue;
    const size = Math.hypot(c, d) || it.height || 1;
    const [x, y] = frame.at(e, f);
    const x1 = x + (it.width || size * it.str.length * 0.5);
    // Wholly or partly off the page: a figure half cut off at the edge is not a figure.
    if (x < -EDGE_SLACK || x1 > box.width + EDGE_SLACK || y < -EDGE_SLACK || y + size * 0.7 > box.height + EDGE_SLACK) {
      cut.n++;
      continue;
    }
    runs.push({ x, x1, y, size, str: cjk(it.str) });
  }
}

const FIGURE = /^[\s\d０-９.,/+\-−—–]+$/;
export function mayHoldTable(runs: Run[]): boolean {
  let figures = 0;
  for (const run of runs) if (FIGURE.test(run.str) && ++figures >= 3) return true;
  return false;
}
