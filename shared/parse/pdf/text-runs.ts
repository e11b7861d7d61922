import type { Run } from './page-model';

// Fonts map one glyph to several code points; PDF writers (Chromium, some Word exports) pick the
// radical (⼈ U+2F08, ⺠ U+2EA0) instead of the ideograph. Kangxi radicals fold under NFKC; the
// supplement has no decomposition, so its pairs are listed here (from the Noto CJK SC cmap:
// code points that share a glyph with an ideograph).
const RADICAL_PAIRS =
  '⺂乛⺃乚⺅亻⺉刂⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺭礻⺯糹⺰纟⺱罓⺹耂⺺肀⺾艹⻂衤⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟';
const RADICALS = new Map<string, string>();
for (let i = 0; i < RADICAL_PAIRS.length; i += 2) RADICALS.set(RADICAL_PAIRS[i]!, RADICAL_PAIRS[i + 1]!);
const RADICAL = /[\u2e80-\u2fdf]/;
const RADICAL_G = /[\u2e80-\u2fdf]/g;

export function cjk(s: string): string {
  if (!RADICAL.test(s)) return s;
  return s.replace(RADICAL_G, (c) => RADICALS.get(c) ?? c.normalize('NFKC'));
}

type TextItem = { str: string; transform: number[]; width: number; height: number };

export function toRuns(items: unknown[], x0: number, y0: number): Run[] {
  const runs: Run[] = [];
  for (const raw of items) {
    const it = raw as TextItem;
    if (typeof it.str !== 'string' || it.str.trim() === '') continue;
    const t = it.transform;
    const size = Math.hypot(t[2]!, t[3]!) || it.height || 1;
    const x = t[4]! - x0;
    runs.push({ x, x1: x + (it.width || size * it.str.length * 0.5), y: t[5]! - y0, size, str: cjk(it.str) });
  }
  return runs;
}

const FIGURE = /^[\s\d.,/+\-−—–]+$/;
export function mayHoldTable(runs: Run[]): boolean {
  let figures = 0;
  for (const run of runs) if (FIGURE.test(run.str) && ++figures >= 3) return true;
  return false;
}
