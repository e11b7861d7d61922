import { FORMAT_SIGNALS, GROUP_LABELS } from '../model/keys';
import type { Ctx, Token } from './tokens';

/** Labels that only a statistics table prints: a report that has them is not pre-2019. */
export const HEAD_LABEL = /^本年新收(政府信息公开)?申请(数量)?$|^结果维持$/;

export function countSignals(tokens: Token[], start: number, end: number) {
  const n = { '2021': 0, '2019': 0 };
  for (let i = start; i < end; i++) {
    const t = tokens[i];
    // The shortest signal label has five characters.
    if (t === undefined || t.value !== undefined || t.core.length > 50 || t.core.length < 5) continue;
    if (FORMAT_SIGNALS['2021'].test(t.core)) n['2021']++;
    if (FORMAT_SIGNALS['2019'].test(t.core)) n['2019']++;
  }
  return n;
}

export function decideFormat(signals: { '2021': number; '2019': number }, ctx: Ctx, start: number, end: number, year: number | null): '2021' | '2019' {
  if (signals['2021'] > 0 && signals['2019'] > 0) {
    ctx.messages.push({
      level: 'warning',
      code: 'MIXED_FORMAT_LABELS',
      message: `表格同时使用了 2021 版（${signals['2021']} 处）和 2019 版（${signals['2019']} 处）格式的栏目名称，按数量较多的一版读取`,
    });
  }
  if (signals['2021'] !== signals['2019']) return signals['2021'] > signals['2019'] ? '2021' : '2019';
  // No table 二 headers: （六）其他处理 with values of its own is the 2019 layout.
  for (let i = start; i < end; i++) {
    const t = ctx.tokens[i];
    if (t && GROUP_LABELS.otherHandling.test(t.core)) {
      const next = ctx.tokens[i + 1];
      if (next?.value !== undefined) return '2019';
      return '2021';
    }
  }
  return year !== null && year < 2021 ? '2019' : '2021';
}
