import type { ParseMessage } from '../model/findings';
import type { Report } from '../model/report';
import { InputError, detectInput, type InputKind } from './detect';
import { INPUT_KINDS } from './input-kinds';
import { mapToModel } from './map-to-model';

export interface ParseOptions {
  contentType?: string;
  filename?: string;
}

export interface InputInfo {
  kind: InputKind;
  encoding: string;
}

export type ParseResult =
  | { ok: true; report: Report; messages: ParseMessage[]; input: InputInfo }
  | { ok: false; error: { code: InputError['code']; message: string }; messages: ParseMessage[] };

/**
 * detect → extract → map. Never throws on content: a file that is not a report comes back as
 * `{ ok: false, error }`, anything the parser could not place as a positioned message.
 */
export async function parseReport(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParseResult> {
  const messages: ParseMessage[] = [];
  try {
    const detected = detectInput(bytes, options.contentType, options.filename);
    const extracted = await INPUT_KINDS[detected.kind].extract(bytes, { charset: detected.charset });
    messages.push(...extracted.messages);
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
