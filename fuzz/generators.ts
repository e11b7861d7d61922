import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { APPLICATION_ROWS_2021, APPLICATION_ROWS_2019, DISCLOSURE_2019, DISCLOSURE_2021, SECTION_TITLES } from '../shared/model/keys';

/**
 * Structure-aware generators: inputs made of the pieces real reports are made of (labels,
 * headings, numbers, separators, markup), shuffled, broken and mixed with junk, so that the
 * fuzzer reaches deep into the mapper rather than bouncing off the first check.
 */
const LABELS = [
  ...APPLICATION_ROWS_2021.map((r) => r.label),
  ...APPLICATION_ROWS_2019.map((r) => r.label),
  ...[...DISCLOSURE_2021, ...DISCLOSURE_2019].flatMap((b) => [b.caption, ...b.rows.map((r) => r.label), ...b.columns.map((c) => c.label)]),
  ...Object.values(SECTION_TITLES),
  '北京市某某局',
  '2021年政府信息公开工作年度报告',
  '二〇二〇年度政府信息公开工作报告',
  '行政复议',
  '行政诉讼',
  '结果维持',
  '结果纠正',
  '其他结果',
  '尚未审结',
  '总计',
  '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
  '自然人',
  '法人或其他组织',
  '商业企业',
  '科研机构',
  '申请人情况',
  '信息内容',
  '统计期限为2021年1月1日至2021年12月31日',
  '本年度共收到政府信息公开申请12件。',
  '- 3 -',
  '第 2 页 共 9 页',
  '当前位置：首页 > 政务公开',
];
const VALUES = [
  '0',
  '1',
  '12',
  '1,234',
  '／',
  '/',
  '—',
  '-',
  '无',
  '',
  '减4',
  '+1036',
  '251000元',
  '160.5964万元',
  '１２',
  '-7',
  '99999999999999999999',
  '1e9',
  'NaN',
];
const JUNK = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\u202e',
  '\r',
  '\f',
  '\u3000',
  '\t\t',
  '|',
  ' | ',
  '（',
  '）',
  '((((',
  '————',
  '\u0085',
  '\u2028',
  '<',
  '&amp;',
  '&#0;',
  '%s',
  // A template placeholder as plain text, spelt in two halves so it reads as data, not a mistaken template.
  '$' + '{x}',
];

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...LABELS) },
  { weight: 5, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 2, arbitrary: fc.constantFrom(...JUNK) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);
const sep = fc.constantFrom('\n', '\t', '\n\t', ' | ', '\n\n', ' ', '  ', '\r\n', '');

export const textDocument: fc.Arbitrary<string> = fc.array(fc.tuple(piece, sep), { maxLength: 400 }).map((parts) => parts.map(([p, s]) => p + s).join(''));

const TAGS = [
  'table',
  'tr',
  'td',
  'th',
  'tbody',
  'p',
  'div',
  'span',
  'br',
  'script',
  'style',
  'h1',
  'title',
  'head',
  'body',
  'li',
  'td rowspan="3"',
  'td colspan="7"',
  'td rowspan="-1"',
  'td colspan="99999"',
  'div style="display:none"',
  'p hidden',
];
const htmlNode: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    piece,
    fc
      .tuple(fc.constantFrom(...TAGS), fc.array(tie('node'), { maxLength: 6 }), fc.boolean())
      .map(([tag, kids, close]) => `<${tag}>${kids.join('')}${close ? `</${tag.split(' ')[0]}>` : ''}`),
  ),
})).node;

export const htmlDocument: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '<!DOCTYPE html>', '<meta charset="gbk">', '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'),
    fc.array(htmlNode, { maxLength: 40 }),
  )
  .map(([head, nodes]) => `${head}<html><body>${nodes.join('')}</body></html>`);

const W = [
  'w:p',
  'w:r',
  'w:t',
  'w:tbl',
  'w:tr',
  'w:tc',
  'w:tcPr',
  'w:vMerge',
  'w:vMerge w:val="restart"',
  'w:gridSpan w:val="3"',
  'w:br',
  'w:tab',
  'w:del',
  'w:instrText',
  'mc:Fallback',
  'w:sdt',
];
const wNode: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    piece.map((t) => t.replace(/[<&]/g, '')),
    fc
      .tuple(fc.constantFrom(...W), fc.array(tie('node'), { maxLength: 6 }), fc.boolean())
      .map(([tag, kids, close]) => (kids.length === 0 && close ? `<${tag}/>` : `<${tag}>${kids.join('')}${close ? `</${tag.split(' ')[0]}>` : ''}`)),
  ),
})).node;

export const docxDocument: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.array(wNode, { maxLength: 30 }), fc.boolean(), fc.constantFrom(0, 6))
  .map(([nodes, withTypes, level]) => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body>${nodes.join('')}</w:body></w:document>`;
    const files: Record<string, Uint8Array> = { 'word/document.xml': strToU8(xml) };
    if (withTypes) files['[Content_Types].xml'] = strToU8('<Types/>');
    return zipSync(files, { level: level as 0 | 6 });
  });

/** Byte-level mutations of a real document: flips, inserts, deletes, truncation, splices. */
export const mutationsOf = (bytes: Uint8Array) =>
  fc
    .array(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'duplicate'),
        byte: fc.integer({ min: 0, max: 255 }),
        len: fc.integer({ min: 1, max: 64 }),
      }),
      { minLength: 1, maxLength: 10 },
    )
    .map((edits) => {
      let b = Buffer.from(bytes);
      for (const e of edits) {
        const i = b.length === 0 ? 0 : e.at % b.length;
        if (e.kind === 'flip') b[i] = e.byte;
        else if (e.kind === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.from([e.byte]), b.subarray(i)]);
        else if (e.kind === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + e.len)]);
        else if (e.kind === 'truncate') b = b.subarray(0, i);
        else b = Buffer.concat([b.subarray(0, i + e.len), b.subarray(i)]);
      }
      return new Uint8Array(b);
    });

/** Text-level mutations of a real document's XML, zipped again: reaches the XML parser, not just the zip reader. */
export const xmlMutationsOf = (xml: string) =>
  fc
    .array(
      fc.record({
        at: fc.nat(),
        cut: fc.integer({ min: 0, max: 200 }),
        insert: fc.oneof(piece, fc.constantFrom('<w:tbl>', '</w:tc>', '<w:vMerge/>', '<w:p>', ']]>', '<!--', '&#xD800;')),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((edits) => {
      let s = xml;
      for (const e of edits) {
        const i = e.at % (s.length + 1);
        s = s.slice(0, i) + e.insert + s.slice(i + e.cut);
      }
      return zipSync({ 'word/document.xml': strToU8(s) }, { level: 0 });
    });

/** JSON bodies for POST /v1/agencies: near-valid objects and anything at all. */
const validAgency = fc
  .record(
    {
      id: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/),
      name: fc.constantFrom('北京市某某局', '上海市人民政府', '<b>某</b>县', '某镇人民政府'),
      region: fc.constantFrom('110000', '北京市/密云区'),
      level: fc.constantFrom('区级部门', '乡镇'),
      aliases: fc.array(fc.constantFrom('某局', '某办'), { maxLength: 3 }),
    },
    { requiredKeys: ['id', 'name'] },
  )
  .map((o) => JSON.stringify(o));

export const agencyBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: validAgency },
  fc
    .record(
      {
        id: fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,70}$/), fc.string(), fc.constantFrom('../x', 'a/b', 'A', '', '-a-')),
        name: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.constantFrom('<script>alert(1)</script>', '\u0000', ' ', '北京市某局')),
        region: fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('110000', 'a#b')),
        level: fc.string({ maxLength: 40 }),
        aliases: fc.oneof(fc.array(fc.string({ maxLength: 110 }), { maxLength: 25 }), fc.string()),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc.json({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('{', '[]', 'null', '"x"', '{"__proto__":{"id":"x"}}', '{"id":"a","name":"b","constructor":{"prototype":{}}}'),
);

/** Query strings for the list route. */
export const listQuery: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom('year', 'agency', 'region', 'hasErrors', 'limit', 'cursor', 'x', '__proto__'),
  fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('2021', '0', '-1', '101', 'true', 'eyJpIjoiR1NJMyIsImsiOnt9fQ', 'a'.repeat(3000))),
);
