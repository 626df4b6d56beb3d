// The pvwasm command: xl-like verbs over a machine in this process.
//
// Every failure a user can cause — a bad flag, config, kernel image or missing file —
// ends in one line on stderr and a non-zero exit status, never a stack trace.

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadCore, CoreNotBuiltError } from "../core/node.js";
import { CoreError, ExitReason } from "../core/core.js";
import { BuildError } from "../builder/errors.js";
import { Host, type HostDomain } from "../toolstack/host.js";
import { ConfigError, parseSize, parseXlConfig, type DomainConfig } from "../toolstack/xl-config.js";
import { SHUTDOWN_crash, SHUTDOWN_poweroff } from "../toolstack/describe.js";
import { parseArgs, UsageError } from "./args.js";

export const EXIT_OK = 0;
export const EXIT_CRASH = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUDGET = 3;
export const EXIT_SHUTDOWN = 4;

const HELP = `pvwasm — a Xen-compatible paravirtual hypervisor for 32-bit x86 PAE guests, in WebAssembly

Usage: pvwasm <verb> [options]

Verbs:
  run <kernel.elf> [options]   Boot one Xen PV kernel and stream its console to stdout.
      --memory SIZE            Domain memory (default 16M; suffix K, M or G).
      --cmdline "TEXT"         Kernel command line (start_info.cmd_line).
      --vcpus N                Number of vcpus (default 1).
      --max-insns N            Stop after N guest instructions (default 20000000000).
      --machine-memory SIZE    Machine memory (default: domain memory + 16M).
      --clock virtual|host     Time source (default virtual: reproducible runs).
  create <file.cfg> [...]      Start the domains described by xl.cfg-style files and
                               stream their consoles until they have all ended.
      -c                       (accepted for xl compatibility; consoles are always shown)
      --max-insns N, --machine-memory SIZE, --clock SRC as for run.
  help                         Show this text (also: --help, -h).

xl.cfg keys: name, kernel, memory (MiB), vcpus, extra (or cmdline), on_poweroff,
on_reboot, on_crash (destroy | restart | preserve | rename-restart), type = "pv".

Exit status: 0 every domain powered off; 1 a domain crashed; 2 bad usage, config
or kernel image; 3 instruction budget exceeded; 4 a domain shut down otherwise
(reboot/suspend/watchdog) or went idle for good.
`;

const SLICE = 2_000_000;

interface RunResult { status: number; message?: string }

async function runDomains(configs: { cfg: DomainConfig; kernel: Uint8Array }[], o: Map<string, string | true>): Promise<RunResult> {
  const maxInsns = BigInt(String(o.get("max-insns") ?? "20000000000"));
  const domainMem = configs.reduce((s, c) => s + c.cfg.memoryMiB, 0);
  const machineMiB = o.has("machine-memory") ? parseSize(String(o.get("machine-memory"))) / (1 << 20) : domainMem + 16;
  const clock = o.get("clock") ?? "virtual";
  if (clock !== "virtual" && clock !== "host") throw new UsageError(`--clock must be virtual or host`);
  const multi = configs.length > 1;
  let status = EXIT_OK;
  let message: string | undefined;
  const host = await Host.create(loadCore, {
    memoryMiB: machineMiB,
    clock,
    events: {
      console(dom: HostDomain, text: string) { process.stdout.write(multi ? prefixLines(dom.name, text) : text); },
      ended(dom, end) {
        if (end.reason === SHUTDOWN_crash) {
          status = EXIT_CRASH;
          message = `domain '${dom.name}' crashed: ${end.detail}`;
        } else if (end.reason !== SHUTDOWN_poweroff && status === EXIT_OK) {
          status = EXIT_SHUTDOWN;
          message = `domain '${dom.name}' shut down (${end.reasonName})`;
        }
      },
    },
  });
  for (const c of configs) host.start(c.cfg, c.kernel);
  while (host.live().length > 0) {
    if (host.core.instructions >= maxInsns) {
      return { status: EXIT_BUDGET, message: `instruction budget exceeded (${maxInsns} instructions); still running: ${host.live().map((d) => d.name).join(", ")}` };
    }
    const r = host.step(SLICE);
    if (r === ExitReason.Idle && host.live().length > 0) {
      return { status: EXIT_SHUTDOWN, message: `every domain is blocked with nothing to wake it: ${host.live().map((d) => d.name).join(", ")}` };
    }
    // Let the event loop breathe (signals, stdout back-pressure).
    await new Promise((r) => setImmediate(r));
  }
  return { status, message };
}

/** Whether each domain's console is at the start of a line. */
const lineStart = new Map<string, boolean>();
function prefixLines(name: string, text: string): string {
  let out = "";
  let start = lineStart.get(name) ?? true;
  for (const ch of text) {
    if (start) out += `[${name}] `;
    out += ch;
    start = ch === "\n";
  }
  lineStart.set(name, start);
  return out;
}

function readKernel(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `kernel '${path}' not found` : code === "EISDIR" ? `kernel '${path}' is a directory` : `cannot read kernel '${path}': ${code}`);
  }
}

async function verbRun(argv: string[]): Promise<RunResult> {
  const { positional, options } = parseArgs(argv, {
    memory: { value: true }, cmdline: { value: true }, vcpus: { value: true }, "max-insns": { value: true },
    "machine-memory": { value: true }, clock: { value: true },
  });
  if (positional.length !== 1) throw new UsageError("run needs exactly one kernel image: pvwasm run <kernel.elf>");
  const kernel = positional[0];
  const memBytes = options.has("memory") ? parseSize(String(options.get("memory"))) : 16 << 20;
  const vcpus = Number(options.get("vcpus") ?? 1);
  if (!Number.isInteger(vcpus) || vcpus < 1 || vcpus > 32) throw new UsageError("--vcpus must be 1..32");
  const cfg: DomainConfig = {
    name: kernel.replace(/^.*\//, "").replace(/\.elf$/, "").replace(/[^A-Za-z0-9_.-]/g, "_") || "guest",
    kernel, memoryMiB: Math.ceil(memBytes / (1 << 20)), maxmemMiB: Math.ceil(memBytes / (1 << 20)), vcpus,
    cmdline: String(options.get("cmdline") ?? ""), onPoweroff: "destroy", onReboot: "destroy", onCrash: "destroy",
    disk: [], vif: [],
  };
  return runDomains([{ cfg, kernel: readKernel(kernel) }], options);
}

async function verbCreate(argv: string[]): Promise<RunResult> {
  const { positional, options } = parseArgs(argv, {
    c: { value: false }, "max-insns": { value: true }, "machine-memory": { value: true }, clock: { value: true },
  });
  if (positional.length === 0) throw new UsageError("create needs at least one config file: pvwasm create <file.cfg>");
  const configs = positional.map((file) => {
    let text: string;
    try { text = readFileSync(file, "utf8"); } catch { throw new UsageError(`config file '${file}' not found`); }
    const cfg = parseXlConfig(text, file);
    // A relative kernel path is relative to the config file, as with xl.
    cfg.kernel = resolve(dirname(file), cfg.kernel);
    return { cfg, kernel: readKernel(cfg.kernel) };
  });
  return runDomains(configs, options);
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    let r: RunResult;
    switch (verb) {
      case undefined: case "help": case "--help": case "-h":
        process.stdout.write(HELP);
        return verb === undefined ? EXIT_USAGE : EXIT_OK;
      case "run": r = await verbRun(rest); break;
      case "create": r = await verbCreate(rest); break;
      default: throw new UsageError(`unknown verb '${verb}' (see pvwasm --help)`);
    }
    if (r.message) process.stderr.write(`pvwasm: ${r.message}\n`);
    return r.status;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof BuildError || e instanceof CoreNotBuiltError) {
      process.stderr.write(`pvwasm: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof CoreError) {
      process.stderr.write(`pvwasm: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof Error && /^bad size/.test(e.message)) {
      process.stderr.write(`pvwasm: ${e.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`pvwasm: internal error: ${e instanceof Error ? e.message : String(e)}${process.env.PVWASM_DEBUG ? "\n" + (e as Error).stack : " (set PVWASM_DEBUG=1 for details)"}\n`);
    return 70;
  }
}
