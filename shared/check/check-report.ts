import type { Finding, ParseMessage } from '../model/findings';
import type { Report } from '../model/report';
import { isolatedParse } from '../parse/isolated-parse';
import type { InputInfo, Parse, ParseOptions } from '../parse/pipeline';
import { coverage, type Unread } from '../rules/coverage';
import type { RuleContext } from '../rules/rule';
import { hasErrors, validate } from '../rules/validate';

export type CheckResult =
  | {
      /** every table read and no error: the report passed */
      ok: boolean;
      /** false: statistics tables (or rows of them) could not be read, so the report was not fully checked */
      checked: boolean;
      unread: Unread[];
      report: Report;
      findings: Finding[];
      messages: ParseMessage[];
      input: InputInfo;
      error?: undefined;
    }
  | {
      ok: false;
      error: { code: string; message: string };
      messages: ParseMessage[];
      report?: undefined;
      findings?: undefined;
      checked?: undefined;
      unread?: undefined;
    };

/**
 * parse + validate: what the CLI, the dry-run endpoint and the upload use case all run. The parse
 * runs in the isolated parser (a worker thread with a time budget and a heap cap) unless another
 * parser is given; the rules run here, on the model the worker sent back.
 */
export async function checkReport(bytes: Uint8Array, options: ParseOptions = {}, ctx: RuleContext = {}, parse: Parse = isolatedParse): Promise<CheckResult> {
  const parsed = await parse(bytes, options);
  if (!parsed.ok) return parsed;
  const findings = validate(parsed.report, { ...ctx, messages: parsed.messages });
  const { checked, unread } = coverage(parsed.report);
  // "ok" is the verdict a clerk reads: read in full, and no errors.
  return { ok: checked && !hasErrors(findings), checked, unread, report: parsed.report, findings, messages: parsed.messages, input: parsed.input };
}
