import type { ParseMessage, Position } from '../model/findings';
import type { Cell } from '../model/report';
import type { Block } from './blocks';
import { parseCellValue } from './cell-value';
import { PARSE_LIMITS, tooComplex } from './limits';
import { compact, labelCore } from './normalize';

/** One source cell or paragraph, with the forms the mapper compares labels on. */
export interface Token {
  text: string;
  compact: string;
  /** the label proper, numbering removed */
  core: string;
  value: Cell | undefined;
  cell: boolean;
  pos: Position;
}

/** What the mapping stages share while they read one document. */
export interface Ctx {
  tokens: Token[];
  messages: ParseMessage[];
  /** tokens that belong to a table region and are not section prose */
  consumed: Uint8Array;
}

export function toTokens(blocks: Block[]): Token[] {
  const tokens: Token[] = [];
  const push = (text: string, cell: boolean, pos: Position) => {
    const value = parseCellValue(text);
    // Values are most tokens of a table; they are never labels, so their label forms stay empty.
    if (value !== undefined) tokens.push({ text, compact: '', core: '', value, cell, pos });
    else {
      const c = compact(text);
      tokens.push({ text, compact: c, core: labelCore(c), value, cell, pos });
    }
  };
  for (const block of blocks) {
    if (tokens.length > PARSE_LIMITS.maxCells) throw tooComplex('行和单元格');
    if (block.type === 'paragraph') push(block.text, block.cell === true, block.pos);
    else {
      const line = block.pos.line;
      for (let r = 0; r < block.rows.length; r++) {
        // One position for the row's cells: positions are read, never written.
        const pos = line !== undefined ? { line: line + r } : block.pos;
        for (const cell of block.rows[r] ?? []) push(cell, true, pos);
      }
    }
  }
  return tokens;
}

/**
 * Running text, not a table cell: a long line with sentence punctuation, or a short one that ends
 * a sentence or introduces what follows ("本年度共发生行政复议3件。", "具体情况如下："). Header
 * cells never end that way.
 */
export const isProse = (t: Token) =>
  !t.cell && t.value === undefined && ((t.compact.length >= 20 && /[。；;：:]$|。/.test(t.compact)) || (t.compact.length >= 6 && /[。：:]$/.test(t.compact)));
