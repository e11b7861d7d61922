import type { ParseMessage } from '../model/findings';
import { SECTION_KEYS, SECTION_TITLES, type ReportFormat, type SectionKey } from '../model/keys';
import type { Report, Sections } from '../model/report';
import type { Block } from './blocks';
import { HEAD_LABEL, countSignals, decideFormat } from './format';
import { findEnd, findHeadings, proseBetween } from './sections';
import { readTables } from './tables';
import { type CmsBlock, readCmsBlock } from './cms-block';
import type { DocumentMeta } from './input-kinds';
import { publisherLike, readMeta, titleFromDocument, yearOfPeriod } from './metadata';
import { compact } from './normalize';
import { isChromeLine, runningHeaders } from './page-chrome';
import { ARTICLE_META, findTitle, looksLikeTitle, titleScore } from './title';
import { toTokens, type Ctx, type Token } from './tokens';

export type Mapped = { report: Report; messages: ParseMessage[]; recognized: boolean };

export interface MapOptions {
  /** what the container states besides the text (HTML <title> and <meta>) */
  meta?: DocumentMeta;
  /** the uploaded file's name: agencies often name the file after the report */
  filename?: string;
}

/** Stage 3: blocks → the report model, finding every table by its labels, never by position. */
export function mapToModel(blocks: Block[], options: MapOptions = {}): Mapped {
  const tokens = toTokens(blocks);
  const messages: ParseMessage[] = [];
  const ctx: Ctx = { tokens, messages, consumed: new Uint8Array(tokens.length) };

  // The CMS block (标题, 发布机构, 发布日期 …) lies above the article's first section heading.
  const block = readCmsBlock(tokens, findHeadings(tokens, 0)[0]?.index ?? tokens.length);
  const notTitle = new Set(block.tokens);
  if (block.titleAt !== undefined) notTitle.delete(block.titleAt);
  const found = findTitle(tokens, messages, notTitle);
  const blockTitle = block.title === undefined ? undefined : titleFromDocument({ title: block.title });
  const docTitle = blockTitle ?? titleFromDocument(options.meta);
  // A bare "政府信息公开年报" in the page's menu is no title when the page's own (the block's 标题,
  // ArticleTitle) names more; the article still starts after it, and after the block.
  const bodyTitle = found && docTitle && titleScore(docTitle) > titleScore(found) ? undefined : found;
  const blockEnd = block.tokens.size > 0 ? Math.max(...block.tokens) + 1 : 0;
  const start = bodyTitle ? bodyTitle.index + 1 : Math.max(blockEnd, found ? found.index + 1 : 0);
  const headings = findHeadings(tokens, start);
  const end = findEnd(tokens, headings);
  const firstHeading = headings[0]?.index ?? end;

  // The page's own title (the block's 标题, ArticleTitle, <title>) stands in when the text has none, or names less.
  const pageTitle = docTitle ?? titleFromDocument({ title: options.filename?.replace(/\.[A-Za-z0-9]{1,5}$/, '') });
  const title = bodyTitle ?? (pageTitle && { ...pageTitle, index: -1 });
  // Running headers (the site's name, the title again, a printed URL on every page) are no text.
  const headers = runningHeaders(tokens, 0, end, [title?.agency ?? '', pageTitle?.agency ?? ''].map(compact));
  const titleLine = title ? compact(title.text) : '';
  const furniture = (t: Token) => headers.has(t.compact) || (titleLine !== '' && t.compact === titleLine);

  const meta = readMeta({ tokens, end, block, document: options.meta, furniture });
  // A title without an agency: the line above it (findTitle), the page's 发布机构, the signature,
  // then the container's ContentSource.
  const agency = title?.agency || pageTitle?.agency || blockPublisher(block) || meta.signedBy || meta.publisher || '';
  let year = title?.year ?? pageTitle?.year ?? yearOfPeriod(meta.period);
  if (year !== null && (year < 2000 || year > 2100)) year = null;
  if (!title) messages.push({ level: 'warning', code: 'TITLE_NOT_FOUND', message: '没有找到“××年政府信息公开工作年度报告”标题' });
  const where = bodyTitle ? { position: bodyTitle.pos } : {};
  if (title && !title.agency) {
    messages.push(
      agency
        ? { level: 'warning', code: 'AGENCY_NOT_IN_TITLE', message: `标题中没有机关名称，按页面信息或落款认定为“${agency}”`, ...where }
        : { level: 'warning', code: 'AGENCY_NOT_FOUND', message: '标题中没有找到机关名称，落款和发布机构也没有', ...where },
    );
  }
  if (title && title.year === null) {
    messages.push(
      year !== null
        ? { level: 'warning', code: 'YEAR_NOT_IN_TITLE', message: `标题中没有写明年度，按统计期限认定为 ${year} 年`, ...where }
        : { level: 'warning', code: 'YEAR_NOT_FOUND', message: '标题和正文中都没有写明报告年度（如“2023年政府信息公开工作年度报告”）', ...where },
    );
  }
  const signals = countSignals(tokens, start, end);
  const sectionRange = (key: SectionKey): [number, number] => {
    const i = headings.findIndex((h) => h.key === key);
    const heading = headings[i];
    if (heading === undefined) return [-1, -1];
    return [heading.index + 1, headings[i + 1]?.index ?? end];
  };

  let format: ReportFormat;
  let tables: Report['tables'] = null;
  const hasTableLabels = tokens.some((t, i) => i >= start && i < end && (HEAD_LABEL.test(t.core) || /第二十条第\(/.test(t.compact)));
  // Section 三 worded "收到和处理政府信息公开申请情况" is the 2019 template's; pre-2019 reports say 依申请公开.
  const templateHeading = headings.some((h) => h.key === 'applications' && /收到和处理/.test(tokens[h.index]?.compact ?? ''));
  if (!hasTableLabels && signals['2021'] + signals['2019'] === 0 && (year === null || year <= 2018) && !(year === null && templateHeading)) {
    format = 'pre2019';
  } else {
    format = decideFormat(signals, ctx, start, end, year);
    tables = readTables(ctx, format, sectionRange, start, end);
    if (!tables) {
      messages.push({
        level: 'warning',
        code: 'TABLES_NOT_FOUND',
        message: '没有找到统计表（表二至表四）。如果表格是图片，请上传含文字表格的版本',
      });
    }
  }

  const sections = Object.fromEntries(SECTION_KEYS.map((k) => [k, ''])) as Sections;
  for (const key of SECTION_KEYS) {
    const [from, to] = sectionRange(key);
    if (from === -1) continue;
    sections[key] = proseBetween(ctx, from, to, furniture);
  }
  for (const key of ['overview', 'problems', 'other'] as const) {
    if (sectionRange(key)[0] === -1 && format !== 'pre2019') {
      messages.push({ level: 'warning', code: 'SECTION_NOT_FOUND', message: `没有找到“${SECTION_TITLES[key]}”部分的标题` });
    }
  }

  const report = {
    schemaVersion: 1 as const,
    agency,
    year,
    format,
    title: title?.text ?? '',
    preamble: proseBetween(
      ctx,
      start,
      firstHeading,
      (t, i) =>
        block.tokens.has(i) || t.compact === agency || ARTICLE_META.test(t.compact) || looksLikeTitle(t.compact) || isChromeLine(t.text) || furniture(t),
    ),
    sections,
    tables,
    meta,
  } as Report;
  const recognized = found !== undefined || headings.length >= 2 || tables !== null;
  return { report, messages, recognized };
}

/** The agency the page's own block names (发布机构, 来源), as printed. */
function blockPublisher(block: CmsBlock): string {
  const named = block.sources.find(publisherLike);
  return named === undefined ? '' : compact(named);
}
