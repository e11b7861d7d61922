import type { Block } from './blocks';
import { PARSE_LIMITS, tooComplex } from './limits';
import { isPageFurniture } from './page-chrome';

interface TableContext {
  rows: string[][];
  row: string[] | undefined;
  cell: string | undefined;
  /** a table that holds another table is page layout, not data: its cells become paragraphs */
  layout: boolean;
}

/**
 * Collects paragraphs and table grids from a stream of markup events (HTML or WordprocessingML),
 * so both extractors share one notion of cells, rows, layout tables and line breaks.
 */
export class BlockBuilder {
  readonly blocks: Block[] = [];
  private cells = 0;
  private paragraph = '';
  private readonly tables: TableContext[] = [];

  text(s: string): void {
    const table = this.tables[this.tables.length - 1];
    if (table && table.cell !== undefined && !table.layout) table.cell += s;
    else this.paragraph += s;
  }

  /** A hard line break: inside a cell it stays a newline, in running text it ends the paragraph. */
  lineBreak(): void {
    const table = this.tables[this.tables.length - 1];
    if (table && table.cell !== undefined && !table.layout) table.cell += '\n';
    else this.flushParagraph();
  }

  /** A block element boundary (</p>, <div>, …). */
  boundary(): void {
    this.lineBreak();
  }

  openTable(): void {
    this.flushParagraph();
    const outer = this.tables[this.tables.length - 1];
    if (outer && !outer.layout) this.demoteToLayout(outer);
    this.tables.push({ rows: [], row: undefined, cell: undefined, layout: false });
  }

  openRow(): void {
    const table = this.tables[this.tables.length - 1];
    if (!table || table.layout) {
      this.flushParagraph();
      return;
    }
    this.closeRow();
    table.row = [];
  }

  openCell(): void {
    const table = this.tables[this.tables.length - 1];
    if (!table || table.layout) {
      this.flushParagraph();
      return;
    }
    if (table.cell !== undefined) this.closeCell();
    table.row ??= [];
    table.cell = '';
  }

  /** `keep: false` drops the cell (a vertically merged continuation in Word). */
  closeCell(keep = true): void {
    const table = this.tables[this.tables.length - 1];
    if (!table || table.layout) {
      this.flushParagraph();
      return;
    }
    if (table.cell === undefined) return;
    if (keep) {
      if (++this.cells > PARSE_LIMITS.maxCells) throw tooComplex('表格单元格');
      table.row ??= [];
      table.row.push(cleanCell(table.cell));
    }
    table.cell = undefined;
  }

  closeRow(): void {
    const table = this.tables[this.tables.length - 1];
    if (!table || table.layout) {
      this.flushParagraph();
      return;
    }
    if (table.cell !== undefined) this.closeCell();
    if (table.row && table.row.length > 0) table.rows.push(table.row);
    table.row = undefined;
  }

  closeTable(): void {
    const table = this.tables[this.tables.length - 1];
    if (!table) return;
    if (!table.layout) this.closeRow();
    this.tables.pop();
    if (table.layout) {
      this.flushParagraph();
      return;
    }
    const width = table.rows.reduce((w, r) => Math.max(w, r.length), 0);
    // A one-column table is a text box; a cell holding running text is page layout (a CMS puts
    // the whole article in one cell beside a menu). Data cells are labels and numbers.
    if (width <= 1 || table.rows.some((row) => row.some((cell) => cell.length > MAX_DATA_CELL_CHARS))) {
      for (const row of table.rows) for (const cell of row) this.paragraphLines(cell);
    } else if (table.rows.length > 0) {
      this.blocks.push({ type: 'table', rows: table.rows, pos: { block: this.blocks.length } });
    }
  }

  finish(): Block[] {
    while (this.tables.length > 0) this.closeTable();
    this.flushParagraph();
    return this.blocks;
  }

  private demoteToLayout(table: TableContext): void {
    for (const row of table.rows) for (const cell of row) this.paragraphLines(cell);
    for (const cell of table.row ?? []) this.paragraphLines(cell);
    if (table.cell !== undefined) this.paragraphLines(table.cell);
    table.rows = [];
    table.row = undefined;
    table.cell = undefined;
    table.layout = true;
  }

  private paragraphLines(text: string): void {
    for (const line of text.split('\n')) {
      const t = collapse(line);
      if (t && !isPageFurniture(t)) this.push({ type: 'paragraph', text: t, pos: { block: this.blocks.length } });
    }
  }

  /** Running text; a paragraph that is only a page number ("- 6 -", pasted from a PDF) is dropped. */
  private flushParagraph(): void {
    if (this.paragraph === '') return;
    const t = collapse(this.paragraph);
    this.paragraph = '';
    if (t && !isPageFurniture(t)) this.push({ type: 'paragraph', text: t, pos: { block: this.blocks.length } });
  }

  private push(block: Block): void {
    if (this.blocks.length >= PARSE_LIMITS.maxBlocks) throw tooComplex('段落');
    this.blocks.push(block);
  }
}

/** The longest table-三 label is 37 characters; a cell far longer than that is prose. */
const MAX_DATA_CELL_CHARS = 200;

const WHITESPACE = /[ \t\r\n\f\u00a0]/;
const collapse = (s: string) => (WHITESPACE.test(s) ? s.replace(/[ \t\r\n\f\u00a0]+/g, ' ').trim() : s);
/** Cell text keeps its line breaks (<br>, paragraphs) and loses the markup's whitespace. */
const cleanCell = (s: string) => (s.indexOf('\n') === -1 ? collapse(s) : s.split('\n').map(collapse).filter(Boolean).join('\n'));
