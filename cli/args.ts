/** A mistake in how the command was called: its message (Chinese) is printed and the exit code is 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  /** arguments that are not options, in order (`-` is one: stdin) */
  positional: string[];
  /** `--name value` and `--name=value`; a flag without a value is `true` */
  options: Map<string, string | true>;
}

/**
 * Splits the arguments. `withValue` names the options that take the next argument as their value;
 * any other option is a flag, unless written `--name=value`.
 */
export function parseArgs(args: string[], withValue: ReadonlySet<string>): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) break;
    if (a === '-' || !a.startsWith('-')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq !== -1) {
      options.set(a.slice(0, eq), a.slice(eq + 1));
    } else if (withValue.has(a)) {
      const value = args[i + 1];
      if (value === undefined) throw new UsageError(`${a} 后面缺少取值`);
      options.set(a, value);
      i++;
    } else options.set(a, true);
  }
  return { positional, options };
}

/** The value of an option that takes one; a bare flag where a value is due is a usage error. */
export function value(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options.get(name);
  if (v === true) throw new UsageError(`${name} 后面缺少取值`);
  return v;
}

/** Options the command does not know: a typo should not silently change what runs. */
export function rejectUnknown(parsed: ParsedArgs, known: ReadonlySet<string>): void {
  for (const name of parsed.options.keys()) if (!known.has(name)) throw new UsageError(`不认识的选项 ${name}`);
}
