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
import { MachineService } from "../toolstack/service.js";
import { controlRequest, controlStream, controlEvents, socketPath, ControlError } from "../toolstack/control.js";
import { attachLocalConsole, runConsoleClient } from "../toolstack/console-attach.js";
import { LinkError } from "../toolstack/cmdline-links.js";

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
      -c                       Attach this terminal to the (first) domain's console:
                               what you type goes to it; Ctrl-] detaches.
      --max-insns N, --machine-memory SIZE, --clock SRC as for run.
  serve [options]              Run a machine with no domains yet, for create/list/…
                               from other terminals (control socket; see below).
      --machine-memory SIZE (default 1G), --clock SRC, --pcpus N.
  list                         Domains of the running machine (xl list).
  top [-b] [-i N] [-d SECS]    Live table of usage per domain (xentop); -b: batch
                               output, -i: iterations, -d: delay between them.
  sched-credit [-d DOM] [-w WEIGHT] [-c CAP]
                               Show or set credit-scheduler weight (1-65535) and cap
                               (% of one CPU, 0 = none).
  pause|unpause|shutdown|destroy DOM
                               Act on a domain (by name or id).
  console DOM                  Attach this terminal to a running domain's PV console
                               (as xl console); Ctrl-] detaches.
  vcpu-list                    vcpus of every domain (xl vcpu-list).
  xenstore-ls [-p] [PATH]      The xenstore tree below PATH (default /); -p adds
                               each node's permissions.
  xenstore-read PATH           A node's value.
  xenstore-write PATH VALUE    Set a node's value (creating it and its parents).
  xenstore-rm PATH             Remove a node and everything below it.
  xenstore-watch [-n N] PATH   Print the path of every change at or below PATH
                               (the first line is the watch's initial event) until
                               Ctrl-C, or N events.
  help                         Show this text (also: --help, -h).

Every machine (serve, create, run) listens on a control socket: --socket PATH,
$PVWASM_SOCKET, or $TMPDIR/pvwasm-<uid>/control.sock. 'create' hands its domains to
a machine started with 'serve' when one is listening; otherwise it runs them itself.
Machine options: --pcpus N (physical CPUs, default 1).

xl.cfg keys: name, kernel, memory (MiB), vcpus, extra (or cmdline), on_poweroff,
on_reboot, on_crash (destroy | restart | preserve | rename-restart), type = "pv",
weight, cap. In extra, \${domid:NAME}, \${port:NAME} and \${peerport:NAME} link
domains created together (their ids and event-channel ports).

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
  const pcpus = parsePcpus(o);
  const multi = configs.length > 1;
  const attach = o.has("c");
  let status = EXIT_OK;
  let message: string | undefined;
  // Domains whose console this terminal shows (all, unless -c attached to one).
  const shown = new Set<number>();
  let attachedTo = -1;
  const host = await Host.create(loadCore, {
    memoryMiB: machineMiB,
    clock,
    pcpus,
    events: {
      console(dom: HostDomain, text: string) {
        if (attach && dom.domid === attachedTo) {
          if (shown.has(dom.domid)) process.stdout.write(Buffer.from(text, "latin1"));
          return;
        }
        if (attach) return;
        process.stdout.write(multi ? prefixLines(dom.name, text) : text);
      },
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
  const started = host.startAll(configs.map((c) => ({ config: c.cfg, kernel: c.kernel })));
  let detach = () => {};
  if (attach) {
    attachedTo = started[0].domid;
    shown.add(attachedTo);
    detach = attachLocalConsole(host, started[0], shown);
  }
  // Answer list/top/pause/… from other terminals while the domains run (best effort:
  // another machine may own the socket).
  const svc = new MachineService(host, { exitWhenEmpty: true });
  try { await svc.listen(socketPath(o.get("socket") as string | undefined)); } catch { /* socket in use */ }
  try {
    return await loop(host, maxInsns, () => ({ status, message }));
  } finally {
    detach();
    svc.stop();
  }
}

async function loop(host: Host, maxInsns: bigint, result: () => RunResult): Promise<RunResult> {
  while (host.live().length > 0) {
    if (host.core.instructions >= maxInsns) {
      return { status: EXIT_BUDGET, message: `instruction budget exceeded (${maxInsns} instructions); still running: ${host.live().map((d) => d.name).join(", ")}` };
    }
    const r = host.step(SLICE);
    if (r === ExitReason.Idle && host.live().length > 0) {
      // A paused domain may be unpaused from another terminal; in host time a timer
      // may still be due. Otherwise nothing can ever wake the machine again.
      const paused = host.live().some((d) => host.core.domainInfo(d.domid).paused);
      const next = host.core.nextDeadlineNs;
      if (!paused && next === undefined) {
        return { status: EXIT_SHUTDOWN, message: `every domain is blocked with nothing to wake it: ${host.live().map((d) => d.name).join(", ")}` };
      }
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    // Let the event loop breathe (signals, stdout back-pressure, the control socket).
    await new Promise((r) => setImmediate(r));
  }
  return result();
}

function parsePcpus(o: Map<string, string | true>): number {
  const n = Number(o.get("pcpus") ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new UsageError("--pcpus must be 1..16");
  return n;
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
    "machine-memory": { value: true }, clock: { value: true }, pcpus: { value: true }, socket: { value: true },
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
    pcpus: { value: true }, socket: { value: true },
  });
  if (positional.length === 0) throw new UsageError("create needs at least one config file: pvwasm create <file.cfg>");
  const sock = socketPath(options.get("socket") as string | undefined);
  if (await serveMachineAt(sock)) {
    const files = positional.map((file) => {
      try { return { path: resolve(file), text: readFileSync(file, "utf8") }; } catch { throw new UsageError(`config file '${file}' not found`); }
    });
    const started = await controlRequest(sock, { verb: "create", args: { files } });
    if (options.has("c")) {
      const name = parseXlConfig(files[0].text, files[0].path).name;
      const { sock: s, early } = await controlStream(sock, { verb: "console", args: { dom: name } });
      const how = await runConsoleClient(s, early);
      return { status: EXIT_OK, message: how === "detached" ? `detached from '${name}'` : undefined };
    }
    return { status: EXIT_OK, message: `started ${started}` };
  }
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

/** Is a `pvwasm serve` machine listening at `path`? */
async function serveMachineAt(path: string): Promise<boolean> {
  try { return (await controlRequest(path, { verb: "kind", args: {} }, 2000)) === "serve"; } catch { return false; }
}

async function verbServe(argv: string[]): Promise<RunResult> {
  const { positional, options } = parseArgs(argv, {
    "machine-memory": { value: true }, clock: { value: true }, pcpus: { value: true }, socket: { value: true },
  });
  if (positional.length !== 0) throw new UsageError("serve takes no arguments (create domains with: pvwasm create <file.cfg>)");
  const clock = options.get("clock") ?? "virtual";
  if (clock !== "virtual" && clock !== "host") throw new UsageError(`--clock must be virtual or host`);
  const machineMiB = options.has("machine-memory") ? parseSize(String(options.get("machine-memory"))) / (1 << 20) : 1024;
  const host = await Host.create(loadCore, {
    memoryMiB: machineMiB, clock, pcpus: parsePcpus(options),
    events: {
      console(dom: HostDomain, text: string) { process.stdout.write(prefixLines(dom.name, text)); },
      ended(dom, end) { process.stdout.write(`pvwasm: domain '${dom.name}' ${end.reasonName}${end.detail ? `: ${end.detail}` : ""}\n`); },
      hypervisorLog(text: string) { process.stdout.write(text); },
    },
  });
  const svc = new MachineService(host, { exitWhenEmpty: false }, "serve");
  const path = socketPath(options.get("socket") as string | undefined);
  await svc.listen(path);
  process.stdout.write(`pvwasm: machine (${machineMiB} MiB, ${host.core.pcpus} CPU) listening on ${path}\n`);
  const stop = () => svc.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await svc.run();
  return { status: EXIT_OK };
}

/** pvwasm console DOM: this terminal becomes the domain's console until Ctrl-]. */
async function verbConsole(argv: string[]): Promise<RunResult> {
  const { positional, options } = parseArgs(argv, { socket: { value: true } });
  if (positional.length !== 1) throw new UsageError("console needs one domain (name or id): pvwasm console <dom>");
  const path = socketPath(options.get("socket") as string | undefined);
  const { sock, early } = await controlStream(path, { verb: "console", args: { dom: positional[0] } });
  const how = await runConsoleClient(sock, early);
  return { status: EXIT_OK, message: how === "detached" ? `detached from '${positional[0]}'` : undefined };
}

/** Verbs that talk to a running machine over its control socket. */
async function verbRemote(verb: string, argv: string[]): Promise<RunResult> {
  const spec: Record<string, { value?: boolean; alias?: string }> = { socket: { value: true } };
  if (verb === "sched-credit") Object.assign(spec, { domain: { value: true, alias: "d" }, weight: { value: true, alias: "w" }, cap: { value: true, alias: "c" } });
  if (verb === "top") Object.assign(spec, { batch: { alias: "b" }, iterations: { value: true, alias: "i" }, delay: { value: true, alias: "d" } });
  const { positional, options } = parseArgs(argv, spec);
  const sock = socketPath(options.get("socket") as string | undefined);
  const needsDom = ["pause", "unpause", "shutdown", "destroy"].includes(verb);
  if (needsDom && positional.length !== 1) throw new UsageError(`${verb} needs one domain (name or id): pvwasm ${verb} <dom>`);
  if (!needsDom && positional.length !== 0) throw new UsageError(`${verb} takes no positional arguments`);
  const int = (k: string, min: number, max: number) => {
    if (!options.has(k)) return undefined;
    const n = Number(options.get(k));
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${k} must be an integer ${min}..${max}`);
    return n;
  };
  if (verb === "top") {
    const iterations = int("iterations", 1, 1e9) ?? (options.has("batch") ? 1 : Infinity);
    const delayMs = Math.round(Number(options.get("delay") ?? 1) * 1000);
    if (!(delayMs >= 100)) throw new UsageError("--delay must be at least 0.1 seconds");
    for (let i = 0; i < iterations; i++) {
      const text = String(await controlRequest(sock, { verb: "top", args: { delayMs } }));
      process.stdout.write(options.has("batch") ? text + "\n" : "\x1b[H\x1b[2J" + text);
    }
    return { status: EXIT_OK };
  }
  const args: Record<string, unknown> = {};
  if (needsDom) args.dom = positional[0];
  if (verb === "sched-credit") {
    if (options.has("domain")) args.dom = options.get("domain");
    args.weight = int("weight", 1, 65535);
    args.cap = int("cap", 0, 1600);
    if ((args.weight !== undefined || args.cap !== undefined) && args.dom === undefined) throw new UsageError("sched-credit -w/-c need a domain: -d <dom>");
  }
  process.stdout.write(String(await controlRequest(sock, { verb, args })));
  return { status: EXIT_OK };
}

/** xenstore-ls|read|write|rm|watch against the running machine. */
async function verbXenstore(verb: string, argv: string[]): Promise<RunResult> {
  const spec: Record<string, { value?: boolean; alias?: string }> = { socket: { value: true } };
  if (verb === "xenstore-ls") spec.perms = { alias: "p" };
  if (verb === "xenstore-watch") spec.count = { value: true, alias: "n" };
  const { positional, options } = parseArgs(argv, spec);
  const sock = socketPath(options.get("socket") as string | undefined);
  const want = verb === "xenstore-write" ? 2 : verb === "xenstore-ls" ? -1 : 1;
  const usage: Record<string, string> = {
    "xenstore-read": "PATH", "xenstore-write": "PATH VALUE", "xenstore-rm": "PATH", "xenstore-watch": "[-n N] PATH", "xenstore-ls": "[-p] [PATH]",
  };
  if (want >= 0 ? positional.length !== want : positional.length > 1) throw new UsageError(`usage: pvwasm ${verb} ${usage[verb]}`);
  const args: Record<string, unknown> = { path: positional[0] };
  if (verb === "xenstore-write") args.value = positional[1];
  if (verb === "xenstore-ls") { args.path = positional[0] ?? "/"; args.perms = options.has("perms"); }
  if (verb !== "xenstore-watch") {
    process.stdout.write(String(await controlRequest(sock, { verb, args })));
    return { status: EXIT_OK };
  }
  const count = options.has("count") ? Number(options.get("count")) : Infinity;
  if (!(count >= 1) || !Number.isInteger(count) && count !== Infinity) throw new UsageError("-n must be a positive number of events");
  let seen = 0;
  const stream = controlEvents(sock, { verb, args }, (path) => {
    process.stdout.write(`${String(path)}\n`);
    if (++seen >= count) stream.close();
  });
  const stop = () => stream.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try { await stream.done; } finally { process.off("SIGINT", stop); process.off("SIGTERM", stop); }
  return { status: EXIT_OK };
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
      case "serve": r = await verbServe(rest); break;
      case "console": r = await verbConsole(rest); break;
      case "list": case "top": case "sched-credit": case "pause": case "unpause": case "shutdown": case "destroy": case "vcpu-list":
        r = await verbRemote(verb, rest); break;
      case "xenstore-ls": case "xenstore-read": case "xenstore-write": case "xenstore-rm": case "xenstore-watch":
        r = await verbXenstore(verb, rest); break;
      default: throw new UsageError(`unknown verb '${verb}' (see pvwasm --help)`);
    }
    if (r.message) process.stderr.write(`pvwasm: ${r.message}\n`);
    return r.status;
  } catch (e) {
    if (e instanceof ControlError) {
      process.stderr.write(`pvwasm: ${e.message}\n`);
      return EXIT_CRASH;
    }
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof BuildError || e instanceof CoreNotBuiltError || e instanceof LinkError) {
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
