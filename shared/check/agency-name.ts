import { nfkc, toSimplified } from '../parse/normalize';

/**
 * Agency names: the form they are compared on, the names that cannot be registered, and whether a
 * name printed in a report designates a registered agency. Apart from agency-match.ts, which also
 * runs the rules, so that the request schemas, which refuse generic names, need none of them.
 */

export interface AgencyNames {
  name: string;
  aliases?: readonly string[];
}

const INVISIBLE = /[\s\u00a0\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]+/g;
const QUOTES = /[“”‘’"'「」『』〝〞《》〈〉`´]/g;

/** The form names are compared on: NFKC, no spaces, zero-width characters or quotes, simplified. */
export function normalizeAgencyName(name: string): string {
  return toSimplified(nfkc(name).replace(INVISIBLE, '').replace(QUOTES, ''));
}

/** X人民政府 and X政府 are one body; compared without the difference. */
const comparable = (normalized: string) => normalized.replace(/人民政府$/, '政府');

/** Names that would match every agency of a kind: never a registered name or alias. */
const GENERIC = new Set([
  '政府',
  '人民政府',
  '办公室',
  '政府办公室',
  '人民政府办公室',
  '办公厅',
  '政府办公厅',
  '人民政府办公厅',
  '政府办',
  '人民政府办',
  '委员会',
  '管委会',
  '管理委员会',
  '办事处',
  '街道办事处',
  '街道办',
  '局',
  '委',
  '办',
  '厅',
  '机关',
  '本机关',
  '单位',
  '本单位',
  '部门',
  '政务公开办公室',
  '信息公开办公室',
  '政府信息公开办公室',
  '政务服务中心',
  '人大常委会',
  '政协',
]);

const cjkCount = (s: string) => s.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;

/** Why a name or alias cannot be registered (Chinese, for the admin), or undefined when it can. */
export function agencyNameProblem(name: string, what = '机关名称'): string | undefined {
  const n = normalizeAgencyName(name);
  if (!n) return `${what}去掉空格、引号和不可见字符后为空：请填写机关的全称`;
  if (cjkCount(n) < 2) return `${what}“${n}”太短：至少应有 2 个汉字，请填写机关的全称`;
  if (GENERIC.has(n)) return `${what}“${n}”是通用称呼，会与许多机关混淆：请填写带地名的全称，如“广州市天河区人民政府办公室”`;
  return undefined;
}

// A leading province / city (or autonomous region, prefecture, league) name, dropped to reach the
// short form agencies print in titles ("天河区教育局" for "广州市天河区教育局").
const REGION_PREFIX = /^[\u3400-\u9fff]{1,10}?(?:省|自治区|特别行政区|市|自治州|地区|盟)/;
// What remains must still start with a place: a name ending in 区, 县, 市, 旗, 州, 盟, 镇, 乡 or 街道
// right at the start ("天河区教育局"), the first such ending being the place's.
const PLACE_AT_START = /^[\u3400-\u9fff]{1,14}?(?:街道|区|县|市|旗|州|盟|镇|乡)/;
// …and that "place" must not be a department's own word: 城市管理委员会, 住房和城乡建设委员会,
// 市政市容管理委员会, 乡镇企业局 (晋城市, 平和县, 城区 are places; 城市, 城乡 are not).
const NOT_A_PLACE = /^(?:城[市乡镇]|乡镇|市[政容场]|社区|园区|景区|街区)|城乡$|[和与及、]城[市镇]$/;

function stillLocal(rest: string): boolean {
  const place = PLACE_AT_START.exec(rest);
  return place !== null && !NOT_A_PLACE.test(place[0]);
}

// A title that names only the place ("某某县2017年政府信息公开工作年度报告") is the report of the
// place's 人民政府; one that names only a zone ("平潭综合实验区…") that of the zone's 管理委员会.
const PLACE_SEAT = /^(.+(?:省|自治区|市|州|地区|盟|县|区|旗|镇|乡))人民政府$/;
const ZONE_SEAT = /^(.+区)(?:管理委员会|管委会)$/;

/** The registered name and the forms that count as it: aliases, the name without its region prefix, the bare place of a government. */
function acceptedForms(agency: AgencyNames): Set<string> {
  const forms = new Set<string>();
  const name = normalizeAgencyName(agency.name);
  forms.add(comparable(name));
  for (const a of agency.aliases ?? []) {
    const n = normalizeAgencyName(a);
    if (n) forms.add(comparable(n));
  }
  const place = (PLACE_SEAT.exec(name) ?? ZONE_SEAT.exec(name))?.[1];
  for (const full of place && agencyNameProblem(place) === undefined ? [name, place] : [name]) {
    forms.add(comparable(full));
    let rest = full;
    for (let k = 0; k < 2; k++) {
      const m = REGION_PREFIX.exec(rest);
      if (!m) break;
      rest = rest.slice(m[0].length);
      if (!stillLocal(rest) || agencyNameProblem(rest) !== undefined) break;
      forms.add(comparable(rest));
    }
  }
  return forms;
}

/**
 * Does a name printed in a report designate this agency? Exactly the name, an alias, or the name
 * without its leading region; a longer name containing ours (its 办公室, say) is another agency.
 */
export function namesAgency(printed: string, agency: AgencyNames): boolean {
  const n = normalizeAgencyName(printed);
  return n !== '' && acceptedForms(agency).has(comparable(n));
}
