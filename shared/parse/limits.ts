import { InputError } from './detect';

/**
 * Work limits for one document. A real annual report has a few thousand lines and cells; these
 * leave room for a 100,000-row table and still bound time and memory for hostile input.
 */
export const PARSE_LIMITS = {
  maxLines: 500_000,
  maxBlocks: 500_000,
  maxCells: 1_000_000,
};

export const tooComplex = (what: string) =>
  new InputError('TOO_COMPLEX', `文件包含的${what}过多（超过正常年报的数百倍），不像是一份年度报告，已拒绝`);
