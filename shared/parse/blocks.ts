import type { Position } from '../model/findings';

/**
 * What every extractor produces, whatever the input: paragraphs and table grids in reading
 * order. A table row holds its source cells (merged cells appear once, where they start).
 */
export type Block = { type: 'paragraph'; text: string; pos: Position; cell?: boolean } | { type: 'table'; rows: string[][]; pos: Position };
