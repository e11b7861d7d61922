/**
 * A report's tables as a county CMS exports them to text: every table row's cells ran together
 * into one line, label and digits alike ("一、本年新收政府信息公开申请数量801000081"), header rows
 * too ("自然人商业企业科研机构社会公益组织法律服务机构其他总计"). Written from the layout, so the
 * model the layout started from is the expected parse.
 */
import type { Item } from './document';

export interface RunTogetherOptions {
  /** indent each line with a tab, as one-cell-per-line CMS exports do */
  tabIndent?: boolean;
}

export function toRunTogetherText(items: Item[], opts: RunTogetherOptions = {}): string {
  const out: string[] = [];
  const lead = opts.tabIndent ? '\t' : '';
  for (const item of items) {
    if (item.type === 'p') out.push(item.text);
    else for (const row of item.rows) out.push(lead + row.map((c) => c.text.replace(/\n/g, '')).join(''));
  }
  return `${out.join('\n')}\n`;
}
