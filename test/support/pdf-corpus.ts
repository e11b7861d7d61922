/**
 * The PDF corpus under test/fixtures/pdf-corpus/: PDFs made as agencies make them (CMS pages
 * printed by Chromium, Word files exported by LibreOffice), each with a JSON recipe beside it.
 * The report a PDF was printed from is rebuilt here from its recipe alone, never from the parser,
 * and `scoreFile` compares the parser's reading with it cell by cell.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Cell, Report } from '../../shared/model/report';
import { parseReport } from '../../shared/parse/pipeline';
import { numbersFor, type NumberPattern } from './corpus-numbers';
import { RECIPES_IN_ORDER } from './corpus-recipes';
import type { ChromiumStyle, WordStyle } from './corpus-styles';
import { narrative } from './corpus-text';
import { type Item, layout } from './document';
import { fixturePath } from './fixtures';
import { buildReport } from './sample-reports';

export interface RecipeBase {
  file: string;
  format: '2021' | '2019';
  year: number;
  agency: string;
  pattern: NumberPattern;
  seed: number;
  /** what makes this PDF different from the others, in a few words */
  style: string;
  /**
   * The agency's own slip: this cell is printed `delta` off what the arithmetic gives. The parser
   * must read it as printed, so the rules can find it. Path as in `report.tables`: table.row.column.
   */
  mistake?: { path: string; delta: number };
  /** numbers of four digits and more printed with thousands separators: 12,345 */
  thousands?: boolean;
  /** what a blank cell is printed as instead of nothing: '/' or '—' (both read as blank, never 0) */
  blankMark?: '/' | '—';
  /** 本年增/减 printed in words: 增3, 减4 */
  signWords?: boolean;
  /** figures typed with the full-width digits of a Chinese input method: １２３ */
  fullWidthDigits?: boolean;
  /** a note under each table, with a date in it: 注：本表数据统计截至2022年12月31日。 */
  tableNote?: boolean;
  /** table 三's corner cell left empty instead of carrying the 勾稽关系 note */
  blankCorner?: boolean;
}

export interface ChromiumRecipe extends RecipeBase {
  producer: 'chromium';
  chromium: ChromiumStyle;
  /** the table is wider than the page and cut off at its right edge: cells past it can only be unread */
  cutOff?: boolean;
}

export interface WordRecipe extends RecipeBase {
  producer: 'libreoffice';
  word: WordStyle;
  /** the table is wider than the page and runs off its right edge */
  cutOff?: boolean;
}

export type CorpusRecipe = ChromiumRecipe | WordRecipe;

export const CORPUS_RECIPES: CorpusRecipe[] = RECIPES_IN_ORDER;

export const corpusPath = (file: string) => fixturePath(`pdf-corpus/${file}`);

/** The recipes as the JSON files beside the PDFs hold them, in file-name order. */
export function loadCorpusRecipes(): CorpusRecipe[] {
  return readdirSync(corpusPath(''))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(corpusPath(f), 'utf8')) as CorpusRecipe);
}

const leadOf = (r: CorpusRecipe) => (r.producer === 'chromium' ? r.chromium.leadParagraphs : r.word.leadParagraphs) ?? 0;

/** The report the recipe's PDF was printed from: the truth each cell is scored against. */
export function corpusReport(r: CorpusRecipe): Report {
  const report = buildReport(r.format, r.year, r.agency, numbersFor(r.format, r.pattern, r.seed), {
    overview: [`${r.year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。`, narrative(leadOf(r), r.seed)]
      .filter(Boolean)
      .join('\n'),
  });
  const tables = report.tables;
  if (!tables) return report;
  if (r.pattern === 'blanks') blankZeroRows(tables, r.seed);
  if (r.mistake) {
    const cell = cellAt(tables, r.mistake.path);
    if (!cell || cell.value === null) throw new Error(`${r.file}: the mistake's cell ${r.mistake.path} is not a number`);
    cell.value += r.mistake.delta;
  }
  printAs(tables, r);
  return report;
}

/** How the recipe writes its cells: the raw text the layout prints, the value unchanged. */
function printAs(tables: NonNullable<Report['tables']>, r: CorpusRecipe) {
  for (const [path, cell] of cellEntries(tables)) {
    const v = cell.value;
    if (v === null) {
      if (r.blankMark) cell.raw = r.blankMark;
    } else if (r.signWords && path.endsWith('.change') && v !== 0) cell.raw = v < 0 ? `减${-v}` : `增${v}`;
    else if (r.thousands && Number.isInteger(v) && Math.abs(v) >= 1000) cell.raw = v.toLocaleString('en-US');
    if (r.fullWidthDigits && cell.value !== null)
      cell.raw = (cell.raw ?? String(cell.value)).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  }
}

function cellEntries(node: unknown, prefix = ''): [string, Cell][] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return isCell(v) ? [[path, v] as [string, Cell]] : cellEntries(v, path);
  });
}

/** The report laid out as printed: the official layout, with the recipe's notes and corner. */
export function corpusItems(r: CorpusRecipe, report: Report): Item[] {
  const titleOnOneLine = (r.producer === 'chromium' ? r.chromium.titleOnOneLine : r.word.titleOnOneLine) === true;
  const items = layout(report, { titleOnOneLine });
  let table = 0;
  return items.flatMap((item): Item[] => {
    if (item.type !== 'table') return [item];
    const rows =
      table++ === 1 && r.blankCorner ? item.rows.map((row, i) => (i === 0 ? row.map((c, j) => (j === 0 ? { ...c, text: '' } : c)) : row)) : item.rows;
    const note: Item = { type: 'p', text: `注：本表数据统计截至${r.year}年12月31日，单位为件。` };
    return r.tableNote ? [{ type: 'table', rows }, note] : [{ type: 'table', rows }];
  });
}

/** Rows that are all zero are printed empty in most of the shapes that leave cells blank. */
function blankZeroRows(tables: NonNullable<Report['tables']>, seed: number) {
  let k = seed;
  for (const table of [tables.activeDisclosure, tables.applications]) {
    for (const row of rowsOf(table)) {
      const cells = Object.values(row);
      if (!cells.every((c) => c.value === 0)) continue;
      k = (k * 1103515245 + 12345) % 2147483648;
      if (k % 10 < 7) for (const c of cells) c.value = null;
    }
  }
}

const isCell = (x: unknown): x is Cell => typeof x === 'object' && x !== null && 'value' in x;

/** The rows of a table: objects whose values are cells. */
function rowsOf(node: unknown): Record<string, Cell>[] {
  if (typeof node !== 'object' || node === null) return [];
  const values = Object.values(node);
  if (values.length > 0 && values.every(isCell)) return [node as Record<string, Cell>];
  return values.flatMap(rowsOf);
}

function cellAt(tables: unknown, path: string): Cell | undefined {
  let node: unknown = tables;
  for (const part of path.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return isCell(node) ? node : undefined;
}

/** Every cell of the tables by its path: activeDisclosure.regulations.issued → value. */
export function cellsOf(tables: unknown): Map<string, number | null> {
  return new Map(cellEntries(tables).map(([path, cell]) => [path, cell.value]));
}

export interface FileScore {
  file: string;
  producer: CorpusRecipe['producer'];
  style: string;
  cutOff: boolean;
  parsed: boolean;
  right: number;
  unread: number;
  wrong: number;
  /** `path: read X, printed Y` for each cell read wrong */
  wrongCells: string[];
  /** unread cells that no parse message names: left empty without saying why */
  unmarked: number;
  /** warnings and errors the parser gave */
  warnings: number;
  agencyOk: boolean;
  yearOk: boolean;
  formatOk: boolean;
  /** every cell right */
  fullyRead: boolean;
}

/**
 * Parses one PDF and scores it against its recipe: a cell is right when the value read equals
 * the printed one (a blank read as null is right), unread when the parser left a printed number
 * null, wrong when it gives any other number, 0 for a printed 5 or a number for a blank.
 */
export async function scoreFile(recipe: CorpusRecipe, bytes: Uint8Array): Promise<FileScore> {
  const truth = cellsOf(corpusReport(recipe).tables);
  const result = await parseReport(bytes, { filename: recipe.file });
  const report = result.ok ? result.report : undefined;
  const read = cellsOf(report?.tables);
  const named = new Set(result.messages.flatMap((m) => (m.cells ?? []).map((c) => `${c.table}.${c.row}.${c.column}`)));
  let right = 0;
  let unread = 0;
  let unmarked = 0;
  const wrongCells: string[] = [];
  for (const [path, value] of truth) {
    const got = read.get(path) ?? null;
    if (got === value) right++;
    else if (got === null) {
      unread++;
      if (!named.has(path)) unmarked++;
    } else wrongCells.push(`${path}: read ${got}, printed ${value ?? 'blank'}`);
  }
  return {
    file: recipe.file,
    producer: recipe.producer,
    style: recipe.style,
    cutOff: recipe.cutOff === true,
    parsed: result.ok,
    right,
    unread,
    wrong: wrongCells.length,
    wrongCells,
    unmarked,
    warnings: result.messages.filter((m) => m.level !== 'info').length,
    agencyOk: report?.agency === recipe.agency,
    yearOk: report?.year === recipe.year,
    formatOk: report?.format === recipe.format,
    fullyRead: right === truth.size,
  };
}

export const scoreCorpusFile = (recipe: CorpusRecipe) => scoreFile(recipe, readFileSync(corpusPath(recipe.file)));
