import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compact, labelCore, nfkc, toSimplified } from '../../shared/parse/normalize';
import { fixturePath } from '../support/fixtures';

// The definitions the fast paths stand in for: NFKC over a string with any character of this class,
// whitespace and quotes then removed.
const NEEDS_NFKC = /[\u00a0\u2000-\u200b\u2150-\u218f\u2460-\u24ff\u2f00-\u2fdf\u3000\u3200-\u33ff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff01-\uffef]/;
const reference = {
  nfkc: (t: string) => (NEEDS_NFKC.test(t) ? t.normalize('NFKC') : t),
  compact: (t: string) =>
    reference
      .nfkc(t)
      .replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '')
      .replace(/[“”‘’"'「」『』〝〞]/g, ''),
  labelCore: (t: string) =>
    t.split(/(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|(?<!\d)\d{1,2}[.、)](?!\d))/).findLast((p) => p !== '') ?? '',
};

/** Every BMP character alone and beside a full-width comma, a letter, and combining marks that compose. */
function* shapes(): Generator<string> {
  const marks = ['\u0301', '\u3099'];
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    yield ch;
    yield `，${ch}`;
    yield `${ch}，`;
    yield `a${ch} b`;
    yield `\u1100${ch}`;
    for (const m of marks) yield `，${ch}${m}`;
  }
  for (const f of ['miyun-kw-2021.txt', 'pre2019-county-2017.txt']) yield* readFileSync(fixturePath(f), 'utf8').split('\n');
}

describe('normalization fast paths', () => {
  it('nfkc and compact equal NFKC with the removals, on every BMP character and combination tried', () => {
    const wrong: string[] = [];
    for (const s of shapes()) {
      if (nfkc(s) !== reference.nfkc(s) || compact(s) !== reference.compact(s)) wrong.push(s);
      if (wrong.length > 5) break;
    }
    expect(wrong).toEqual([]);
  });

  it('labelCore keeps a label without numbering whole and cuts after the last numbering', () => {
    expect(labelCore('予以公开')).toBe('予以公开');
    expect(labelCore('')).toBe('');
    expect(labelCore('三、本年度办理结果(一)予以公开')).toBe('予以公开');
    expect(labelCore('1.属于国家秘密')).toBe('属于国家秘密');
    expect(labelCore('二、')).toBe('');
  });

  it('labelCore equals the numbering split on every terminator after every character, and on the fixtures', () => {
    const wrong: string[] = [];
    const texts = [...shapes()].filter((s) => s.length > 12).map(compact);
    for (let c = 0; c < 0x10000; c += 1) for (const end of ['、', '.', ')']) texts.push(`(${String.fromCharCode(c)}${end}予以公开`);
    for (const s of texts) if (labelCore(s) !== reference.labelCore(s)) wrong.push(s);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('toSimplified maps the listed traditional characters one for one', () => {
    expect(toSimplified('廣東省政府資訊公開年度報告')).toBe('广东省政府资讯公开年度报告');
    expect(toSimplified('𠀀報告')).toBe('𠀀报告');
    expect(toSimplified('北京市')).toBe('北京市');
  });
});
