import type { Cell } from '../model/report';
import { nfkc } from './normalize';

const BLANK = /^(?:|\/|-|—|–|−|──|——|--|无|空|\\)$/;
/** First non-space character of anything parseCellValue accepts; rejects labels at once. */
const MAY_BE_VALUE = /^[\s\u3000]*(?:$|[\d０-９+\-−—–─/／\\＋－无空增减])/;
const NUMBER = /^([+\-−]|增|减|增加|减少)?(\d+(?:\.\d+)?)(万元|元|件|个|项|条|次|宗|人次)?$/;

/**
 * Reads a table cell as written. Returns undefined when the text is not a cell value at all
 * (a label, a sentence), so the mapper can tell values from labels.
 */
export function parseCellValue(text: string): Cell | undefined {
  if (isPlainDigits(text)) return { value: Number(text) };
  if (text.length > 48 || !MAY_BE_VALUE.test(text)) return undefined;
  const t = nfkc(text).replace(/[\s\u00a0\u3000]+/g, '');
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

/** "0", "126": the common case, answered without regular expressions. */
function isPlainDigits(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 15 || (n > 1 && text.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
