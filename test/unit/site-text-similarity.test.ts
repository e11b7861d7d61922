import { describe, expect, it } from 'vitest';
import { MAX_CHARS, shingles, similarity } from '../../shared/site/text-similarity';

describe('similarity', () => {
  it('is 1 for the same text and for text that differs only in spaces, line breaks and punctuation', () => {
    const a = '本机关认真贯彻落实条例要求，推进政务公开工作。';
    expect(similarity(a, a)).toBe(1);
    expect(similarity(a, '本机关认真贯彻落实 条例 要求\n推进政务公开工作！')).toBe(1);
  });

  it('is 0 for texts with no five characters in common, and when one side is empty', () => {
    expect(similarity('一二三四五六七', '甲乙丙丁戊己庚')).toBe(0);
    expect(similarity('一二三四五六七', '')).toBe(0);
    expect(similarity('', '，。 ')).toBe(1);
  });

  it('counts shared shingles over all distinct shingles', () => {
    // 一二三四五六 has shingles 一二三四五, 二三四五六; 二三四五六七 has 二三四五六, 三四五六七: 1 shared of 3
    expect(similarity('一二三四五六', '二三四五六七')).toBeCloseTo(1 / 3, 10);
    // 7 chars → 3 shingles; changing the last character changes only the last shingle: 2 shared of 4
    expect(similarity('甲乙丙丁戊己庚', '甲乙丙丁戊己辛')).toBeCloseTo(2 / 4, 10);
  });

  it('is symmetric and within [0, 1]', () => {
    const a = '2022年，本机关主动公开政府信息120条。';
    const b = '2023年，本机关主动公开政府信息135条，同比增长。';
    expect(similarity(a, b)).toBe(similarity(b, a));
    expect(similarity(a, b)).toBeGreaterThan(0);
    expect(similarity(a, b)).toBeLessThan(1);
  });

  it('treats a short text as one shingle', () => {
    expect(shingles('无。')).toEqual(new Set(['无']));
    expect(similarity('无', '无')).toBe(1);
  });

  it('reads at most MAX_CHARS of each text: what follows them changes nothing', () => {
    const head = '政务公开'.repeat(MAX_CHARS / 4);
    expect(similarity(head, `${head}${'完全不同的尾巴'.repeat(100_000)}`)).toBe(1);
    // Speed is the bench's business; here, that a huge text is cut to the same bound as a small one.
    const big = Array.from({ length: MAX_CHARS * 4 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('');
    expect(shingles(big).size).toBe(shingles(big.slice(0, MAX_CHARS)).size);
  });
});
