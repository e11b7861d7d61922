/**
 * The ruled-table reader on hand-made geometry: a figure run that pdfjs joined across a column
 * rule is split at the rule, and a split part that falls outside the grid's columns belongs to
 * no cell, so its row is left unread (it used to throw, or land in the next row's first cell).
 */
import { describe, expect, it } from 'vitest';
import { findGrids, readGrid } from '../../shared/parse/pdf/grid-detection';
import type { Run, Segment } from '../../shared/parse/pdf/page-model';
import { UNPLACED_WHY } from '../../shared/parse/pdf/row-placement';
import { defined } from '../support/defined';

// Two columns (100–150, 150–200) and two rows (300–280, 280–260); y grows upwards as in PDF.
const h: Segment[] = [300, 280, 260].map((at) => ({ at, from: 100, to: 200 }));
const v: Segment[] = [100, 150, 200].map((at) => ({ at, from: 260, to: 300 }));
const grid = () => defined(findGrids(h, v, { cells: 1000, crossings: 1000 })[0]).grid;

const label = (str: string, x: number, y: number): Run => ({ str, x, x1: x + 10, y, size: 10 });

describe('a ruled grid read from its rules', () => {
  it('finds the columns and rows the rules draw', () => {
    expect(grid()).toEqual({ xs: [100, 150, 200], ys: [300, 280, 260], top: 300, bottom: 260, left: 100, right: 200 });
  });

  it('splits a figure run across a column rule between its digits', () => {
    // 20pt a digit from x=110: the rule at 150 falls after the second digit.
    const rows = readGrid(grid(), h, v, [{ str: '1234', x: 110, x1: 190, y: 285, size: 10 }, label('甲', 110, 265)]);
    expect(rows.map((r) => r.map((c) => c.text))).toEqual([
      ['12', '34'],
      ['甲', ''],
    ]);
  });

  it('leaves a row unread where a split part lies left of the grid, in the first row', () => {
    // 22pt a digit from x=40: the cut at 150 is after five digits, whose middle (95) is left of the grid.
    const rows = readGrid(grid(), h, v, [{ str: '123456', x: 40, x1: 172, y: 285, size: 10 }, label('甲', 110, 265)]);
    const first = defined(rows[0]);
    expect(first.some((c) => c.unplaced === UNPLACED_WHY.straddles)).toBe(true);
    expect(rows.flat().map((c) => c.text)).not.toContain('12345');
  });

  it('leaves a row unread where a split part lies right of the grid, not in the next row', () => {
    // 10pt a digit from x=130: cut at 150 after two digits; the rest (150–260) has its middle past the right rule.
    const rows = readGrid(grid(), h, v, [{ str: '1234567890123', x: 130, x1: 260, y: 285, size: 10 }, label('甲', 110, 265)]);
    const [first, second] = rows;
    expect(defined(first).some((c) => c.unplaced === UNPLACED_WHY.straddles)).toBe(true);
    expect(defined(second).map((c) => c.text)).toEqual(['甲', '']);
  });
});
