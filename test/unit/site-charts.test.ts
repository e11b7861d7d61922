import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from '../../shared/site/charts';
import { inspectHtml } from '../support/html-inspect';
import { PAYLOADS } from '../support/xss-payloads';
import { defined } from '../support/defined';

const CHART_TAGS = new Set([
  'figure',
  'figcaption',
  'span',
  'svg',
  'title',
  'desc',
  'line',
  'text',
  'rect',
  'polyline',
  'circle',
  'div',
  'table',
  'caption',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);

/** The numbers drawn as bar/point value labels, in order. */
const drawnValues = (html: string) => [...html.matchAll(/<text [^>]*font-size="12" fill="#1f2328"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('barChart', () => {
  const html = barChart({
    title: '申请人类型',
    unit: '件',
    bars: [
      { label: '自然人', value: 120 },
      { label: '商业企业', value: 30 },
      { label: '科研机构', value: null },
      { label: '社会公益组织', value: 0 },
    ],
  });

  it('is a labelled SVG image with title and desc, scaled by its box', () => {
    const id = defined(/<figure class="chart" id="([^"]+)">/.exec(html))[1];
    expect(html).toContain(`aria-labelledby="${id}-t ${id}-d"`);
    expect(html).toContain(`<title id="${id}-t">申请人类型</title>`);
    expect(html).toMatch(new RegExp(`<desc id="${id}-d">[^<]+</desc>`));
    expect(html).toMatch(/<svg role="img"[^>]* viewBox="0 0 360 \d+" width="100%"/);
    // No fixed pixel width anywhere: it must shrink to a 390 px screen.
    expect(html).not.toMatch(/width="\d+px"|style=/);
    expect(html.indexOf('<figcaption>')).toBeLessThan(html.indexOf('<svg'));
  });

  it('scales bars by value, from 0: 120 is four times 30, and 0 has no length', () => {
    const widths = [...html.matchAll(/<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="14" fill="#0550ae"\/>/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(3);
    expect(defined(widths[0]) / defined(widths[1])).toBeCloseTo(4, 1);
    expect(widths[2]).toBe(0);
  });

  it('draws null as an empty dashed bar labelled 无数据, never as 0', () => {
    expect(html).toContain('stroke-dasharray');
    expect(drawnValues(html)).toEqual(['120', '30', '0']);
    expect(html).toMatch(/fill="#59636e">无数据<\/text>/);
    // The table says it in words too.
    expect(html).toContain('<tr><th scope="row">科研机构</th><td><span class="na">无数据</span></td></tr>');
    expect(html).toContain('<tr><th scope="row">社会公益组织</th><td>0</td></tr>');
  });

  it('comes with a table of the same data: caption and scoped headers', () => {
    const page = inspectHtml(html);
    expect(page.tags.filter((t) => t === 'table')).toHaveLength(1);
    expect(html).toContain('<caption>申请人类型（数据表）</caption>');
    expect(html).toContain('<th scope="col">数值（件）</th>');
    expect(html).toContain('<tr><th scope="row">自然人</th><td>120</td></tr>');
    expect(html).toMatch(/<div class="scroll" role="region" aria-label="[^"]+" tabindex="0"><table/);
  });

  it('a chart whose values are all 0 is flat and says so', () => {
    const flat = barChart({
      title: 'x',
      bars: [
        { label: 'a', value: 0 },
        { label: 'b', value: 0 },
      ],
    });
    expect(flat).toContain('各项数值均为 0');
    const none = barChart({ title: 'y', nullLabel: '未读出', bars: [{ label: 'a', value: null }] });
    expect(none).toContain('全部未读出');
    expect(none).not.toMatch(/>0<\/td>/);
  });

  it('uses the caller id so that one page can hold two charts with the same title', () => {
    const a = barChart({ title: '同名', id: 'a1', bars: [{ label: 'x', value: 1 }] });
    const b = barChart({ title: '同名', id: 'b2', bars: [{ label: 'x', value: 1 }] });
    expect(a).toContain('id="a1-t"');
    expect(b).toContain('id="b2-t"');
    // And the default id is stable for one title.
    expect(barChart({ title: '同名', bars: [] })).toBe(barChart({ title: '同名', bars: [] }));
  });

  it('keeps long labels whole in the table and cut in the picture', () => {
    const label = '（二）部分公开（区分处理的，只计这一情形，不计其他情形）这一行标签很长';
    const h = barChart({ title: 'long', bars: [{ label, value: 5 }] });
    expect(h).toContain(`<th scope="row">${label}</th>`);
    expect(h).toMatch(/<text [^>]*font-size="13"[^>]*>[^<]{24}…<\/text>/);
  });

  it('handles negative values (the 2019 增/减 column) with bars left of zero', () => {
    const h = barChart({
      title: 'neg',
      bars: [
        { label: 'a', value: -10 },
        { label: 'b', value: 10 },
      ],
    });
    const rects = [...h.matchAll(/<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="14" fill/g)].map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));
    const [neg, pos] = [defined(rects[0]), defined(rects[1])];
    expect(neg.w).toBeCloseTo(pos.w, 3);
    expect(neg.x + neg.w).toBeCloseTo(pos.x, 3);
  });

  it.each(PAYLOADS)('escapes %s in title, desc, unit and labels', (p) => {
    const h = barChart({ title: p, desc: p, unit: p, bars: [{ label: p, value: 1 }] });
    const page = inspectHtml(h);
    expect(page.tags.filter((t) => !CHART_TAGS.has(t))).toEqual([]);
    expect(page.attrs.filter(([k]) => k.startsWith('on') || k === 'href' || k === 'src')).toEqual([]);
    expect(page.text).toContain(p);
  });
});

describe('lineChart', () => {
  const html = lineChart({
    title: '历年新收申请',
    points: [
      { x: '2019', y: 10 },
      { x: '2020', y: 20 },
      { x: '2021', y: null },
      { x: '2022', y: 40 },
      { x: '2023', y: 30 },
    ],
    nullLabel: '未读出',
  });

  it('breaks the line at a null: two segments, not one line through 0', () => {
    const lines = [...html.matchAll(/<polyline points="([^"]+)"/g)].map((m) => defined(m[1]).split(' ').length);
    expect(lines).toEqual([2, 2]);
    expect(html.match(/<circle /g)).toHaveLength(4);
    expect(html).toContain('>未读出</text>');
    expect(html).toContain('<tr><th scope="row">2021</th><td><span class="na">未读出</span></td></tr>');
  });

  it('places points by value: 40 is highest, 20 midway between 0 and 40', () => {
    const ys = [...html.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    const zeroY = Number(defined(/<line x1="48" y1="([\d.]+)" x2="344" y2="\1" stroke="#1f2328"/.exec(html))[1]);
    // ys: 10, 20, 40, 30
    expect(Math.min(...ys)).toBe(ys[2]);
    expect(zeroY - defined(ys[1])).toBeCloseTo((zeroY - defined(ys[2])) / 2, 1);
  });

  it('has the table of every point', () => {
    expect(html).toContain('<th scope="col">年度</th>');
    for (const [x, y] of [
      ['2019', '10'],
      ['2022', '40'],
    ])
      expect(html).toContain(`<tr><th scope="row">${x}</th><td>${y}</td></tr>`);
  });
});
