/**
 * The PDF fixtures' recipes: each PDF under test/fixtures/pdf/ has a JSON recipe beside it, and
 * the report it was printed from is rebuilt here from the recipe with the test-side builder, so
 * the tests compare the parser's output with a model the parser never produced.
 */
import type { Report } from '../../shared/model/report';
import { buildReport, distinctNumbers, type Numbers } from './sample-reports';
import { fixturePath } from './fixtures';
import { HTML_PUBLISHED } from './layouts';

export interface PdfRecipe {
  file: string;
  /** how the PDF was made */
  producer: 'chromium' | 'libreoffice' | 'image';
  format: '2021' | '2019';
  year: number;
  agency: string;
  /** distinct: every cell differs; scaled: the same times 137, four- and five-digit numbers */
  pattern: 'distinct' | 'scaled';
  /** the running header, footer or page number printed on every page, if any */
  running?: string;
}

export const PDF_RECIPES: PdfRecipe[] = [
  {
    file: 'chromium-2021-beijing.pdf',
    producer: 'chromium',
    format: '2021',
    year: 2022,
    agency: '北京市人民政府',
    pattern: 'distinct',
    running: 'chromium header and footer',
  },
  { file: 'chromium-2019-shanghai.pdf', producer: 'chromium', format: '2019', year: 2020, agency: '上海市人民政府', pattern: 'scaled' },
  {
    file: 'libreoffice-2021-guangzhou.pdf',
    producer: 'libreoffice',
    format: '2021',
    year: 2021,
    agency: '广州市人民政府',
    pattern: 'scaled',
    running: '- n - footer',
  },
  {
    file: 'libreoffice-2019-hangzhou.pdf',
    producer: 'libreoffice',
    format: '2019',
    year: 2019,
    agency: '杭州市人民政府',
    pattern: 'distinct',
    running: '第 n 页 共 m 页 footer',
  },
];

/** The scanned report: one page holding a picture of text, no text layer. Its PDF Title names 2020. */
export const SCANNED_PDF = { file: 'scanned-2020.pdf', title: '某县人民政府2020年政府信息公开工作年度报告', year: 2020 };

function numbers(format: '2021' | '2019', pattern: PdfRecipe['pattern']): Numbers {
  const n = distinctNumbers(format);
  if (pattern === 'distinct') return n;
  const scale = (xs: number[]) => xs.map((x) => x * 137);
  return {
    results: Object.fromEntries(Object.entries(n.results).map(([k, v]) => [k, scale(v)])),
    carriedOver: scale(n.carriedOver),
    carriedForward: scale(n.carriedForward),
    review: n.review.map(scale),
    disclosure: Object.fromEntries(Object.entries(n.disclosure).map(([k, v]) => [k, v.map((x) => (Number.isInteger(x) && x > 0 ? x * 137 : x))])),
  };
}

/** The report a recipe's PDF was printed from; a CMS page states its publication date, a Word file none. */
export function recipeReport(r: Pick<PdfRecipe, 'format' | 'year' | 'agency' | 'pattern'> & { producer?: PdfRecipe['producer'] }): Report {
  const report = buildReport(r.format, r.year, r.agency, numbers(r.format, r.pattern));
  return r.producer === 'chromium' ? { ...report, meta: { ...report.meta, published: HTML_PUBLISHED } } : report;
}

export const pdfFixturePath = (file: string) => fixturePath(`pdf/${file}`);
