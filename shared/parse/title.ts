import type { ParseMessage } from '../model/findings';
import { chineseYearDigits } from './normalize';
import type { Token } from './tokens';

export const TITLE = /^(?:关于)?(.*?)(?:(\d{4})年度?)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)$/;
// CMS breadcrumbs ("当前位置：首页 > 政务公开 > …") repeat the title; they are not it.
const BREADCRUMB = /当前位置|您的位置|首页\s*[>»›＞]|[>»›＞]\s*(?:政务公开|信息公开|政府信息公开|年度报告|年报)/;

export function findTitle(tokens: Token[], messages: ParseMessage[]) {
  // A title with a year beats a bare "政府信息公开年报" in a menu.
  const hit = matchTitle(tokens, true) ?? matchTitle(tokens, false);
  if (!hit) {
    messages.push({ level: 'warning', code: 'TITLE_NOT_FOUND', message: '没有找到“××年政府信息公开工作年度报告”标题' });
    return undefined;
  }
  const { i, m } = hit;
  const t = tokens[i]!;
  let agency = m[1] ?? '';
  if (!agency) {
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
      const prev = tokens[j]!.compact;
      if (prev && prev.length <= 60 && !BREADCRUMB.test(prev) && tokens[j]!.value === undefined) {
        agency = prev;
        break;
      }
    }
  }
  let year = m[2] ? Number(m[2]) : null;
  if (year !== null && (year < 2000 || year > 2100)) {
    messages.push({ level: 'warning', code: 'YEAR_INVALID', message: `标题中的年度“${year}”不是有效的报告年度`, position: t.pos });
    year = null;
  } else if (year === null) messages.push({ level: 'warning', code: 'YEAR_NOT_FOUND', message: '标题中没有写明年度', position: t.pos });
  if (!agency) messages.push({ level: 'warning', code: 'AGENCY_NOT_FOUND', message: '标题中没有找到机关名称', position: t.pos });
  const text = agency && !t.compact.includes(agency) ? `${agency}${t.text.trim()}` : t.text.trim();
  return { index: i, agency, year, text };
}

function matchTitle(tokens: Token[], withYear: boolean) {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.compact.length > 80 || BREADCRUMB.test(t.compact)) continue;
    const m = TITLE.exec(chineseYearDigits(t.compact).replace(/[《》]/g, ''));
    if (m && (!withYear || m[2])) return { i, m };
  }
  return undefined;
}

// CMS article furniture between the title and the text.
export const ARTICLE_META = /^(发布时间|发布日期|来源|字号|浏览次数|点击数|索引号|发文机关|成文日期|【字体|\[字体|分享)[:：]?/;
