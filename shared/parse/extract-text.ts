import { parseCellValue } from './cell-value';
import { decodeText } from './decode';
import type { Extracted, ExtractHints } from './input-kinds';
import type { Block } from './blocks';
import { PARSE_LIMITS, tooComplex } from './limits';
import { startsWithCmsLabel } from './cms-block';
import { compact } from './normalize';
import { isPageFurniture } from './page-chrome';
import { looksLikeTitle } from './title';
const SENTENCE = /[。；;！？]/;

/**
 * Extracts blocks from plain text in any of the flattenings seen in the wild: one cell per line
 * (tab-indented, as agencies' CMS exports), rows with tabs or pipes between cells, cells between
 * blank lines, and PDF text where a row's numbers follow its label on one line.
 */
export function extractText(text: string): Block[] {
  const lines = splitLines(text);
  if (lines.length > PARSE_LIMITS.maxLines) throw tooComplex('行');
  const blocks: Block[] = [];
  let table: { rows: string[][]; line: number } | undefined;
  let lastCell: (Block & { type: 'paragraph' }) | undefined;
  const closeTable = () => {
    if (table) blocks.push({ type: 'table', rows: table.rows, pos: { line: table.line } });
    table = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = i + 1;
    if (raw.trim() === '') {
      lastCell = undefined;
      if (raw.includes('\t')) {
        closeTable();
        // A tab-only line is an empty cell in the one-cell-per-line layout.
        blocks.push({ type: 'paragraph', text: '', pos: { line }, cell: true });
      }
      continue;
    }
    // Page numbers and print headers of PDF or printed text ("- 3 -", "６/９", "2023/3/1 10:21 …"):
    // whole lines only, and never a tab-indented line, which is a table cell.
    if (raw.charCodeAt(0) !== 9 && raw.length <= 160 && isPageFurniture(raw)) continue;

    // "索引号：000014349/2023-00012  主题分类：政务公开" is a CMS block line and "福州市 生态环境局 2022 年
    // 政府信息公开工作 年度报告" a title with spaces in it: neither is a row of cells.
    const fields = mayBeRow(raw) && !startsWithCmsLabel(raw) && !mayBeTitle(raw) ? splitRow(raw) : undefined;
    if (fields) {
      lastCell = undefined;
      if (!table) table = { rows: [], line };
      table.rows.push(fields);
      continue;
    }
    closeTable();
    const textOnLine = raw.trim();
    if (raw.charCodeAt(0) === 9) {
      lastCell = { type: 'paragraph', text: textOnLine, pos: { line }, cell: true };
      blocks.push(lastCell);
    } else if (lastCell && !SENTENCE.test(textOnLine) && textOnLine.length <= 12) {
      // A header cell wrapped onto the next line ("商业\n企业") continues the cell above.
      lastCell.text += `\n${textOnLine}`;
    } else {
      lastCell = undefined;
      blocks.push({ type: 'paragraph', text: textOnLine, pos: { line } });
    }
  }
  closeTable();
  return blocks;
}

const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029|\f/;
const OTHER_BREAK = /[\r\u2028\u2029\f]/;

/** Lines at any of the breaks; a file with only \n (most) is split without the alternation. */
const splitLines = (text: string): string[] => (OTHER_BREAK.test(text) ? text.split(LINE_BREAK) : text.split('\n'));

/** The title test, only for a line with 报告 in it: most lines are rows, and this runs on each. */
const mayBeTitle = (raw: string) => (raw.includes('报') || raw.includes('報')) && raw.length <= 200 && looksLikeTitle(compact(raw));

/** Longer lines are prose (or hostile): no real table row comes near this. */
const MAX_ROW_CHARS = 16 * 1024;

/** Cheap pre-check: a row needs a separator after its leading tabs (tab, pipe or space). */
function mayBeRow(raw: string): boolean {
  if (raw.length > MAX_ROW_CHARS) return false;
  let i = 0;
  while (raw.charCodeAt(i) === 9) i++;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 9 || c === 124 || c === 32 || c === 0x3000) return true;
  }
  return false;
}

/** A Markdown table rule ("|---|:--:|"), checked without a backtracking regex. */
function isPipeRule(line: string): boolean {
  let dashes = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '-') dashes++;
    else if (c !== '|' && c !== ':' && c !== ' ' && c !== '\t') return false;
  }
  return dashes >= 2 && line.includes('|');
}

/** Splits a flattened table row into cells, or returns undefined for an ordinary line. */
function splitRow(raw: string): string[] | undefined {
  let lead = 0;
  while (raw.charCodeAt(lead) === 9) lead++;
  const body = lead === 0 ? raw : raw.slice(lead);
  if (isPipeRule(body)) return [];
  let fields: string[] | undefined;
  if (body.includes('|')) {
    const parts = body.split('|').map((s) => s.trim());
    if (parts[0] === '') parts.shift();
    if (parts[parts.length - 1] === '') parts.pop();
    if (parts.length >= 2) fields = parts;
  }
  if (!fields && body.includes('\t')) fields = body.split('\t').map((s) => s.trim());
  // Columns two spaces apart: the regular expression only where two spaces stand together.
  if (!fields && body.includes('  ') && /\S {2,}\S/.test(body) && !SENTENCE.test(body)) fields = body.trim().split(/ {2,}/);
  if (!fields) fields = splitTrailingValues(body.trim());
  if (!fields) return undefined;
  // Only a field with a space inside can hold a label and its values (PDF text). A plain loop:
  // this runs once per cell of the largest inputs.
  const out: string[] = [];
  for (const f of fields) {
    const split = f.includes(' ') || f.includes('\u3000') ? splitTrailingValues(f) : undefined;
    if (split) out.push(...split);
    else out.push(f);
  }
  return out;
}

/** "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0" → label + seven values (PDF text). */
function splitTrailingValues(text: string): string[] | undefined {
  if (SENTENCE.test(text)) return undefined;
  const parts = splitOnSpaces(text);
  if (parts.length < 2) return undefined;
  let k = parts.length;
  for (let part = parts[k - 1]; part !== undefined && parseCellValue(part) !== undefined && part !== ''; part = parts[k - 1]) k--;
  if (k === parts.length) {
    // "行 政 复 议": a label spread one character apart by PDF text, not a row of one-character cells.
    if (parts.length >= 3 && parts.every((p) => p.length === 1 && p.charCodeAt(0) > 0x2e80)) return undefined;
    // Header rows split by single spaces: short labels only, no sentence.
    if (parts.every((p) => p.length <= 10) && parts.length >= 3) return parts;
    return undefined;
  }
  if (k === 0) return parts;
  const out = [parts.slice(0, k).join(' ')];
  for (let j = k; j < parts.length; j++) out.push(parts[j] ?? '');
  return out;
}

/** `text.split(/[ \u3000]+/)` without the regular expression: this runs on every row of PDF text. */
function splitOnSpaces(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 0x3000) continue;
    parts.push(text.slice(from, i));
    while (i + 1 < text.length && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 0x3000)) i++;
    from = i + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

/** A plain-text file: decode, then split into blocks. */
export function extractTextFile(bytes: Uint8Array, hints: ExtractHints): Extracted {
  const decoded = decodeText(bytes, hints.charset);
  return { blocks: extractText(decoded.text), encoding: decoded.encoding, messages: decoded.messages };
}
