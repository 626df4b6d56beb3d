// xl.cfg files (xl-like domain configuration; fact sheet xen-io §6): the subset of
// keys pvwasm acts on, parsed strictly so that a typo is reported, not ignored.
//
//   name = "web"            kernel = "build/guests/hello.elf"
//   memory = 16             (MiB)      vcpus = 1
//   extra = "console=hvc0"  (alias: cmdline)
//   on_poweroff = "destroy" on_reboot = "restart"  on_crash = "destroy"

export class ConfigError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(line > 0 ? `${file}:${line}: ${message}` : `${file}: ${message}`);
    this.name = "ConfigError";
  }
}

export type ShutdownAction = "destroy" | "restart" | "preserve" | "rename-restart" | "coredump-destroy" | "coredump-restart";
const ACTIONS: ShutdownAction[] = ["destroy", "restart", "preserve", "rename-restart", "coredump-destroy", "coredump-restart"];

export interface DomainConfig {
  name: string;
  kernel: string;
  memoryMiB: number;
  maxmemMiB: number;
  vcpus: number;
  cmdline: string;
  onPoweroff: ShutdownAction;
  onReboot: ShutdownAction;
  onCrash: ShutdownAction;
  /** Credit scheduler weight and cap (xl.cfg `weight`, `cap`), if given. */
  weight?: number;
  cap?: number;
  /** Unparsed specs kept for later (disk, vif). */
  disk: string[];
  vif: string[];
}

type Value = string | number | string[];

/** Tokenises `key = value` lines: strings in '' or "", integers, [lists]. */
function parseValue(text: string, file: string, line: number): Value {
  const t = text.trim();
  const str = /^"((?:[^"\\]|\\.)*)"$|^'((?:[^'\\]|\\.)*)'$/.exec(t);
  if (str) return (str[1] ?? str[2]).replace(/\\(.)/g, "$1");
  if (/^-?(0x[0-9a-fA-F]+|\d+)$/.test(t)) return Number(t);
  if (t.startsWith("[") && t.endsWith("]")) {
    const inner = t.slice(1, -1).trim();
    if (inner === "") return [];
    const items: string[] = [];
    for (const m of inner.matchAll(/\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*(,|$)/g)) items.push(m[1].slice(1, -1));
    if (items.length === 0) throw new ConfigError(file, line, "a list must hold quoted strings, e.g. [ 'a', 'b' ]");
    return items;
  }
  throw new ConfigError(file, line, `cannot parse value '${t}' (strings need quotes)`);
}

export function parseXlConfig(text: string, file = "config"): DomainConfig {
  const raw = new Map<string, { value: Value; line: number }>();
  const lines = text.split(/\r?\n/);
  // Lists may span lines: join a line ending in an unclosed '[' with the following ones.
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i].replace(/(^|\s)#.*$/, "").trim();
    if (l === "") continue;
    const start = i + 1;
    while (l.includes("[") && !l.includes("]") && i + 1 < lines.length) l += " " + lines[++i].replace(/#.*$/, "").trim();
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?);?$/.exec(l);
    if (!m) throw new ConfigError(file, start, `expected 'key = value', found '${l}'`);
    raw.set(m[1], { value: parseValue(m[2], file, start), line: start });
  }
  const known = new Set(["name", "kernel", "memory", "maxmem", "vcpus", "maxvcpus", "extra", "cmdline", "on_poweroff", "on_reboot", "on_crash", "disk", "vif", "type", "uuid", "weight", "cap"]);
  for (const [k, v] of raw) if (!known.has(k)) throw new ConfigError(file, v.line, `unknown key '${k}'`);

  const getStr = (k: string): string | undefined => {
    const v = raw.get(k);
    if (!v) return undefined;
    if (typeof v.value !== "string") throw new ConfigError(file, v.line, `'${k}' must be a quoted string`);
    return v.value;
  };
  const getInt = (k: string, min: number, max: number): number | undefined => {
    const v = raw.get(k);
    if (!v) return undefined;
    if (typeof v.value !== "number" || !Number.isInteger(v.value)) throw new ConfigError(file, v.line, `'${k}' must be an integer`);
    if (v.value < min || v.value > max) throw new ConfigError(file, v.line, `'${k}' must be between ${min} and ${max}`);
    return v.value;
  };
  const getAction = (k: string, dflt: ShutdownAction): ShutdownAction => {
    const s = getStr(k);
    if (s === undefined) return dflt;
    if (!ACTIONS.includes(s as ShutdownAction)) throw new ConfigError(file, raw.get(k)!.line, `'${k}' must be one of ${ACTIONS.join(", ")}`);
    return s as ShutdownAction;
  };
  const getList = (k: string): string[] => {
    const v = raw.get(k);
    if (!v) return [];
    if (!Array.isArray(v.value)) throw new ConfigError(file, v.line, `'${k}' must be a list of quoted strings`);
    return v.value;
  };

  const type = getStr("type");
  if (type !== undefined && type !== "pv") throw new ConfigError(file, raw.get("type")!.line, `type '${type}' is not supported (pvwasm runs PV guests)`);
  const kernel = getStr("kernel");
  if (kernel === undefined) throw new ConfigError(file, 0, "no 'kernel' given");
  const memory = getInt("memory", 1, 3072) ?? 16;
  const name = getStr("name") ?? kernel.replace(/^.*\//, "").replace(/\.elf$/, "");
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new ConfigError(file, raw.get("name")?.line ?? 0, `domain name '${name}' may only use letters, digits, '.', '_' and '-'`);
  return {
    name,
    kernel,
    memoryMiB: memory,
    maxmemMiB: getInt("maxmem", memory, 3072) ?? memory,
    vcpus: getInt("vcpus", 1, 32) ?? 1,
    cmdline: getStr("extra") ?? getStr("cmdline") ?? "",
    onPoweroff: getAction("on_poweroff", "destroy"),
    onReboot: getAction("on_reboot", "restart"),
    onCrash: getAction("on_crash", "destroy"),
    weight: getInt("weight", 1, 65535),
    cap: getInt("cap", 0, 3200),
    disk: getList("disk"),
    vif: getList("vif"),
  };
}

/** Parses sizes like 16M, 512K, 1G, or plain MiB. */
export function parseSize(s: string): number {
  const m = /^(\d+)\s*([kKmMgG])?[iI]?[bB]?$/.exec(s.trim());
  if (!m) throw new Error(`bad size '${s}' (use e.g. 16M or 1G)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? "M").toUpperCase();
  return n * (unit === "K" ? 1024 : unit === "M" ? 1 << 20 : 1 << 30);
}
