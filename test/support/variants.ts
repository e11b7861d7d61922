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
