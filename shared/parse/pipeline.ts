import type { ParseMessage } from '../model/findings';
import type { Report } from '../model/report';
import type { Block } from './blocks';
import { decodeText, sniffMetaCharset } from './decode';
import { InputError, detectInput, type InputKind } from './detect';
import { extractDocx } from './extract-docx';
import { extractHtml } from './extract-html';
import { extractText } from './extract-text';
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
 * detect → decode → extract → map. Never throws on content: a file that is not a report comes
 * back as `{ ok: false, error }`, anything the parser could not place as a positioned message.
 */
export function parseReport(bytes: Uint8Array, options: ParseOptions = {}): ParseResult {
  const messages: ParseMessage[] = [];
  try {
    const detected = detectInput(bytes, options.contentType, options.filename);
    let blocks: Block[];
    let encoding = 'utf-8';
    if (detected.kind === 'docx') {
      blocks = extractDocx(bytes);
    } else {
      const declared = detected.kind === 'html' ? (sniffMetaCharset(bytes) ?? detected.charset) : detected.charset;
      const decoded = decodeText(bytes, declared);
      messages.push(...decoded.messages);
      encoding = decoded.encoding;
      const text = decoded.text.includes('\0') ? decoded.text.replace(/\0/g, '') : decoded.text;
      blocks = detected.kind === 'html' ? extractHtml(text) : extractText(text);
    }
    const mapped = mapToModel(blocks);
    messages.push(...mapped.messages);
    if (!mapped.recognized) {
      throw new InputError('NOT_A_REPORT', '没有找到年度报告的标题、章节或统计表：这不像是一份政府信息公开工作年度报告');
    }
    return { ok: true, report: mapped.report, messages, input: { kind: detected.kind, encoding } };
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
