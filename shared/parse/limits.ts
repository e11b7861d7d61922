import { InputError } from './detect';

/**
 * Work limits for one document. A real annual report has a few thousand lines and at most a few
 * thousand cells; 200,000 cells is a 25,000-row table, and stopping there keeps any input up to the
 * upload limit under 2 s (a .docx of 665,000 cells took 4.6 s to read whole before it was refused).
 */
export const PARSE_LIMITS = {
  maxLines: 500_000,
  maxBlocks: 500_000,
  maxCells: 200_000,
};

export const tooComplex = (what: string) => new InputError('TOO_COMPLEX', `文件包含的${what}过多（超过正常年报的数百倍），不像是一份年度报告，已拒绝`);
