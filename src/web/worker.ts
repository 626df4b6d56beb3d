// The demo's Web Worker: owns the core and runs it in bounded slices, so the page
// never freezes. Between slices it yields to its event loop, where the page's
// requests are answered; a few times a second it posts the usage table.
//
// It imports only platform-neutral modules (core.ts, the toolstack, machine.ts):
// the vite config refuses any Node built-in in the bundle.

import { Core, ExitReason } from "../core/core.js";
import { WebMachine } from "./machine.js";
import { CpuSpeed, Pacer, SliceBudget } from "./pacer.js";
import type { FromWorker, MachineApi, ToWorker } from "./protocol.js";

const STATS_EVERY_MS = 250;
/** Longest sleep between checks while paced or idle (requests still wake the loop). */
const MAX_SLEEP_MS = 50;

const post = (m: FromWorker, transfer: Transferable[] = []) => postMessage(m, { transfer });

let machine: WebMachine | undefined;
let wake: (() => void) | undefined;

/** Yields to the event loop without the 4 ms clamp nested timeouts get. */
const channel = new MessageChannel();
let resumeNow: (() => void) | undefined;
channel.port1.onmessage = () => { const r = resumeNow; resumeNow = undefined; r?.(); };
const yieldNow = () => new Promise<void>((r) => { resumeNow = r; channel.port2.postMessage(0); });

/** Sleeps up to `ms`, or until a request arrives. */
const sleep = (ms: number) => new Promise<void>((r) => {
  const t = setTimeout(() => { wake = undefined; r(); }, ms);
  wake = () => { clearTimeout(t); wake = undefined; r(); };
});

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function init(coreUrl: string, params: Extract<ToWorker, { kind: "init" }>["params"]): Promise<void> {
  let wasm: ArrayBuffer;
  try {
    const res = await fetch(coreUrl);
    if (!res.ok) throw new Error(`${coreUrl}: HTTP ${res.status}`);
    // Not compileStreaming: a static server need not send application/wasm.
    wasm = await res.arrayBuffer();
  } catch (e) {
    post({ kind: "fatal", error: `cannot load the core (${errorText(e)}); was the site built with npm run web:build?` });
    return;
  }
  try {
    machine = await WebMachine.create((o) => Core.create(wasm, o), params, post);
  } catch (e) {
    post({ kind: "fatal", error: `cannot start the machine: ${errorText(e)}` });
    return;
  }
  post({ kind: "ready", params, frames: machine.host.core.frames });
  void loop(machine);
}

async function loop(m: WebMachine): Promise<void> {
  const core = m.host.core;
  const slices = new SliceBudget();
  const speed = new CpuSpeed(core.nsPerInsn, m.params.fixedSpeed);
  const pacer = new Pacer(performance.now(), core.systemTimeNs);
  let lastStats = -Infinity;
  for (;;) {
    let exit: ExitReason;
    try {
      const budget = slices.budget;
      const t0 = performance.now();
      const i0 = core.instructions;
      exit = m.step(budget);
      const ran = Number(core.instructions - i0), ms = performance.now() - t0;
      slices.observe(ran, ms);
      // Only slices spent executing say how fast the interpreter is (not idle jumps).
      const ns = ran >= 0.9 * budget ? speed.observe(ran, ms) : undefined;
      if (ns !== undefined) core.nsPerInsn = ns;
    } catch (e) {
      // A hypervisor bug (a core assertion), never a guest's doing: stop the machine.
      post({ kind: "fatal", error: `the machine stopped: ${errorText(e)}` });
      return;
    }
    const now = performance.now();
    if (now - lastStats >= STATS_EVERY_MS) {
      lastStats = now;
      post({ kind: "stats", stats: m.stats(now) });
    }
    if (exit === ExitReason.Idle) {
      // Nothing can run until a request (start, unpause) changes that.
      await sleep(STATS_EVERY_MS);
      pacer.delayMs(performance.now(), core.systemTimeNs);
      continue;
    }
    const delay = pacer.delayMs(now, core.systemTimeNs);
    if (delay >= 1) await sleep(Math.min(delay, MAX_SLEEP_MS));
    else await yieldNow();
  }
}

const OPS: ReadonlySet<string> = new Set<keyof MachineApi>(["create", "pause", "unpause", "shutdown", "destroy", "schedCredit", "sendInput"]);

function call(m: WebMachine, op: keyof MachineApi, args: unknown[]): unknown {
  if (!OPS.has(op)) throw new Error(`unknown request '${op}'`);
  return (m[op] as (...a: unknown[]) => unknown).apply(m, args);
}

addEventListener("message", (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (msg.kind === "init") { void init(msg.coreUrl, msg.params); return; }
  if (msg.kind !== "call") return;
  if (!machine) { post({ kind: "reply", id: msg.id, ok: false, error: "the machine is not running" }); return; }
  try {
    post({ kind: "reply", id: msg.id, ok: true, result: call(machine, msg.op, msg.args) ?? null });
  } catch (e) {
    post({ kind: "reply", id: msg.id, ok: false, error: errorText(e) });
  }
  wake?.();
});
