import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/parse/blocks';
import { readCmsBlock, textBeforeCmsLabel } from '../../shared/parse/cms-block';
import { toTokens } from '../../shared/parse/tokens';

/** The CMS block reader on its own: lines (or cells) in, the fields a person reads off them out. */
const read = (lines: string[], cells = false) => {
  const blocks: Block[] = lines.map((text) => ({ type: 'paragraph', text, pos: {}, ...(cells ? { cell: true } : {}) }));
  const b = readCmsBlock(toTokens(blocks), 100);
  return { title: b.title, source: b.source, published: b.published, written: b.written, tokens: [...b.tokens] };
};

describe('readCmsBlock', () => {
  it.each([
    ['点击量：12发布时间：2022-01-25', '2022-01-25'],
    ['信息发布时间：2022-01-26', '2022-01-26'],
    ['【发布时间：2022-01-27】【字体：大 中 小】', '2022-01-27'],
    ['时间：2022-01-28  来源：本网', '2022-01-28'],
    ['发布日期 ：2022-01-29 09:30:00', '2022-01-29 09:30:00'],
  ])('reads the date of %s', (line, date) => {
    expect(read([line])).toMatchObject({ published: date, tokens: [0] });
  });

  it.each(['办理时间：工作日', '本单位地址：福州市鼓楼区；办公时间：周一至周五。', '本报告数据来源于各单位报送。'])('reads nothing in %s', (line) => {
    expect(read([line])).toEqual({ title: undefined, source: undefined, published: undefined, written: undefined, tokens: [] });
  });

  it('a time of day is no reason to skip a later date', () => {
    expect(read(['办理时间：工作日', '发布时间：2022-01-25']).published).toBe('2022-01-25');
  });

  it('label and value in cells, the colon in a cell of its own, an empty value before the next label', () => {
    expect(read(['发布机构', '：', '某某县人民政府办公室', '文号', '成文日期', '2023-01-10'], true)).toEqual({
      title: undefined,
      source: '某某县人民政府办公室',
      published: undefined,
      written: '2023-01-10',
      tokens: [0, 1, 2, 3, 4, 5],
    });
  });

  it('发布机构 before 来源, 发布日期 before 生成日期, whatever their order', () => {
    expect(read(['来源：本网', '生成日期：2023-01-17', '发布机构：某某县财政局', '发布日期：2023-01-18'])).toMatchObject({
      source: '某某县财政局',
      published: '2023-01-18',
    });
  });

  it('the fields after a title on its line', () => {
    expect(read(['某某县2022年政府信息公开工作年度报告 发布时间：2023-01-18 来源：某某县人民政府办公室'])).toEqual({
      title: undefined,
      source: '某某县人民政府办公室',
      published: '2023-01-18',
      written: undefined,
      tokens: [0],
    });
  });
});

describe('textBeforeCmsLabel', () => {
  it('finds the title before a label after any character NFKC makes a space of, and none without a space', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const line = `某县2023年政府信息公开工作年度报告${String.fromCharCode(c)}发布时间：2024-01-18`;
      // What the label search finds on the normalized line: a space or tab right before the label.
      const spaced = /[ \t]+发布时间/.test(line.normalize('NFKC'));
      const before = textBeforeCmsLabel(line);
      if (spaced ? before !== '某县2023年政府信息公开工作年度报告' : before !== undefined) wrong.push(c.toString(16));
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
