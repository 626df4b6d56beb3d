// A small strict argument parser for the pvwasm verbs: unknown options are errors.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface OptionSpec {
  /** Takes a value (--memory 16M) rather than being a flag (-c). */
  value?: boolean;
  alias?: string;
}

export interface Parsed {
  positional: string[];
  options: Map<string, string | true>;
}

export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const byAlias = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.alias) byAlias.set(s.alias, name);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") { positional.push(...argv.slice(i + 1)); break; }
    if (a.startsWith("--") || (a.startsWith("-") && a.length === 2)) {
      let key = a.startsWith("--") ? a.slice(2) : byAlias.get(a.slice(1)) ?? a.slice(1);
      let value: string | undefined;
      const eq = key.indexOf("=");
      if (eq >= 0) { value = key.slice(eq + 1); key = key.slice(0, eq); }
      const s = spec[key];
      if (!s) throw new UsageError(`unknown option ${a}`);
      if (s.value) {
        if (value === undefined) {
          if (i + 1 >= argv.length) throw new UsageError(`option --${key} needs a value`);
          value = argv[++i];
        }
        options.set(key, value);
      } else {
        if (value !== undefined) throw new UsageError(`option --${key} takes no value`);
        options.set(key, true);
      }
      continue;
    }
    positional.push(a);
  }
  return { positional, options };
}
