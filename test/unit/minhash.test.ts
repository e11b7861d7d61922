import { describe, expect, it, vi } from 'vitest';
import type { Report } from '../../shared/model/report';
import {
  affineModP,
  bandKeys,
  decodeSignature,
  encodeSignature,
  estimateSimilarity,
  MAX_NARRATIVE_CHARS,
  MIN_NARRATIVE_CHARS,
  MINHASH,
  MINHASH_VERSION,
  narrativeSignature,
  narrativeText,
} from '../../shared/rules/minhash';
import { defined } from '../support/defined';

type Narrative = Pick<Report, 'agency' | 'sections'>;

const report = (agency: string, overview: string, problems = '', other = ''): Narrative => ({
  agency,
  sections: { overview, activeDisclosure: '', applications: '', reviewLitigation: '', problems, other },
});

const sig = (r: Narrative) => {
  const s = narrativeSignature(r);
  if (!s) throw new Error('expected a signature');
  return s;
};

// Two narratives written for this test on unrelated subjects: school places and fees, land and registry.
const EDU_OVERVIEW = [
  '2023年，广州市天河区教育局坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕义务教育招生入学、学前教育普惠发展、校外培训机构治理等群众关注的重点领域，持续加大信息公开力度。',
  '全年通过区政府门户网站和天河区教育局微信公众号主动公开招生政策、学位申请指引、民办学校收费标准等信息1,234条。',
  '在招生季前，天河区教育局提前发布各校招生地段和学位预警，组织校长在线答疑，及时回应家长关切。',
  '我局健全依申请公开工作流程，严格按照法定时限答复，全年未发生因答复超期引起的行政复议。',
  '同时，加强教育经费和校舍安全信息的公开，按季度公布学生资助资金发放情况，共资助学生５６８人次，接受社会监督。',
  '我局还完善了政策解读机制，对减轻学生课业负担、课后服务收费等文件同步制作图解和问答，便于家长理解。',
];
const EDU_PROBLEMS = [
  '存在的不足主要是部分学校网站栏目更新不够及时，政策解读形式较为单一。',
  '下一步，我局将加强对学校信息公开工作的指导培训，定期开展栏目巡查，推动解读材料更加通俗易懂。',
];
const LAND_OVERVIEW = [
  '本年度，某市自然资源局紧扣土地征收、国土空间规划和不动产登记三项重点，推进决策、执行、管理、服务、结果公开。',
  '征地方面，严格落实征收土地预公告、征地补偿安置方案公告制度，在被征收土地所在的村民小组张贴公告，并在门户网站同步发布，保障被征地农民的知情权和参与权。',
  '规划方面，国土空间总体规划草案在批准前向社会公示三十日，通过现场展板和网络问卷收集意见建议，逐条研究并反馈采纳情况。',
  '不动产登记方面，公开办事指南、收费依据和办理时限，推行一窗受理、并联办理，企业间转移登记压缩至一个工作日内办结。',
  '矿产资源方面，及时公布采矿权出让结果和地质灾害隐患点分布，提醒沿线群众做好汛期防范。',
];
const LAND_PROBLEMS = [
  '工作中仍存在征地信息公开的颗粒度不够细、部分乡镇公告张贴后未留存影像资料等问题。',
  '今后将细化公开标准，建立征地公告全过程留痕制度，并把公开情况纳入年度考核。',
];
// Sentences on yet other subjects, to replace some of the education narrative's.
const OTHER_SENTENCES = [
  '疫苗接种点的开放时间和预约方式每周更新一次，方便居民就近接种。',
  '医疗机构的收费项目和医保报销比例在门诊大厅的电子屏上滚动显示。',
  '食品安全抽检结果按月公布，对不合格产品的生产企业依法公开处罚决定。',
  '养老机构的床位数量、服务价格和等级评定结果统一在民政服务平台查询。',
];

const EDU = report('广州市天河区教育局', EDU_OVERVIEW.join(''), EDU_PROBLEMS.join(''));
const LAND = report('某市自然资源局', LAND_OVERVIEW.join(''), LAND_PROBLEMS.join(''));

/** The education narrative with the sentences at `at` (0-based over overview then problems) replaced. */
function eduWithReplaced(at: number[]): Narrative {
  const all = [...EDU_OVERVIEW, ...EDU_PROBLEMS];
  let k = 0;
  const replaced = all.map((s, i) => (at.includes(i) ? defined(OTHER_SENTENCES[k++ % OTHER_SENTENCES.length]) : s));
  return report(EDU.agency, replaced.slice(0, EDU_OVERVIEW.length).join(''), replaced.slice(EDU_OVERVIEW.length).join(''));
}

/** Exact Jaccard similarity of the 5-character shingle sets, computed here without the module's hashing. */
function exactJaccard(a: Narrative, b: Narrative): number {
  const shingles = (t: string) => {
    const set = new Set<string>();
    for (let i = 0; i + 5 <= t.length; i++) set.add(t.slice(i, i + 5));
    return set;
  };
  const x = shingles(narrativeText(a));
  const y = shingles(narrativeText(b));
  let common = 0;
  for (const s of x) if (y.has(s)) common++;
  return common / (x.size + y.size - common);
}

describe('narrativeText', () => {
  it('keeps overview, problems and other; drops whitespace, punctuation, digits and the agency name', () => {
    const r = {
      agency: '广州市天河区教育局',
      sections: {
        overview: '广州市天河区教育局 2023年\n主动公开信息１２３条。',
        activeDisclosure: '不算在内',
        applications: '不算在内',
        reviewLitigation: '不算在内',
        problems: '“栏目”更新不及时；',
        other: '无（收费0元）',
      },
    };
    expect(narrativeText(r)).toBe('年主动公开信息条栏目更新不及时无收费元');
  });

  it('also drops the short forms of the name: without the city, and 政府 for 人民政府', () => {
    const r = report('北京市海淀区人民政府', '北京市海淀区人民政府、海淀区人民政府和海淀区政府召开会议');
    expect(narrativeText(r)).toBe('和召开会议');
  });

  it('does not strip a bare 人民政府 from the text when the name is a city government', () => {
    expect(narrativeText(report('杭州市人民政府', '杭州市人民政府指导区县人民政府'))).toBe('指导区县人民政府');
  });
});

describe('narrativeSignature', () => {
  it('gives identical narratives similarity 1 and identical band keys', () => {
    const a = sig(EDU);
    const b = sig(report(EDU.agency, EDU.sections.overview, EDU.sections.problems));
    expect(a).toHaveLength(128);
    expect(estimateSimilarity(a, b)).toBe(1);
    expect(bandKeys(a)).toEqual(bandKeys(b));
  });

  it('sees through a copy with the agency name swapped, figures changed and lines reflowed', () => {
    const swap = (s: string) => s.replaceAll('天河区', '白云区').replaceAll('1,234', '987').replaceAll('５６８', '１２').replaceAll('2023', '2024');
    const reflow = (s: string) => s.replace(/(.{17})/g, '$1\n  ').replaceAll('，', ', ');
    const copy = report('广州市白云区教育局', reflow(swap(EDU.sections.overview)), reflow(swap(EDU.sections.problems)));
    expect(copy.sections.overview).not.toContain('天河');
    expect(estimateSimilarity(sig(EDU), sig(copy))).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps unrelated narratives apart, with no shared band key', () => {
    const a = sig(EDU);
    const b = sig(LAND);
    expect(estimateSimilarity(a, b)).toBeLessThan(0.3);
    const keysA = new Set(bandKeys(a));
    expect(bandKeys(b).filter((k) => keysA.has(k))).toEqual([]);
  });

  it('puts a text with half its sentences replaced in between', () => {
    const half = eduWithReplaced([0, 2, 4, 6]);
    const s = estimateSimilarity(sig(EDU), sig(half));
    expect(s).toBeGreaterThan(0.2);
    expect(s).toBeLessThan(0.8);
  });

  it('estimates the exact shingle Jaccard similarity within 0.12', () => {
    const pairs: [Narrative, Narrative][] = [
      [EDU, eduWithReplaced([1, 4])],
      [EDU, eduWithReplaced([0, 2, 4, 6])],
      [EDU, LAND],
    ];
    for (const [a, b] of pairs) {
      const exact = exactJaccard(a, b);
      expect(Math.abs(estimateSimilarity(sig(a), sig(b)) - exact), `exact ${exact}`).toBeLessThanOrEqual(0.12);
    }
    // the pairs span the range, so the check is not only about near-0 values
    expect(exactJaccard(EDU, eduWithReplaced([1, 4]))).toBeGreaterThan(0.5);
  });

  it('gives no signature to a narrative under MIN_NARRATIVE_CHARS normalized characters', () => {
    expect(MIN_NARRATIVE_CHARS).toBe(200);
    const text = '政务公开'.repeat(50); // 200 characters
    expect(narrativeSignature(report('某县某局', text))).toBeDefined();
    // punctuation, digits and spaces do not count towards the minimum
    expect(narrativeSignature(report('某县某局', `${text.slice(1)}。。 123 ４５６`))).toBeUndefined();
    expect(narrativeSignature(report('某县某局', ''))).toBeUndefined();
  });

  it('reads at most MAX_NARRATIVE_CHARS: what follows changes nothing', () => {
    const head = '本机关认真落实政务公开要求'.repeat(Math.ceil(MAX_NARRATIVE_CHARS / 13)).slice(0, MAX_NARRATIVE_CHARS);
    const tail = '完全不同的内容'.repeat(1000);
    expect(estimateSimilarity(sig(report('某县某局', head)), sig(report('某县某局', head + tail)))).toBe(1);
  });

  it('is deterministic, within a process and across a fresh import of the module', async () => {
    const first = sig(EDU);
    expect(sig(EDU)).toEqual(first);
    vi.resetModules();
    const fresh = await import('../../shared/rules/minhash');
    expect(fresh.narrativeSignature).not.toBe(narrativeSignature);
    expect(fresh.narrativeSignature(EDU)).toEqual(first);
    expect(fresh.MINHASH_VERSION).toBe(1);
  });

  it('follows its documented definition, checked with BigInt arithmetic written here', () => {
    // splitmix32 from seed 0x5eed0001 gives a_i = 1 + r mod (P − 1), b_i = r mod P; each shingle is
    // FNV-1a over its UTF-16 code units, reduced mod P; position i is the least (a_i·x + b_i) mod P.
    const M = 0xffffffffn;
    const P = 2147483647n;
    let state = 0x5eed0001n;
    const next = () => {
      state = (state + 0x9e3779b9n) & M;
      let z = state;
      z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M;
      z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M;
      return z ^ (z >> 16n);
    };
    const coef: [bigint, bigint][] = [];
    for (let i = 0; i < 128; i++) {
      const a = 1n + (next() % (P - 1n));
      coef.push([a, next() % P]);
    }
    const text = narrativeText(EDU);
    const xs = new Set<bigint>();
    for (let i = 0; i + 5 <= text.length; i++) {
      let h = 0x811c9dc5n;
      for (let j = i; j < i + 5; j++) h = ((h ^ BigInt(text.charCodeAt(j))) * 0x01000193n) & M;
      xs.add(h % P);
    }
    const expected = coef.map(([a, b]) => {
      let min = P;
      for (const x of xs) {
        const v = (a * x + b) % P;
        if (v < min) min = v;
      }
      return Number(min);
    });
    expect([...sig(EDU)]).toEqual(expected);
  });
});

describe('affineModP', () => {
  it('equals (a·x + b) mod (2^31 − 1) computed with BigInt, at the edges and elsewhere', () => {
    const P = 2 ** 31 - 1;
    const values = [0, 1, 2, 0x7fff, 0x8000, 0xffff, 0x10000, 0x10001, 2 ** 30, P - 2, P - 1, 123456789, 987654321, 1999999999];
    for (const a of values)
      for (const x of values)
        for (const b of [0, 1, P - 1]) {
          const want = Number((BigInt(a) * BigInt(x) + BigInt(b)) % BigInt(P));
          expect(affineModP(a, x, b), `${a}·${x}+${b}`).toBe(want);
        }
  });
});

describe('bandKeys', () => {
  it('gives one key per band, band number then 16 hex digits, and changes only the band whose value changed', () => {
    const a = sig(EDU);
    const keys = bandKeys(a);
    expect(keys).toHaveLength(MINHASH.bands);
    for (const [band, k] of keys.entries()) expect(k).toMatch(new RegExp(`^${band}-[0-9a-f]{16}$`));
    const b = a.slice();
    b[3 * MINHASH.rows + 1] = (defined(b[3 * MINHASH.rows + 1]) + 1) >>> 0;
    const changed = bandKeys(b)
      .map((k, i) => (k === keys[i] ? -1 : i))
      .filter((i) => i >= 0);
    expect(changed).toEqual([3]);
  });

  it('refuses a signature of the wrong length', () => {
    expect(() => bandKeys(new Uint32Array(127))).toThrow(RangeError);
  });
});

describe('estimateSimilarity', () => {
  it('is the share of equal positions', () => {
    const a = new Uint32Array(128).map((_, i) => i);
    const b = a.map((v, i) => (i % 4 === 0 ? v + 1000 : v));
    expect(estimateSimilarity(a, b)).toBe(0.75);
    expect(estimateSimilarity(a, new Uint32Array(128).fill(5000))).toBe(0);
  });

  it('refuses signatures of different lengths', () => {
    expect(() => estimateSimilarity(new Uint32Array(128), new Uint32Array(64))).toThrow(RangeError);
  });
});

describe('encodeSignature / decodeSignature', () => {
  it('round-trips, extremes included, as base64 of little-endian bytes', () => {
    const s = sig(EDU);
    expect(decodeSignature(encodeSignature(s))).toEqual(s);
    const edge = new Uint32Array(128);
    edge[0] = 0xffffffff;
    edge[1] = 0x01020304;
    const text = encodeSignature(edge);
    expect(text).toHaveLength(684);
    // 0xffffffff, then 0x01020304 little-endian: bytes ff ff ff ff 04 03 02 01
    expect(text.startsWith('/////wQDAgE')).toBe(true);
    expect(decodeSignature(text)).toEqual(edge);
  });

  it('rejects the wrong number of values and text that is not base64', () => {
    expect(decodeSignature(encodeSignature(new Uint32Array(127)))).toBeUndefined();
    expect(decodeSignature(encodeSignature(new Uint32Array(129)))).toBeUndefined();
    expect(decodeSignature('')).toBeUndefined();
    expect(decodeSignature(`${encodeSignature(sig(EDU)).slice(0, -4)}!!!=`)).toBeUndefined();
    expect(decodeSignature(`${encodeSignature(sig(EDU))} `)).toBeUndefined();
  });
});

describe('MINHASH', () => {
  it('bands times rows is the number of hashes', () => {
    expect(MINHASH.bands * MINHASH.rows).toBe(MINHASH.hashes);
    expect(MINHASH_VERSION).toBe(1);
  });
});
