import { escapeHtml as e } from '../render/escape';

/**
 * Charts as plain inline SVG, each followed by a table of the same numbers: the picture is for
 * eyes, the table is the accessible (and copyable) equivalent. A null value is drawn as a gap or an
 * empty bar with a word beside it, never as 0, because "not read" and "zero" are different claims.
 *
 * The SVG scales with its box (viewBox + width 100%); the viewBox is narrow (360 units) so text
 * keeps a readable size on a 390 px phone, and CHART_CSS caps its width on wide screens.
 */

export interface ChartCommon {
  title: string;
  desc?: string;
  /** printed after values in the table header and the description, e.g. 件 or 万元 */
  unit?: string;
  /** element id stem; defaults to a hash of the title. Pass one when a page repeats a title. */
  id?: string;
  /** what a null value means here: 未读出 (a cell could not be read) or 无数据 (nothing to sum) */
  nullLabel?: string;
  /** header of the label column of the table */
  labelHeader?: string;
}

export interface LineChartInput extends ChartCommon {
  points: { x: string; y: number | null }[];
}

export interface BarChartInput extends ChartCommon {
  bars: { label: string; value: number | null }[];
}

const W = 360;
const INK = '#1f2328';
const MUTED = '#59636e';
const GRID = '#d0d7de';
// Text over gridlines keeps a white outline so it stays legible (and AA) where a line crosses it.
const HALO = 'paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round"';
// #0550ae on white is 8.6:1; far above the 3:1 that graphics need, and the same blue as links.
const MARK = '#0550ae';

/** FNV-1a, so the same title gives the same id on every render (stable for tests and anchors). */
function hashId(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `chart-${(h >>> 0).toString(36)}`;
}

const chartId = (input: ChartCommon) => (input.id ? input.id.replace(/[^A-Za-z0-9_-]/g, '_') : hashId(input.title));

export function formatNumber(n: number): string {
  return n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** A round step so that about `ticks` gridlines cover [0, span]. */
function niceStep(span: number, ticks: number): number {
  if (!(span > 0)) return 1;
  const raw = span / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * mag;
}

interface Scale {
  lo: number;
  hi: number;
  ticks: number[];
  /** every value is 0 or missing: the chart is flat */
  flat: boolean;
}

/** Always includes 0, so bar lengths compare honestly; rounded out to the gridline step. */
function scaleOf(values: (number | null)[]): Scale {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const min = Math.min(0, ...known);
  const max = Math.max(0, ...known);
  if (max === min) return { lo: 0, hi: 1, ticks: [0], flat: true };
  const step = niceStep(max - min, 4);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return { lo, hi, ticks, flat: false };
}

/** SVG text does not wrap: long labels are cut in the picture and given in full in the table. */
function clip(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

const withUnit = (v: number, unit?: string) => `${formatNumber(v)}${unit ? ` ${unit}` : ''}`;

function autoDesc(items: { label: string; value: number | null }[], unit: string | undefined, nullLabel: string): string {
  const known = items.filter((i): i is { label: string; value: number } => i.value !== null);
  if (!known.length) return `共 ${items.length} 项，均为${nullLabel}。`;
  const top = known.reduce((a, b) => (b.value > a.value ? b : a));
  const missing = items.length - known.length;
  return `共 ${items.length} 项；最大为“${top.label}”，${withUnit(top.value, unit)}${missing ? `；${missing} 项${nullLabel}` : ''}。各项数值见下表。`;
}

function dataTable(
  id: string,
  title: string,
  labelHeader: string,
  unit: string | undefined,
  items: { label: string; value: number | null }[],
  nullLabel: string,
) {
  const rows = items
    .map(
      (i) => `<tr><th scope="row">${e(i.label)}</th><td>${i.value === null ? `<span class="na">${e(nullLabel)}</span>` : e(formatNumber(i.value))}</td></tr>`,
    )
    .join('');
  return `<div class="scroll" role="region" aria-label="${e(`${title}：数据表`)}" tabindex="0"><table class="chart-data" id="${id}-table"><caption>${e(title)}（数据表）</caption><thead><tr><th scope="col">${e(labelHeader)}</th><th scope="col">数值${unit ? `（${e(unit)}）` : ''}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function figure(id: string, input: ChartCommon, svg: string, table: string, note: string | null): string {
  // figcaption first: HTML allows it only as the first or the last child of a figure.
  const caption = `<figcaption>${e(input.title)}${input.unit ? `<span class="unit">（单位：${e(input.unit)}）</span>` : ''}${
    input.desc ? ` <span class="desc">${e(input.desc)}</span>` : ''
  }${note ? ` <span class="note">${e(note)}</span>` : ''}</figcaption>`;
  return `<figure class="chart" id="${id}">${caption}${svg}${table}</figure>`;
}

function svgOpen(id: string, title: string, desc: string, height: number): string {
  return `<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${W} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif"><title id="${id}-t">${e(title)}</title><desc id="${id}-d">${e(desc)}</desc>`;
}

function flatNote(values: (number | null)[], nullLabel: string): string | null {
  const known = values.filter((v) => v !== null);
  if (!known.length) return `没有可画的数值（全部${nullLabel}）。`;
  if (known.every((v) => v === 0)) return '各项数值均为 0，图形为一条平线。';
  return null;
}

/** Horizontal bars: each label on its own line above its bar, so long Chinese labels fit a phone. */
export function barChart(input: BarChartInput): string {
  const id = chartId(input);
  const nullLabel = input.nullLabel ?? '无数据';
  const values = input.bars.map((b) => b.value);
  const s = scaleOf(values);
  const left = 8;
  const right = 64; // room for the value after the longest bar
  const plotW = W - left - right;
  const x = (v: number) => left + ((v - s.lo) / (s.hi - s.lo)) * plotW;
  const top = 22;
  const rowH = 40;
  const height = top + Math.max(1, input.bars.length) * rowH + 8;
  const desc = input.desc ?? autoDesc(input.bars, input.unit, nullLabel);
  const parts: string[] = [svgOpen(id, input.title, desc, height)];
  // Gridlines and their values along the top.
  for (const t of s.ticks) {
    const gx = x(t).toFixed(1);
    parts.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${height - 8}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${gx}" y="${top - 8}" font-size="11" fill="${MUTED}" text-anchor="middle">${e(formatNumber(t))}</text>`);
  }
  const zero = x(0).toFixed(1);
  input.bars.forEach((b, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${left + 4}" y="${y + 14}" font-size="13" fill="${INK}" ${HALO}>${e(clip(b.label, 25))}</text>`);
    const barY = y + 20;
    if (b.value === null || !Number.isFinite(b.value)) {
      parts.push(`<rect x="${zero}" y="${barY}" width="40" height="14" fill="none" stroke="${MUTED}" stroke-dasharray="3 2"/>`);
      parts.push(`<text x="${(x(0) + 46).toFixed(1)}" y="${barY + 11}" font-size="12" fill="${MUTED}">${e(nullLabel)}</text>`);
      return;
    }
    const a = x(Math.min(0, b.value));
    const w = Math.abs(x(b.value) - x(0));
    parts.push(`<rect x="${a.toFixed(1)}" y="${barY}" width="${w.toFixed(1)}" height="14" fill="${MARK}"/>`);
    const end = b.value < 0 ? x(0) : x(b.value);
    parts.push(`<text x="${(end + 4).toFixed(1)}" y="${barY + 11}" font-size="12" fill="${INK}" ${HALO}>${e(formatNumber(b.value))}</text>`);
  });
  parts.push(`<line x1="${zero}" y1="${top - 4}" x2="${zero}" y2="${height - 8}" stroke="${INK}" stroke-width="1.5"/>`);
  parts.push('</svg>');
  const table = dataTable(id, input.title, input.labelHeader ?? '项目', input.unit, input.bars, nullLabel);
  return figure(id, input, parts.join(''), table, s.flat ? flatNote(values, nullLabel) : null);
}

/** A line over categories (years): a null breaks the line, and its place on the axis says so. */
export function lineChart(input: LineChartInput): string {
  const id = chartId(input);
  const nullLabel = input.nullLabel ?? '无数据';
  const values = input.points.map((p) => p.y);
  const s = scaleOf(values);
  const left = 48;
  const right = 16;
  const top = 20;
  const plotH = 180;
  const height = top + plotH + 44;
  const n = input.points.length;
  const plotW = W - left - right;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => top + plotH - ((v - s.lo) / (s.hi - s.lo)) * plotH;
  const items = input.points.map((p) => ({ label: p.x, value: p.y }));
  const desc = input.desc ?? autoDesc(items, input.unit, nullLabel);
  const parts: string[] = [svgOpen(id, input.title, desc, height)];
  for (const t of s.ticks) {
    const gy = y(t).toFixed(1);
    parts.push(`<line x1="${left}" y1="${gy}" x2="${W - right}" y2="${gy}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" font-size="11" fill="${MUTED}" text-anchor="end">${e(formatNumber(t))}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="${INK}" stroke-width="1.5"/>`);
  parts.push(`<line x1="${left}" y1="${y(0).toFixed(1)}" x2="${W - right}" y2="${y(0).toFixed(1)}" stroke="${INK}" stroke-width="1.5"/>`);
  // Segments between known neighbours only: a null leaves a visible gap.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) parts.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${MARK}" stroke-width="2.5"/>`);
    run = [];
  };
  // On a phone, every label on a long series would overlap: thin them out, the table has them all.
  const every = Math.max(1, Math.ceil(n / 8));
  const showValues = n <= 10;
  input.points.forEach((p, i) => {
    const px = x(i).toFixed(1);
    if (i % every === 0 || i === n - 1)
      parts.push(`<text x="${px}" y="${top + plotH + 18}" font-size="12" fill="${INK}" text-anchor="middle">${e(clip(p.x, 8))}</text>`);
    if (p.y === null || !Number.isFinite(p.y)) {
      flush();
      parts.push(`<text x="${px}" y="${top + plotH + 34}" font-size="10" fill="${MUTED}" text-anchor="middle">${e(nullLabel)}</text>`);
      return;
    }
    const py = y(p.y).toFixed(1);
    run.push(`${px},${py}`);
    parts.push(`<circle cx="${px}" cy="${py}" r="3.5" fill="${MARK}"/>`);
    if (showValues)
      parts.push(`<text x="${px}" y="${(y(p.y) - 8).toFixed(1)}" font-size="11" fill="${INK}" text-anchor="middle" ${HALO}>${e(formatNumber(p.y))}</text>`);
  });
  flush();
  parts.push('</svg>');
  const table = dataTable(id, input.title, input.labelHeader ?? '年度', input.unit, items, nullLabel);
  return figure(id, input, parts.join(''), table, s.flat ? flatNote(values, nullLabel) : null);
}
