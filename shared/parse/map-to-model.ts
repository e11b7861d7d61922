import type { ParseMessage } from '../model/findings';
import { SECTION_KEYS, SECTION_TITLES, type ReportFormat, type SectionKey } from '../model/keys';
import { EMPTY_META } from '../model/empty-meta';
import type { Report, Sections } from '../model/report';
import type { Block } from './blocks';
import { HEAD_LABEL, countSignals, decideFormat } from './format';
import { findEnd, findHeadings, proseBetween } from './sections';
import { readTables } from './tables';
import { ARTICLE_META, TITLE, findTitle } from './title';
import { toTokens, type Ctx } from './tokens';

export type Mapped = { report: Report; messages: ParseMessage[]; recognized: boolean };

/** Stage 3: blocks → the report model, finding every table by its labels, never by position. */
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
    meta: { ...EMPTY_META },
  } as Report;
  const recognized = title !== undefined || headings.length >= 2 || tables !== null;
  return { report, messages, recognized };
}
