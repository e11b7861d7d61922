import { isRegionCode, levelOf } from '../regions/region-codes';

/**
 * What kind of body an agency is, which decides its deadline under 条例 第四十九条: a people's
 * government at county level or above (its own report, by 31 March), one of its departments (by
 * 31 January), or a 乡镇 government or 街道办事处 (which 第四十九条 does not name; held to the
 * departments' date). Stored on the agency at registration and editable by the admin; inferred
 * from the name, region and level only where an older profile has none stored.
 */
export const AGENCY_KINDS = ['government', 'department', 'township'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_NAMES: Record<AgencyKind, string> = {
  government: '县级以上人民政府，含开发区、实验区等的管理委员会',
  department: '政府部门',
  township: '乡镇人民政府、街道办事处',
};

/** The allowed values with their meaning, for a 400 that tells the admin what to send. */
export const AGENCY_KIND_CHOICES = AGENCY_KINDS.map((k) => `${k}（${AGENCY_KIND_NAMES[k]}）`).join('、');

export interface KindInput {
  name: string;
  /** GB/T 2260: every code names a county-level or higher area (there are no township codes) */
  region?: string | null;
  /** the archive's free-text level (区县级部门, 乡镇, 街道 …) */
  level?: string | null;
}

const SPACE = /[\s\u00a0\u3000\u200b\ufeff]+/g;
const normalName = (name: string) => name.normalize('NFKC').replace(SPACE, '');

// 乡/民族乡/镇/苏木 governments and 街道办事处 by name ("XX镇" and "XX街道" as titles print them), or by level.
const TOWNSHIP_NAME = /(?:乡|镇|苏木)(?:人民)?政府$|街道(?:办事处|办)?$|[乡镇]$/;
const TOWNSHIP_LEVEL = /乡|镇|街道/;
// 人民政府 (政府 alone too); 办公厅/办公室 end otherwise and stay departments.
const GOVERNMENT_NAME = /政府$/;
// The 管理委员会 of a zone (开发区, 新区, 综合实验区 …) governs an area; 城市管理委员会 or
// 住房公积金管理委员会 are departments, and their names do not put 区 before 管委会.
const ZONE_COMMITTEE = /区(?:管理委员会|管委会)$/;

/** The kind a name and region suggest, for registration (and for a profile stored without one). */
export function inferAgencyKind(agency: KindInput): AgencyKind {
  const name = normalName(agency.name);
  if ((agency.level && TOWNSHIP_LEVEL.test(agency.level)) || TOWNSHIP_NAME.test(name)) return 'township';
  if (GOVERNMENT_NAME.test(name)) return 'government';
  // A zone's committee counts as the government of its area when that area is on the map at county level or above.
  const area = agency.region && isRegionCode(agency.region) && levelOf(agency.region) > 0;
  if (area && ZONE_COMMITTEE.test(name)) return 'government';
  return 'department';
}

/** The stored kind, else the inferred one. */
export const agencyKind = (agency: KindInput & { kind?: AgencyKind | null }): AgencyKind => agency.kind ?? inferAgencyKind(agency);
