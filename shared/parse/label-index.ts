import { compact, labelCore } from './normalize';
import type { Token } from './tokens';

/** What the label search did, for the tests that hold it to linear work. */
export const labelSearchWork = { visits: 0 };

export interface LabelPattern {
  /** tested on the token's core (anchored row labels) or compact form (captions) */
  match: RegExp;
  on?: 'core' | 'compact';
  /** the printed label: a token that is its first five or more characters also matches (wrapped labels) */
  label?: string;
}

const cores = new Map<string, string>();
/** The label as the parser compares it, computed once per printed label. */
export function canonicalCore(label: string): string {
  let core = cores.get(label);
  if (core === undefined) {
    core = labelCore(compact(label));
    cores.set(label, core);
  }
  return core;
}

/**
 * Characters a match can start with, read off an anchored pattern's source: `^属于…`, `^(行政)?规范…`.
 * undefined when the source is not that simple; such a pattern is tried on every label token.
 */
function leadingChars(re: RegExp): string[] | undefined {
  const src = re.source;
  if (!src.startsWith('^')) return undefined;
  const out: string[] = [];
  let i = 1;
  for (;;) {
    const c = src[i];
    if (c === undefined || c === '\\' || c === '.' || c === '[' || c === '$' || c === ')' || c === '|') return undefined;
    if (c !== '(') {
      out.push(c);
      if (src[i + 1] === '?' || src[i + 1] === '*' || src[i + 1] === '{') return undefined;
      return out;
    }
    const close = src.indexOf(')', i);
    if (close === -1) return undefined;
    const alternatives = src.slice(i + 1, close).split('|');
    for (const alt of alternatives) {
      const first = alt[0];
      if (!first || '\\.[(?*+{'.includes(first)) return undefined;
      out.push(first);
    }
    if (src[close + 1] !== '?') return out;
    i = close + 2;
  }
}

const NONE: readonly number[] = [];

function withHit(hit: Set<number> | undefined, k: number): Set<number> {
  const set = hit ?? new Set<number>();
  set.add(k);
  return set;
}

/** What a pattern list needs to be searched: which patterns each first character may start. */
interface Plan {
  /** by the UTF-16 code of the first character: a one-character string of a CJK label would be made per token */
  byLead: Map<number, number[]>;
  always: number[];
  full: (string | undefined)[];
}

/** Plans by pattern list: the readers pass the same lists for every document, so each is planned once. */
const plans = new WeakMap<readonly LabelPattern[], Plan>();

function planOf(patterns: readonly LabelPattern[]): Plan {
  const known = plans.get(patterns);
  if (known) return known;
  const byLead = new Map<number, number[]>();
  const always: number[] = [];
  const full = patterns.map((p) => (p.label && (p.on ?? 'core') === 'core' ? canonicalCore(p.label) : undefined));
  patterns.forEach((p, k) => {
    const leads = (p.on ?? 'core') === 'core' ? leadingChars(p.match) : undefined;
    if (!leads) {
      always.push(k);
      return;
    }
    const all = new Set(leads);
    const lead = full[k]?.[0];
    if (lead) all.add(lead);
    for (const c of all) {
      const code = c.charCodeAt(0);
      const list = byLead.get(code);
      if (list) list.push(k);
      else byLead.set(code, [k]);
    }
  });
  const plan = { byLead, always, full };
  plans.set(patterns, plan);
  return plan;
}

/**
 * Every token in [from, to) that can be each pattern's label, found in ONE pass: a token is tried
 * only on the patterns whose first character it starts with, so the work is linear in the tokens
 * however many rows are missing. `next(p, from)` then answers a row search without rescanning.
 */
export class LabelIndex {
  /** each pattern's hits, in token order; made for the patterns that have any */
  private readonly hits: (number[] | undefined)[] = [];

  constructor(tokens: readonly Token[], patterns: readonly LabelPattern[], from: number, to: number) {
    const { byLead, always, full } = planOf(patterns);
    for (let i = Math.max(from, 0); i < to; i++) {
      labelSearchWork.visits++;
      const t = tokens[i];
      if (t === undefined || t.value !== undefined || t.compact.length === 0) continue;
      // Most tokens match no pattern: the set is made for the few that do. Plain loops, no closure
      // per token: this runs on every token of every table.
      let hit: Set<number> | undefined;
      // rowCores without its array for the many tokens whose core is their only form.
      const cores = GROUP_FIRST.has(t.core.charCodeAt(0)) ? rowCores(t) : undefined;
      for (let c = 0; c < (cores?.length ?? 1); c++) {
        const core = cores?.[c] ?? t.core;
        for (const k of byLead.get(core.charCodeAt(0)) ?? NONE) if (this.hitOn(patterns, full, k, t, core)) hit = withHit(hit, k);
        for (const k of always) if (this.hitOn(patterns, full, k, t, core)) hit = withHit(hit, k);
      }
      if (hit)
        for (const k of hit) {
          const list = this.hits[k];
          if (list) list.push(i);
          else this.hits[k] = [i];
        }
    }
  }

  private hitOn(patterns: readonly LabelPattern[], full: readonly (string | undefined)[], k: number, t: Token, core: string): boolean {
    const p = patterns[k];
    return p !== undefined && this.matches(p, full[k], t, core);
  }

  private matches(p: LabelPattern, full: string | undefined, t: Token, core: string): boolean {
    const form = (p.on ?? 'core') === 'core' ? core : t.compact;
    if (form.length > 80) return false;
    if (p.match.test(form)) return true;
    if (full && core.length >= 5 && full.length > core.length && full.startsWith(core)) return true;
    return (p.on ?? 'core') === 'core' && runAfterLabel(p, core) !== undefined;
  }

  /** The first token at or after `from` that matches pattern `p`, or -1. */
  next(p: number, from: number): number {
    const list = this.hits[p];
    if (list === undefined) return -1;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      labelSearchWork.visits++;
      const at = list[mid];
      if (at !== undefined && at < from) lo = mid + 1;
      else hi = mid;
    }
    return list[lo] ?? -1;
  }
}

const TRAILING_NUMBER = /^(.*?)(\d+(?:\.\d+)?)$/;

/**
 * A group label run into its first row without numbering between them ("不予公开属于国家秘密"):
 * the row label is what follows. No row label starts with a group's words.
 */
const GROUP_LEAD = /^(?:本年度办理结果|不予公开|无法提供|不予处理|其他处理)(?=.)/;
const GROUP_FIRST = new Set([...'本不无其'].map((c) => c.charCodeAt(0)));

/** The forms of a token's core a row label may be: as it is, and without a group label run into it. */
export function rowCores(t: Token): string[] {
  // Every group label starts with one of these: the regular expression runs only on such a core.
  if (!GROUP_FIRST.has(t.core.charCodeAt(0))) return [t.core];
  const stripped = t.core.replace(GROUP_LEAD, '');
  return stripped === t.core || stripped.length === 0 ? [t.core] : [t.core, stripped];
}

/**
 * The number a row label ran together with ("行政规范性文件693665" → "693665", "行政事业性收费12.5"
 * → "12.5"), when the text before it is the label; undefined otherwise. `core` is one of the
 * token's `rowCores`.
 */
export function runAfterLabel(p: LabelPattern, core: string): string | undefined {
  const last = core.charCodeAt(core.length - 1);
  if (!(last >= 48 && last <= 57)) return undefined;
  const [, label, run] = TRAILING_NUMBER.exec(core) ?? [];
  if (!label) return undefined;
  if (p.match.test(label)) return run;
  const full = p.label ? canonicalCore(p.label) : undefined;
  return full && label.length >= 5 && full.startsWith(label) ? run : undefined;
}

/** The run after row `p`'s label in token `t`, trying each form of its core. */
export function runOf(p: LabelPattern, t: Token): string | undefined {
  for (const core of rowCores(t)) {
    const run = runAfterLabel(p, core);
    if (run !== undefined) return run;
  }
  return undefined;
}
