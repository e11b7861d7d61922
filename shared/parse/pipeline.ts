import type { ParseMessage } from '../model/findings';
import { SECTION_KEYS, type ReportFormat } from '../model/keys';
import { EMPTY_META } from '../model/empty-meta';
import type { Report, Sections } from '../model/report';
import { InputError, detectInput, type InputKind } from './detect';
import { INPUT_KINDS, type Extracted } from './input-kinds';
import { looksLikeFileName } from './file-name-title';
import { mapToModel } from './map-to-model';

export interface ParseOptions {
  contentType?: string;
  filename?: string;
}

export interface InputInfo {
  kind: InputKind;
  encoding: string;
}

/** Why a file was not read: its own fault (InputError), or BUSY when the isolated parser had no turn for it. */
export type ParseErrorCode = InputError['code'] | 'BUSY';

export type ParseResult =
  | { ok: true; report: Report; messages: ParseMessage[]; input: InputInfo }
  | { ok: false; error: { code: ParseErrorCode; message: string }; messages: ParseMessage[] };

/** A parser: parseReport in this thread, or the isolated one (isolated-parse.ts). */
export type Parse = (bytes: Uint8Array, options?: ParseOptions) => Promise<ParseResult>;

/**
 * detect → extract → map. Never throws on content: a file that is not a report comes back as
 * `{ ok: false, error }`, anything the parser could not place as a positioned message.
 */
export async function parseReport(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParseResult> {
  const messages: ParseMessage[] = [];
  try {
    const detected = detectInput(bytes, options.contentType, options.filename);
    const extracted = withoutFileNameTitle(await INPUT_KINDS[detected.kind].extract(bytes, { charset: detected.charset }));
    messages.push(...extracted.messages);
    // A scan has no text to check: it is archived as it is, with its year when the file says it.
    if (extracted.imageOnly) {
      return { ok: true, report: imageOnlyReport(extracted, options.filename), messages, input: { kind: detected.kind, encoding: extracted.encoding } };
    }
    const mapped = mapToModel(extracted.blocks, { meta: extracted.meta, filename: options.filename });
    messages.push(...mapped.messages);
    if (!mapped.recognized) {
      throw new InputError('NOT_A_REPORT', '没有找到年度报告的标题、章节或统计表：这不像是一份政府信息公开工作年度报告');
    }
    return { ok: true, report: mapped.report, messages, input: { kind: detected.kind, encoding: extracted.encoding } };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, error: { code: err.code, message: err.message }, messages };
    // A parser bug must not take the caller down; it is reported as unreadable input.
    return {
      ok: false,
      error: { code: 'NOT_A_REPORT', message: '文件无法解析为年度报告（解析器内部错误，已记录）' },
      messages: [...messages, { level: 'error', code: 'INTERNAL', message: String((err as Error)?.message ?? err).slice(0, 200) }],
    };
  }
}

/** A container title that is the file's name (`scan.html`) says nothing of the report: it is dropped. */
function withoutFileNameTitle(extracted: Extracted): Extracted {
  const title = extracted.meta?.title;
  if (!extracted.meta || title === undefined || !looksLikeFileName(title)) return extracted;
  const { title: _dropped, ...meta } = extracted.meta;
  return { ...extracted, meta };
}

/** The report of a scanned PDF: what the file's metadata or name says, and no tables. */
function imageOnlyReport(extracted: Extracted, filename?: string): Report {
  const year = yearOf(extracted.meta?.title) ?? yearOf(filename);
  const format: ReportFormat = year === null ? 'pre2019' : year >= 2021 ? '2021' : year >= 2019 ? '2019' : 'pre2019';
  return {
    schemaVersion: 1,
    agency: '',
    year,
    format,
    title: extracted.meta?.title ?? '',
    preamble: '',
    sections: Object.fromEntries(SECTION_KEYS.map((k) => [k, ''])) as Sections,
    tables: null,
    meta: { ...EMPTY_META },
  } as Report;
}

function yearOf(text: string | undefined): number | null {
  const m = /(20\d{2})\s*年/.exec(text ?? '');
  return m ? Number(m[1]) : null;
}
