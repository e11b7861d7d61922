/**
 * Narrative paragraphs of the kind agencies write in 一、总体情况: numbered sub-headings, figures in
 * running text, long sentences. Their amount decides where the page breaks fall, so a recipe asks
 * for more of them to push table 三 across a page boundary.
 */
import { seeded } from './corpus-numbers';

const SUBHEADINGS = ['（一）主动公开', '（二）依申请公开', '（三）政府信息管理', '（四）平台建设', '（五）监督保障'];

const SENTENCES = [
  '本机关坚持以公开为常态、不公开为例外，围绕中心工作，扎实推进政务公开标准化规范化建设。',
  '全年通过门户网站主动公开政府信息{n}条，其中规范性文件{m}件，政策解读材料{k}篇。',
  '严格落实政府信息公开申请登记、审核、办理、答复、归档等各环节工作要求，确保依法按时答复。',
  '进一步完善政府信息公开保密审查机制，坚持“先审查、后公开”和“一事一审”原则。',
  '持续优化政府网站栏目设置，及时更新机构职能、领导信息、规划计划等基础信息。',
  '通过政务新媒体发布信息{n}条，回应社会关切{k}次，召开新闻发布会{m}场。',
  '组织开展政务公开业务培训{m}次，参训人员{n}人次，工作人员业务能力不断提高。',
  '将政务公开工作纳入年度绩效考核，定期通报工作情况，对发现的问题及时督促整改。',
  '畅通依申请公开受理渠道，提供当面、邮寄、网络等多种申请方式，切实保障群众知情权。',
  '加强政策解读，采用图文、视频、问答等形式，提高政策解读的针对性和可读性。',
];

/** `count` paragraphs of plausible narrative, the same for the same seed. */
export function narrative(count: number, seed: number): string {
  const rnd = seeded(seed);
  const fill = (s: string) => s.replace(/\{n\}/g, () => String(100 + Math.floor(rnd() * 9000))).replace(/\{[mk]\}/g, () => String(1 + Math.floor(rnd() * 60)));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    if (i % 3 === 0) parts.push(`${SUBHEADINGS[Math.floor(i / 3) % SUBHEADINGS.length]}。`);
    for (let s = 0; s < 3; s++) parts.push(fill(SENTENCES[Math.floor(rnd() * SENTENCES.length)] ?? ''));
    out.push(parts.join(''));
  }
  return out.join('\n');
}
