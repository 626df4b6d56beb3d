// The demo's machine: a Host driven by messages, as `pvwasm serve` drives one by its
// control socket. Platform neutral (no DOM, no Node): the worker runs it in the
// browser and the tests run it under Node.
//
// Everything it does goes through the toolstack: configs are parsed by xl-config,
// domains are built, linked and restarted by Host, usage comes from Core.snapshot()
// through views.topRows. What is its own: unique names for guests started twice
// (the menu may start "spin" again) and the sliding window the rates are computed over.
// Console input goes to the domain's PV console back end, as `pvwasm console` sends it.

import { ExitReason, type ClockSource } from "../core/core.js";
import { Host, type CoreFactory } from "../toolstack/host.js";
import { parseXlConfig, type DomainConfig } from "../toolstack/xl-config.js";
import { topRows } from "../toolstack/views.js";
import type { MachineSnapshot } from "../core/core.js";
import { type DomainRow, type FromWorker, type GuestFile, type MachineApi, type MachineParams, type MachineStats, type StartedDomain } from "./protocol.js";

/** A request the page got wrong (unknown domain, bad value); the message is for the user. */
export class MachineRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MachineRequestError";
  }
}

/** Rates and CPU shares are averaged over this much system time (xentop's -d 1). */
const WINDOW_NS = 1_000_000_000n;

/** The demo runs in virtual time, paced to the wall clock by the worker (pacer.ts). */
const CLOCK: ClockSource = "virtual";

export class WebMachine implements MachineApi {
  private history: MachineSnapshot[] = [];
  private lastRate?: { wallMs: number; instructions: bigint; systemNs: bigint };

  private constructor(readonly host: Host, readonly params: MachineParams, private readonly console: ConsoleBatch) {}

  static async create(load: CoreFactory, params: MachineParams, emit: (m: FromWorker) => void): Promise<WebMachine> {
    const batch = new ConsoleBatch(emit);
    const host = await Host.create(load, {
      memoryMiB: params.memoryMiB, clock: CLOCK, pcpus: params.pcpus, nsPerInsn: params.nsPerInsn,
      events: {
        console: (dom, text) => batch.add(dom.domid, dom.name, text),
        ended: (dom, end) => {
          batch.flush();
          emit({ kind: "ended", domid: dom.domid, name: dom.name, reason: end.reasonName, detail: end.detail, crashed: end.reasonName === "crash" });
        },
        restarted: (dom) => emit({ kind: "restarted", domid: dom.domid, name: dom.name }),
      },
    });
    return new WebMachine(host, params, batch);
  }

  // ── MachineApi ────────────────────────────────────────────────────────────────────
  create(guests: GuestFile[]): StartedDomain[] {
    if (guests.length === 0) throw new MachineRequestError("nothing to start");
    const configs = guests.map((g) => parseXlConfig(g.text, g.file));
    this.uniqueNames(configs);
    const started = this.host.startAll(configs.map((config, i) => ({ config, kernel: guests[i].kernel })));
    return started.map((d) => ({ domid: d.domid, name: d.name }));
  }

  pause(domid: number): void { this.host.core.pauseDomain(this.guest(domid)); }
  unpause(domid: number): void { this.host.core.unpauseDomain(this.guest(domid)); }
  shutdown(domid: number): void { this.host.core.shutdownDomain(this.guest(domid), 0); }
  destroy(domid: number): void { this.host.destroy(this.guest(domid)); }

  schedCredit(domid: number, params: { weight?: number; cap?: number }): void {
    const id = this.guest(domid);
    const { weight, cap } = params;
    if (weight !== undefined && !(Number.isInteger(weight) && weight >= 1 && weight <= 65535)) throw new MachineRequestError("a weight is an integer from 1 to 65535");
    if (cap !== undefined && !(Number.isInteger(cap) && cap >= 0 && cap <= 100 * this.host.core.pcpus)) {
      throw new MachineRequestError(`a cap is a percentage of one CPU from 0 (none) to ${100 * this.host.core.pcpus}`);
    }
    this.host.core.schedCredit(id, { weight, cap });
  }

  /** Keystrokes for a domain's PV console (its console back end writes them to the ring). */
  sendInput(domid: number, bytes: Uint8Array): void {
    this.guest(domid);
    if (!this.host.consoles.has(domid)) throw new MachineRequestError(`domain ${domid} has no console (it has ended)`);
    this.host.consoleInput(domid, bytes);
  }

  // ── running ───────────────────────────────────────────────────────────────────────
  /** Runs guest code for up to `budget` instructions (Host.step). */
  step(budget: number): ExitReason {
    const exit = this.host.step(budget);
    this.console.flush();
    return exit;
  }

  /** Usage for the page: xentop's rows over the last second of system time. */
  stats(wallMs: number): MachineStats {
    const core = this.host.core;
    const cur = core.snapshot();
    this.history.push(cur);
    while (this.history.length > 2 && cur.systemTimeNs - this.history[1].systemTimeNs >= WINDOW_NS) this.history.shift();
    // A domain started within the window restarts it, or its first second would read 0.
    const inWindow = (s: MachineSnapshot) => cur.domains.every((d) => s.domains.some((x) => x.domid === d.domid));
    while (this.history.length > 2 && !inWindow(this.history[0])) this.history.shift();
    const prev = this.history.length > 1 ? this.history[0] : cur;
    const names = new Map([...this.host.domains.values()].map((d) => [d.domid, d.name]));
    const dtS = Number(cur.systemTimeNs - prev.systemTimeNs) / 1e9;
    const perS = (n: number) => (dtS > 0 ? n / dtS : 0);
    const domains: DomainRow[] = topRows(prev, cur, names, core.frames).map((r) => ({
      domid: r.domid, name: r.name, state: r.state, paused: r.paused,
      cpuS: Number(r.cpuNs) / 1e9, cpuPct: r.cpuPct, memMiB: (r.totPages * 4096) / (1 << 20), vcpus: r.vcpus,
      weight: r.weight, cap: r.cap,
      hypercallsPerS: perS(r.delta.hypercalls), eventsSentPerS: perS(r.delta.eventsSent), eventsReceivedPerS: perS(r.delta.eventsReceived),
    }));

    const now = { wallMs, instructions: core.instructions, systemNs: cur.systemTimeNs };
    let mips = 0, realTimeFactor = 0;
    const last = this.lastRate;
    if (last && wallMs > last.wallMs) {
      mips = Number(now.instructions - last.instructions) / (wallMs - last.wallMs) / 1000;
      realTimeFactor = Number(now.systemNs - last.systemNs) / 1e6 / (wallMs - last.wallMs);
    }
    this.lastRate = now;
    return {
      systemTimeS: Number(cur.systemTimeNs) / 1e9, frames: core.frames, freeFrames: core.freeFrames, pcpus: core.pcpus, nsPerInsn: core.nsPerInsn,
      mips, realTimeFactor, domains,
    };
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────
  /** A guest domain that exists (domain 0 is the host itself). */
  private guest(domid: number): number {
    if (!Number.isInteger(domid) || domid <= 0) throw new MachineRequestError(domid === 0 ? "domain 0 is the host itself" : `no domain with id ${domid}`);
    if (!this.host.core.domainExists(domid)) throw new MachineRequestError(`no domain with id ${domid}`);
    return domid;
  }

  /**
   * Renames configs whose name is taken ("spin" → "spin-2"), as the menu may start
   * the same guest twice, and rewrites the ${domid:NAME}-style links between the
   * configs of this batch to match.
   */
  private uniqueNames(configs: DomainConfig[]): void {
    const taken = new Set([...this.host.domains.values()].map((d) => d.name));
    const renamed = new Map<string, string>();
    for (const c of configs) {
      let name = c.name;
      for (let n = 2; taken.has(name); n++) name = `${c.name}-${n}`;
      taken.add(name);
      if (name !== c.name) renamed.set(c.name, name);
      c.name = name;
    }
    if (renamed.size === 0) return;
    for (const c of configs) {
      c.cmdline = c.cmdline.replace(/\$\{(domid|port|peerport):([^}]*)\}/g, (all, kind: string, ref: string) => {
        const to = renamed.get(ref);
        return to === undefined ? all : `\${${kind}:${to}}`;
      });
    }
  }
}

/** Console output gathered per domain over one step: one message each, not one per record. */
class ConsoleBatch {
  private readonly pending = new Map<number, { name: string; text: string }>();

  constructor(private readonly emit: (m: FromWorker) => void) {}

  add(domid: number, name: string, text: string): void {
    const p = this.pending.get(domid);
    if (p) p.text += text;
    else this.pending.set(domid, { name, text });
  }

  flush(): void {
    for (const [domid, p] of this.pending) this.emit({ kind: "console", domid, name: p.name, text: p.text });
    this.pending.clear();
  }
}
