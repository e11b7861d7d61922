import { readSample } from './fixtures';

/**
 * Distinct but valid versions of the sample: the 行政规范性文件 现行有效件数 cell set to n
 * (table 二 has no sums, so every variant passes the checks).
 */
export function sampleVariant(n: number): Buffer {
  const text = readSample().toString('utf8');
  const at = text.indexOf('行政规范性文件');
  const four = text.indexOf('\t4', at);
  return Buffer.from(`${text.slice(0, four)}\t${n}${text.slice(four + 2)}`);
}

/** The row 表三“（四）无法提供 1.本机关不掌握相关政府信息”, all zeros in the sample. */
export const UNREAD_ROW = 'unavailable.notHeld';
export const UNREAD_ROW_KEYS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'].map(
  (c) => `applications.${UNREAD_ROW}.${c}`,
);

/**
 * A variant (as `sampleVariant(n)`) whose row UNREAD_ROW lost its seven figures: the parser leaves
 * that row unread, so the report is archived 未能校验 until the clerk types them (zeros) in.
 */
export function unreadRowVariant(n: number): Buffer {
  const lines = sampleVariant(n).toString('utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('1.本机关不掌握相关政府信息'));
  return Buffer.from([...lines.slice(0, at + 1), ...lines.slice(at + 8)].join('\n'));
}
