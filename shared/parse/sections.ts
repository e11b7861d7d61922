import { SECTION_KEYS, type SectionKey } from '../model/keys';
import { stripNumbering } from './normalize';
import { isPageFurniture } from './page-chrome';
import type { Ctx, Token } from './tokens';

const SECTION_HEADINGS: Record<SectionKey, RegExp> = {
  overview: /^(?:政府信息公开(?:工作)?的?)?(?:总体|基本|总体工作)情况$|^(?:总体)?概述$/,
  activeDisclosure: /^主动公开政府信息(?:的)?(?:工作)?情况$|^主动公开(?:工作)?情况$/,
  applications: /^收到和处理政府信息公开申请(?:的)?情况$|^依申请公开政府信息(?:的)?(?:工作)?情况$/,
  reviewLitigation: /^.{0,20}行政复议.{0,6}行政诉讼.{0,6}情况$/,
  problems: /^.{0,12}存在的?(?:主要)?问题.{0,3}改进(?:情况|措施)$/,
  other: /^其他需要报告的(?:事项|情况)$/,
};

// Every heading pattern ends in one of these words: a cheap test before the patterns.
const HEADING_END = /(?:情况|事项|措施|概述)$/;

export function findHeadings(tokens: Token[], start: number) {
  const found: { key: SectionKey; index: number }[] = [];
  let next = 0;
  for (let i = start; i < tokens.length && next < SECTION_KEYS.length; i++) {
    const t = tokens[i];
    if (t === undefined || t.value !== undefined || t.compact.length > 40 || !HEADING_END.test(t.compact)) continue;
    const core = stripNumbering(t.compact);
    for (let k = next; k < SECTION_KEYS.length; k++) {
      const key = SECTION_KEYS[k];
      if (key !== undefined && SECTION_HEADINGS[key].test(core)) {
        found.push({ key, index: i });
        next = k + 1;
        break;
      }
    }
  }
  return found;
}

const CHROME =
  /版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备|网站地图|联系我们|打印本页|关闭窗口|【打印】|【关闭】|扫一扫|分享到|相关链接|上一篇|下一篇|Copyright|^(?:主办|承办)(?:单位)?:|技术支持:|^(?:相关附件|附件下载|相关文件|相关稿件|相关解读|扫码阅读|手机阅读)|^(?:责任编辑|浏览次数|阅读次数|访问次数|点击次数|点击数|【?字体:|字号:)/i;

export function findEnd(tokens: Token[], headings: { index: number }[]): number {
  const from = (headings.at(-1)?.index ?? -1) + 1;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t && CHROME.test(t.compact) && t.compact.length < 80) return i;
  }
  return tokens.length;
}

/**
 * The running text between two tokens: no table cells, no page numbers or print furniture
 * (whole lines only), nothing `skip` refuses.
 */
export function proseBetween(ctx: Ctx, from: number, to: number, skip?: (t: Token, i: number) => boolean): string {
  const lines: string[] = [];
  for (let i = Math.max(from, 0); i < to; i++) {
    const t = ctx.tokens[i];
    if (t === undefined || ctx.consumed[i] || t.cell || !t.text.trim() || skip?.(t, i) || isPageFurniture(t.text)) continue;
    lines.push(t.text.trim());
  }
  return lines.join('\n');
}
