import type { ParseMessage, Position } from '../model/findings';
import {
  APPLICANT_COLUMNS,
  APPLICANT_COLUMN_LABELS,
  FORMAT_SIGNALS,
  GROUP_LABELS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  SECTION_KEYS,
  SECTION_TITLES,
  TABLE_NAMES,
  applicationRows,
  disclosureBlocks,
  type ReportFormat,
  type SectionKey,
  type TableKey,
} from '../model/keys';
import type { Cell, Report, Sections } from '../model/report';
import type { Block } from './blocks';
import { parseCellValue } from './cell-value';
import { PARSE_LIMITS, tooComplex } from './limits';
import { chineseYearDigits, compact, labelCore, stripNumbering } from './normalize';

interface Token {
  text: string;
  compact: string;
  /** the label proper, numbering removed */
  core: string;
  value: Cell | undefined;
  cell: boolean;
  pos: Position;
}

type Mapped = { report: Report; messages: ParseMessage[]; recognized: boolean };

/** Stage 4: blocks → the report model, finding every table by its labels, never by position. */
export function mapToModel(blocks: Block[]): Mapped {
  const tokens = toTokens(blocks);
  const messages: ParseMessage[] = [];
  const ctx: Ctx = { tokens, messages, consumed: new Uint8Array(tokens.length) };

  const title = findTitle(tokens, messages);
  const start = title ? title.index + 1 : 0;
  const headings = findHeadings(tokens, start);
  const end = findEnd(tokens, headings);
  const firstHeading = headings.length > 0 ? headings[0]!.index : end;

  const year = title?.year ?? null;
  const signals = countSignals(tokens, start, end);
  const sectionRange = (key: SectionKey): [number, number] => {
    const i = headings.findIndex((h) => h.key === key);
    if (i === -1) return [-1, -1];
    return [headings[i]!.index + 1, i + 1 < headings.length ? headings[i + 1]!.index : end];
  };

  let format: ReportFormat;
  let tables: Report['tables'] = null;
  const hasTableLabels = tokens.some(
    (t, i) => i >= start && i < end && (HEAD_LABEL.test(t.core) || /第二十条第\(/.test(t.compact)),
  );
  if (!hasTableLabels && signals['2021'] + signals['2019'] === 0 && (year === null || year <= 2018)) {
    format = 'pre2019';
  } else {
    format = decideFormat(signals, ctx, start, end, year);
    tables = readTables(ctx, format, sectionRange, start, end);
    if (!tables) {
      messages.push({
        level: 'warning',
        code: 'TABLES_NOT_FOUND',
        message: '没有找到统计表（表二至表四）。如果表格是图片，请上传含文字表格的版本',
      });
    }
  }

  const sections = Object.fromEntries(SECTION_KEYS.map((k) => [k, ''])) as Sections;
  for (const key of SECTION_KEYS) {
    const [from, to] = sectionRange(key);
    if (from === -1) continue;
    sections[key] = proseBetween(ctx, from, to);
  }
  for (const key of ['overview', 'problems', 'other'] as const) {
    if (sectionRange(key)[0] === -1 && format !== 'pre2019') {
      messages.push({ level: 'warning', code: 'SECTION_NOT_FOUND', message: `没有找到“${SECTION_TITLES[key]}”部分的标题` });
    }
  }

  const report = {
    schemaVersion: 1 as const,
    agency: title?.agency ?? '',
    year,
    format,
    title: title?.text ?? '',
    preamble: proseBetween(ctx, start, firstHeading, (t) => TITLE.test(t.compact) || t.compact === title?.agency || ARTICLE_META.test(t.compact)),
    sections,
    tables,
  } as Report;
  const recognized = title !== undefined || headings.length >= 2 || tables !== null;
  return { report, messages, recognized };
}

interface Ctx {
  tokens: Token[];
  messages: ParseMessage[];
  /** tokens that belong to a table region and are not section prose */
  consumed: Uint8Array;
}

function toTokens(blocks: Block[]): Token[] {
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
    else
      block.rows.forEach((row, r) =>
        row.forEach((cell) => push(cell, true, block.pos.line !== undefined ? { line: block.pos.line + r } : block.pos)),
      );
  }
  return tokens;
}

// ---- title, headings, end of report ---------------------------------------------------------

const TITLE = /^(?:关于)?(.*?)(?:(\d{4})年度?)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)$/;
// CMS breadcrumbs ("当前位置：首页 > 政务公开 > …") repeat the title; they are not it.
const BREADCRUMB = /当前位置|您的位置|首页\s*[>»›＞]|[>»›＞]\s*(?:政务公开|信息公开|政府信息公开|年度报告|年报)/;

function findTitle(tokens: Token[], messages: ParseMessage[]) {
  // A title with a year beats a bare "政府信息公开年报" in a menu.
  const hit = matchTitle(tokens, true) ?? matchTitle(tokens, false);
  if (!hit) {
    messages.push({ level: 'warning', code: 'TITLE_NOT_FOUND', message: '没有找到“××年政府信息公开工作年度报告”标题' });
    return undefined;
  }
  const { i, m } = hit;
  const t = tokens[i]!;
  let agency = m[1] ?? '';
  if (!agency) {
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
      const prev = tokens[j]!.compact;
      if (prev && prev.length <= 60 && !BREADCRUMB.test(prev) && tokens[j]!.value === undefined) {
        agency = prev;
        break;
      }
    }
  }
  let year = m[2] ? Number(m[2]) : null;
  if (year !== null && (year < 2000 || year > 2100)) {
    messages.push({ level: 'warning', code: 'YEAR_INVALID', message: `标题中的年度“${year}”不是有效的报告年度`, position: t.pos });
    year = null;
  } else if (year === null) messages.push({ level: 'warning', code: 'YEAR_NOT_FOUND', message: '标题中没有写明年度', position: t.pos });
  if (!agency) messages.push({ level: 'warning', code: 'AGENCY_NOT_FOUND', message: '标题中没有找到机关名称', position: t.pos });
  const text = agency && !t.compact.includes(agency) ? `${agency}${t.text.trim()}` : t.text.trim();
  return { index: i, agency, year, text };
}

function matchTitle(tokens: Token[], withYear: boolean) {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.compact.length > 80 || BREADCRUMB.test(t.compact)) continue;
    const m = TITLE.exec(chineseYearDigits(t.compact).replace(/[《》]/g, ''));
    if (m && (!withYear || m[2])) return { i, m };
  }
  return undefined;
}

const SECTION_HEADINGS: Record<SectionKey, RegExp> = {
  overview: /^(?:政府信息公开(?:工作)?的?)?(?:总体|基本|总体工作)情况$|^(?:总体)?概述$/,
  activeDisclosure: /^主动公开政府信息(?:的)?(?:工作)?情况$|^主动公开(?:工作)?情况$/,
  applications: /^收到和处理政府信息公开申请(?:的)?情况$|^依申请公开政府信息(?:的)?(?:工作)?情况$/,
  reviewLitigation: /^.{0,20}行政复议.{0,6}行政诉讼.{0,6}情况$/,
  problems: /^.{0,12}存在的?(?:主要)?问题.{0,3}改进(?:情况|措施)$/,
  other: /^其他需要报告的(?:事项|情况)$/,
};

// Every heading pattern ends in one of these words: a cheap test before the patterns.
const HEADING_END = /(?:情况|事项|措施|概述)$/;

function findHeadings(tokens: Token[], start: number) {
  const found: { key: SectionKey; index: number }[] = [];
  let next = 0;
  for (let i = start; i < tokens.length && next < SECTION_KEYS.length; i++) {
    const t = tokens[i]!;
    if (t.value !== undefined || t.compact.length > 40 || !HEADING_END.test(t.compact)) continue;
    const core = stripNumbering(t.compact);
    for (let k = next; k < SECTION_KEYS.length; k++) {
      if (SECTION_HEADINGS[SECTION_KEYS[k]!].test(core)) {
        found.push({ key: SECTION_KEYS[k]!, index: i });
        next = k + 1;
        break;
      }
    }
  }
  return found;
}

const CHROME = /版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备|网站地图|联系我们|打印本页|关闭窗口|【打印】|【关闭】|扫一扫|分享到|相关链接|上一篇|下一篇|Copyright/i;

function findEnd(tokens: Token[], headings: { index: number }[]): number {
  const from = headings.length > 0 ? headings[headings.length - 1]!.index + 1 : 0;
  for (let i = from; i < tokens.length; i++) if (CHROME.test(tokens[i]!.compact) && tokens[i]!.compact.length < 80) return i;
  return tokens.length;
}

// ---- format -----------------------------------------------------------------------------------

const HEAD_LABEL = /^本年新收(政府信息公开)?申请(数量)?$|^结果维持$/;

function countSignals(tokens: Token[], start: number, end: number) {
  const n = { '2021': 0, '2019': 0 };
  for (let i = start; i < end; i++) {
    const t = tokens[i]!;
    if (t.value !== undefined || t.core.length > 50) continue;
    if (FORMAT_SIGNALS['2021'].test(t.core)) n['2021']++;
    if (FORMAT_SIGNALS['2019'].test(t.core)) n['2019']++;
  }
  return n;
}

function decideFormat(signals: { '2021': number; '2019': number }, ctx: Ctx, start: number, end: number, year: number | null): '2021' | '2019' {
  if (signals['2021'] > 0 && signals['2019'] > 0) {
    ctx.messages.push({
      level: 'warning',
      code: 'MIXED_FORMAT_LABELS',
      message: `表格同时使用了 2021 版（${signals['2021']} 处）和 2019 版（${signals['2019']} 处）格式的栏目名称，按数量较多的一版读取`,
    });
  }
  if (signals['2021'] !== signals['2019']) return signals['2021'] > signals['2019'] ? '2021' : '2019';
  // No table 二 headers: （六）其他处理 with values of its own is the 2019 layout.
  for (let i = start; i < end; i++) {
    if (GROUP_LABELS.otherHandling.test(ctx.tokens[i]!.core)) {
      const next = ctx.tokens[i + 1];
      if (next?.value !== undefined) return '2019';
      return '2021';
    }
  }
  return year !== null && year < 2021 ? '2019' : '2021';
}

// ---- tables -----------------------------------------------------------------------------------

function readTables(
  ctx: Ctx,
  format: '2021' | '2019',
  sectionRange: (key: SectionKey) => [number, number],
  start: number,
  end: number,
): Report['tables'] {
  const range = (key: SectionKey, fallbackFrom: number): [number, number] => {
    const [from, to] = sectionRange(key);
    return from === -1 ? [fallbackFrom, end] : [from, to];
  };
  const [aFrom, aTo] = range('activeDisclosure', start);
  const disclosure = readDisclosure(ctx, format, aFrom, aTo);
  const [bFrom, bTo] = range('applications', disclosure.end);
  const applications = readApplications(ctx, format, bFrom, bTo);
  const [cFrom, cTo] = range('reviewLitigation', applications.end);
  const review = readReview(ctx, cFrom, cTo);
  if (!disclosure.found && !applications.found && !review.found) return null;
  reportBlankCells(ctx, 'activeDisclosure', disclosure.blank);
  reportBlankCells(ctx, 'applications', applications.blank);
  reportBlankCells(ctx, 'reviewLitigation', review.blank);
  return {
    activeDisclosure: disclosure.table,
    applications: applications.table,
    reviewLitigation: review.table,
  } as NonNullable<Report['tables']>;
}

interface ReadResult<T> {
  table: T;
  found: boolean;
  end: number;
  blank: string[];
}

/**
 * Finds a label from `from`. Besides its pattern, a long label also matches a token that is its
 * first five or more characters: PDF text and narrow columns wrap labels mid-word.
 */
const labelCores = new Map<string, string>();
/** The label as the parser compares it, computed once per printed label. */
function canonicalCore(label: string): string {
  let core = labelCores.get(label);
  if (core === undefined) labelCores.set(label, (core = labelCore(compact(label))));
  return core;
}

function findLabel(ctx: Ctx, re: RegExp, from: number, to: number, on: 'core' | 'compact' = 'core', label?: string): number {
  const full = label && on === 'core' ? canonicalCore(label) : undefined;
  for (let i = from; i < to; i++) {
    const t = ctx.tokens[i]!;
    if (t.value !== undefined || t[on].length > 80) continue;
    if (re.test(t[on])) return i;
    if (full && t.core.length >= 5 && full.length > t.core.length && full.startsWith(t.core)) return i;
  }
  return -1;
}

/**
 * Reads up to `n` cell values after a row label. Short fragments of a label split across lines
 * ("…申请" / "数量") are skipped before the first value; any other label ends the row.
 */
function readValues(ctx: Ctx, labelIndex: number, n: number, to: number, isLabel: (core: string) => boolean, label?: string) {
  const full = label ? canonicalCore(label) : '';
  const cells: Cell[] = [];
  let i = labelIndex + 1;
  let skipped = 0;
  while (i < to && cells.length < n) {
    const t = ctx.tokens[i]!;
    if (t.value !== undefined) {
      cells.push(t.value);
      i++;
      continue;
    }
    const continuation = full !== '' && t.core.length > 0 && full.includes(t.core);
    if (cells.length === 0 && skipped < 3 && (continuation || (t.compact.length <= 12 && !isLabel(t.core)))) {
      skipped++;
      i++;
      continue;
    }
    break;
  }
  return { cells, next: i };
}

/** Marks a table region consumed: from the first non-prose token before `first` to `last`. */
function consume(ctx: Ctx, sectionFrom: number, first: number, last: number) {
  let from = first;
  while (from - 1 >= sectionFrom && !isProse(ctx.tokens[from - 1]!)) from--;
  for (let i = from; i <= last; i++) ctx.consumed[i] = 1;
}

const isProse = (t: Token) => !t.cell && t.value === undefined && t.compact.length >= 20 && /[。；;：:]$|。/.test(t.compact);

function missing(ctx: Ctx, table: TableKey, label: string, got: number, want: number, pos?: Position) {
  ctx.messages.push({
    level: 'warning',
    code: got === 0 ? 'ROW_NOT_FOUND' : 'CELLS_MISSING',
    message:
      got === 0 && !pos
        ? `${TABLE_NAMES[table]} 没有找到“${label}”一行`
        : `${TABLE_NAMES[table]}“${label}”一行应有 ${want} 个数，只读到 ${got} 个，缺少的按空白处理`,
    ...(pos ? { position: pos } : {}),
  });
}

function fill(cells: Cell[], n: number): Cell[] {
  const out = cells.slice(0, n);
  while (out.length < n) out.push({ value: null });
  return out;
}

function readDisclosure(ctx: Ctx, format: '2021' | '2019', from: number, to: number): ReadResult<Record<string, Record<string, Cell>>> {
  const blocks = disclosureBlocks(format);
  const allRowLabels = blocks.flatMap((b) => b.rows.map((r) => r.match));
  const isLabel = (core: string) => allRowLabels.some((re) => re.test(core));
  const table: Record<string, Record<string, Cell>> = {};
  const blank: string[] = [];
  let cursor = from;
  let first = -1;
  let last = -1;
  for (const block of blocks) {
    const cap = findLabel(ctx, block.captionMatch, cursor, to, 'compact');
    if (cap !== -1) {
      cursor = cap + 1;
      if (first === -1) first = cap;
    }
    for (const row of block.rows) {
      const at = findLabel(ctx, row.match, cursor, to, 'core', row.label);
      let cells: Cell[] = [];
      if (at !== -1) {
        const read = readValues(ctx, at, block.columns.length, to, isLabel, row.label);
        cells = read.cells;
        if (first === -1) first = at;
        last = Math.max(last, read.next - 1);
        cursor = read.next;
        if (cells.length < block.columns.length) missing(ctx, 'activeDisclosure', row.label, cells.length, block.columns.length, ctx.tokens[at]!.pos);
      } else {
        missing(ctx, 'activeDisclosure', row.label, 0, block.columns.length);
      }
      const filled = fill(cells, block.columns.length);
      table[row.key] = Object.fromEntries(block.columns.map((c, k) => [c.key, filled[k]!]));
      block.columns.forEach((c, k) => isBlank(filled[k]!) && blank.push(`${row.label}/${c.label}`));
    }
  }
  if (first !== -1) consume(ctx, from, first, last);
  return { table, found: first !== -1, end: last === -1 ? from : last + 1, blank };
}

const isBlank = (c: Cell) => c.value === null;

function readApplications(ctx: Ctx, format: '2021' | '2019', from: number, to: number): ReadResult<Record<string, unknown>> {
  const rows = applicationRows(format);
  const groupLabels = Object.values(GROUP_LABELS);
  const isLabel = (core: string) => rows.some((r) => r.match.test(core)) || groupLabels.some((re) => re.test(core));
  const table: Record<string, unknown> = {};
  const blank: string[] = [];
  let cursor = from;
  let first = -1;
  let last = -1;
  let notFound = 0;
  for (const row of rows) {
    // "总计" is also a column header: the row is searched only after the results started.
    const at = findLabel(ctx, row.match, cursor, to, 'core', row.label);
    let cells: Cell[] = [];
    if (at !== -1) {
      const read = readValues(ctx, at, APPLICANT_COLUMNS.length, to, isLabel, row.label);
      cells = read.cells;
      if (first === -1) first = at;
      last = Math.max(last, read.next - 1);
      cursor = read.next;
      if (cells.length < APPLICANT_COLUMNS.length) missing(ctx, 'applications', row.label, cells.length, APPLICANT_COLUMNS.length, ctx.tokens[at]!.pos);
    } else {
      notFound++;
    }
    const filled = fill(cells, APPLICANT_COLUMNS.length);
    const value = Object.fromEntries(APPLICANT_COLUMNS.map((c, k) => [c, filled[k]!]));
    const [head, leaf] = row.key.split('.') as [string, string | undefined];
    if (leaf) ((table[head] ??= {}) as Record<string, unknown>)[leaf] = value;
    else table[head] = value;
    APPLICANT_COLUMNS.forEach((c, k) => isBlank(filled[k]!) && blank.push(`${row.label.replace(/（.*$/, '')}/${APPLICANT_COLUMN_LABELS[c]}`));
  }
  if (first !== -1 && notFound > 0) {
    for (const row of rows) {
      // Report each missing row once, by name.
      const [head, leaf] = row.key.split('.') as [string, string | undefined];
      const v = (leaf ? (table[head] as Record<string, Record<string, Cell>>)[leaf] : table[head]) as Record<string, Cell>;
      if (Object.values(v).every((c) => c.value === null && c.raw === undefined)) missing(ctx, 'applications', row.label, 0, 7);
    }
  }
  if (first !== -1) consume(ctx, from, first, last);
  return { table, found: first !== -1, end: last === -1 ? from : last + 1, blank: first === -1 ? [] : blank };
}

function readReview(ctx: Ctx, from: number, to: number): ReadResult<Record<string, Record<string, Cell>>> {
  const start = findLabel(ctx, /^行政复议$/, from, to);
  const table: Record<string, Record<string, Cell>> = {};
  let cells: Cell[] = [];
  let first = -1;
  let last = -1;
  if (start !== -1) {
    // The data row is the first run of 15 values; runs of blank header cells are shorter.
    let run: Cell[] = [];
    let runStart = -1;
    for (let i = start + 1; i < to; i++) {
      const v = ctx.tokens[i]!.value;
      if (v !== undefined) {
        if (run.length === 0) runStart = i;
        run.push(v);
        if (run.length === 15) break;
      } else {
        if (run.length > 0 && run.some((c) => c.value !== null)) break;
        run = [];
      }
    }
    cells = run;
    first = start;
    last = runStart === -1 ? start : runStart + run.length - 1;
    if (cells.length < 15) missing(ctx, 'reviewLitigation', '行政复议、行政诉讼', cells.length, 15, ctx.tokens[start]!.pos);
  } else {
    ctx.messages.push({ level: 'warning', code: 'ROW_NOT_FOUND', message: '表四（行政复议、行政诉讼情况）没有找到' });
  }
  const filled = fill(cells, 15);
  const blank: string[] = [];
  REVIEW_GROUPS.forEach((g, gi) => {
    table[g] = Object.fromEntries(REVIEW_COLUMNS.map((c, ci) => [c, filled[gi * 5 + ci]!]));
  });
  if (start !== -1) {
    filled.forEach((c, k) => isBlank(c) && blank.push(`${REVIEW_GROUPS[Math.floor(k / 5)]}/${REVIEW_COLUMNS[k % 5]}`));
    consume(ctx, from, first, last);
  }
  return { table, found: start !== -1, end: last === -1 ? from : last + 1, blank };
}

function reportBlankCells(ctx: Ctx, table: TableKey, blank: string[]) {
  if (blank.length === 0) return;
  const shown = blank.slice(0, 3).join('、');
  ctx.messages.push({
    level: 'warning',
    code: 'BLANK_CELLS',
    message: `${TABLE_NAMES[table]} 有 ${blank.length} 个单元格为空白或“/”等非数字（如 ${shown}${blank.length > 3 ? ' 等' : ''}），校验时按 0 计算`,
  });
}

// ---- prose ------------------------------------------------------------------------------------

// CMS article furniture between the title and the text.
const ARTICLE_META = /^(发布时间|发布日期|来源|字号|浏览次数|点击数|索引号|发文机关|成文日期|【字体|\[字体|分享)[:：]?/;

function proseBetween(ctx: Ctx, from: number, to: number, skip?: (t: Token) => boolean): string {
  const lines: string[] = [];
  for (let i = Math.max(from, 0); i < to; i++) {
    const t = ctx.tokens[i]!;
    if (ctx.consumed[i] || t.cell || !t.text.trim() || skip?.(t)) continue;
    lines.push(t.text.trim());
  }
  return lines.join('\n');
}
