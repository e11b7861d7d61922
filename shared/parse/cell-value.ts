import type { Cell } from '../model/report';

const BLANK = /^(?:|\/|-|—|–|−|──|——|--|无|空|\\)$/;
const NUMBER = /^([+\-−]|增|减|增加|减少)?(\d+(?:\.\d+)?)(万元|元|件|个|项|条|次|宗|人次)?$/;

/**
 * Reads a table cell as written. Returns undefined when the text is not a cell value at all
 * (a label, a sentence), so the mapper can tell values from labels.
 */
export function parseCellValue(text: string): Cell | undefined {
  const t = text.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '');
  if (t.length > 24) return undefined;
  if (BLANK.test(t)) return t === text ? { value: null, raw: t } : { value: null, raw: text.trim() };
  const digits = t.replace(/(?<=\d),(?=\d{3})/g, '');
  const m = NUMBER.exec(digits);
  if (!m) return undefined;
  const sign = m[1] === '-' || m[1] === '−' || m[1] === '减' || m[1] === '减少' ? -1 : 1;
  const value = sign * Number(m[2]);
  const cell: Cell = { value };
  if (String(value) !== text) cell.raw = text.trim();
  if (m[3] === '元' || m[3] === '万元') cell.unit = m[3];
  return cell;
}

export const blankCell = (): Cell => ({ value: null });
