import type { Report } from '../../shared/model/report';
import { applicationRow } from '../../shared/model/table-access';
import { layout } from './document';
import { toText } from './layouts';
import { ADMIN, type client } from './local';
import { buildReport, distinctNumbers, type Numbers } from './sample-reports';
import { defined } from './defined';

/**
 * A small archive for the site's tests: agencies in two provinces and several cities and counties,
 * reports over three years in both table formats, a correction, a report stored with errors and
 * one whose table 三 could not be read. Each report is built here, so the tests know every number.
 */
export const SITE_AGENCIES = [
  { id: 'tianhe-edu', name: '广州市天河区教育局', region: '440106', level: '区县级部门', aliases: ['天河区教育局'] },
  { id: 'baiyun-gov', name: '广州市白云区人民政府', region: '440111', level: '区县级政府' },
  { id: 'gz-fgw', name: '广州市发展和改革委员会', region: '440100', level: '市级部门', aliases: ['广州市发改委'] },
  { id: 'miyun-kw', name: '北京市密云区科学技术委员会', region: '110118', level: '区县级部门', aliases: ['密云区科委'] },
  { id: 'hangzhou-gov', name: '杭州市人民政府', region: '330100', level: '市级政府' },
] as const;

export type SiteAgency = (typeof SITE_AGENCIES)[number]['id'];

/** The same shape of numbers, scaled so each report's figures differ. */
function numbers(format: '2021' | '2019', k: number): Numbers {
  const base = distinctNumbers(format);
  const scale = (xs: number[]) => xs.map((x) => x * k + (x > 0 ? k : 0));
  return {
    results: Object.fromEntries(Object.entries(base.results).map(([key, xs]) => [key, scale(xs)])),
    carriedOver: scale(base.carriedOver),
    carriedForward: scale(base.carriedForward),
    review: base.review.map(scale),
    disclosure: Object.fromEntries(Object.entries(base.disclosure).map(([key, xs]) => [key, xs.map((x) => (x > 0 && Number.isInteger(x) ? x * k : x))])),
  };
}

export interface SeededReport {
  agency: SiteAgency;
  year: number;
  version: number;
  report: Report;
  /** stored although its tables do not add up */
  withErrors?: boolean;
  /** table 三 could not be read */
  unchecked?: boolean;
}

const text = (r: Report) => Buffer.from(toText(layout(r), 'tabRows'));

/** Registers the agencies and uploads the reports through the API; returns what is latest for each agency-year. */
export async function seedSite(call: ReturnType<typeof client>): Promise<{ tokens: Record<SiteAgency, string>; latest: SeededReport[] }> {
  const tokens = {} as Record<SiteAgency, string>;
  for (const a of SITE_AGENCIES) {
    const r = await call('POST', '/v1/agencies', { token: ADMIN, json: a });
    if (r.status !== 201) throw new Error(`register ${a.id}: ${r.status} ${r.text}`);
    tokens[a.id] = r.json.token;
  }
  const name = (id: SiteAgency) => defined(SITE_AGENCIES.find((a) => a.id === id)).name;
  const latest = new Map<string, SeededReport>();
  const upload = async (s: Omit<SeededReport, 'version'>, body = text(s.report)) => {
    const r = await call('POST', `/v1/reports${s.withErrors ? '?strict=false' : ''}`, { token: tokens[s.agency], body, type: 'text/plain' });
    if (r.status !== 201) throw new Error(`upload ${s.agency} ${s.year}: ${r.status} ${r.text.slice(0, 300)}`);
    latest.set(`${s.agency}|${s.year}`, { ...s, version: r.json.version });
  };
  const plain = (agency: SiteAgency, format: '2021' | '2019', year: number, k: number, tweak?: (n: Numbers) => void) => {
    const n = numbers(format, k);
    tweak?.(n);
    return buildReport(format, year, name(agency), n);
  };

  await upload({ agency: 'tianhe-edu', year: 2020, report: plain('tianhe-edu', '2019', 2020, 1) });
  await upload({ agency: 'tianhe-edu', year: 2021, report: plain('tianhe-edu', '2021', 2021, 2) });
  await upload({ agency: 'tianhe-edu', year: 2022, report: plain('tianhe-edu', '2021', 2022, 3) });
  // The correction: five requests carried forward were in fact granted, so the tables still add up.
  const corrected = plain('tianhe-edu', '2021', 2022, 3, (n) => {
    const granted = defined(n.results.granted);
    granted[0] = defined(granted[0]) + 5;
    n.carriedForward[0] = defined(n.carriedForward[0]) - 5;
  });
  await upload({ agency: 'tianhe-edu', year: 2022, report: corrected });

  await upload({ agency: 'baiyun-gov', year: 2021, report: plain('baiyun-gov', '2021', 2021, 4) });
  const broken = plain('baiyun-gov', '2021', 2022, 5);
  const commercial = defined(applicationRow(broken.tables as never, 'granted').commercial);
  commercial.value = defined(commercial.value) + 7;
  await upload({ agency: 'baiyun-gov', year: 2022, report: broken, withErrors: true });

  await upload({ agency: 'gz-fgw', year: 2022, report: plain('gz-fgw', '2021', 2022, 6) });
  await upload({ agency: 'miyun-kw', year: 2021, report: plain('miyun-kw', '2021', 2021, 7) });
  await upload({ agency: 'miyun-kw', year: 2022, report: plain('miyun-kw', '2021', 2022, 8) });

  const unread = plain('hangzhou-gov', '2021', 2022, 9);
  const full = text(unread).toString('utf8');
  const cut = full.slice(0, full.indexOf('一、本年新收政府信息公开申请数量')) + full.slice(full.indexOf('四、政府信息公开行政复议'));
  await upload({ agency: 'hangzhou-gov', year: 2022, report: unread, unchecked: true }, Buffer.from(cut));

  return { tokens, latest: [...latest.values()] };
}
