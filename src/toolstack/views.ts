// What `xl list`, `xl vcpu-list`, `xl sched-credit` and `xentop` show, computed from
// the core's usage snapshot (pure functions: the control server and tests use them).

import type { DomainUsage, MachineSnapshot } from "../core/core.js";

export const DOMF_shutdown = 1 << 1;
export const DOMF_dying = 1 << 2;
const SHUTDOWN_crash = 3;
const VPF_down = 1 << 1;

export interface Named { domid: number; name: string }

/** xl's six state letters r b p s c d, '-' where not set. */
export function stateLetters(d: DomainUsage): string {
  const running = d.vcpus.some((v) => v.runstate === "running");
  const blocked = !running && d.vcpus.some((v) => v.runstate === "blocked");
  const paused = d.pauseCount > 0;
  const shutdown = (d.flags & DOMF_shutdown) !== 0;
  const crashed = shutdown && d.shutdownReason === SHUTDOWN_crash;
  const dying = (d.flags & DOMF_dying) !== 0;
  return [running ? "r" : "-", blocked ? "b" : "-", paused ? "p" : "-", shutdown && !crashed ? "s" : "-", crashed ? "c" : "-", dying ? "d" : "-"].join("");
}

const secs = (ns: bigint) => (Number(ns) / 1e9).toFixed(1);
const mib = (pages: number) => Math.floor((pages * 4096) / (1 << 20));

export interface ListRow { name: string; id: number; memMiB: number; vcpus: number; state: string; timeS: string }

export function listRows(snap: MachineSnapshot, names: Map<number, string>): ListRow[] {
  return snap.domains.map((d) => ({
    name: d.domid === 0 ? "Domain-0" : names.get(d.domid) ?? `domain-${d.domid}`,
    id: d.domid, memMiB: mib(d.totPages), vcpus: d.vcpus.filter((v) => (v.pauseFlags & VPF_down) === 0).length,
    state: stateLetters(d), timeS: secs(d.cpuNs),
  }));
}

export function formatList(rows: ListRow[]): string {
  const head = "Name                                        ID   Mem VCPUs\tState\tTime(s)";
  const lines = rows.map((r) => `${r.name.padEnd(40)}${String(r.id).padStart(6)}${String(r.memMiB).padStart(6)}${String(r.vcpus).padStart(6)}     ${r.state}${r.timeS.padStart(10)}`);
  return [head, ...lines].join("\n") + "\n";
}

export function formatVcpuList(snap: MachineSnapshot, names: Map<number, string>): string {
  const lines = ["Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)"];
  for (const d of snap.domains) {
    const name = d.domid === 0 ? "Domain-0" : names.get(d.domid) ?? `domain-${d.domid}`;
    for (const v of d.vcpus) {
      const st = v.runstate === "running" ? "r--" : v.runstate === "blocked" ? "-b-" : d.pauseCount > 0 || v.pauseFlags !== 0 ? "--p" : "---";
      const cpu = v.pcpu >= 0 ? String(v.pcpu) : "-";
      lines.push(`${name.padEnd(32)}${String(d.domid).padStart(6)}${String(v.vcpu).padStart(6)}${cpu.padStart(6)}   ${st}${secs(v.runningNs).padStart(10)}  all / all`);
    }
  }
  return lines.join("\n") + "\n";
}

export function formatSchedCredit(snap: MachineSnapshot, names: Map<number, string>, only?: number): string {
  const lines = ["Cpupool Pool-0: tslice=30ms ratelimit=0us migration-delay=0us", "Name                                ID Weight  Cap"];
  for (const d of snap.domains) {
    if (only !== undefined && d.domid !== only) continue;
    const name = d.domid === 0 ? "Domain-0" : names.get(d.domid) ?? `domain-${d.domid}`;
    lines.push(`${name.padEnd(32)}${String(d.domid).padStart(6)}${String(d.weight).padStart(7)}${String(d.cap).padStart(5)}`);
  }
  return lines.join("\n") + "\n";
}

/** One domain's line of xentop, for the interval between two snapshots. */
export interface TopRow {
  domid: number; name: string; state: string;
  cpuNs: bigint; cpuPct: number; totPages: number; memPct: number; vcpus: number; blockPct: number;
  hypercalls: bigint; eventsSent: bigint; eventsReceived: bigint; faults: bigint; instructions: bigint;
  weight: number; cap: number; paused: boolean;
  /** Growth of the counters over the interval (0 for a domain new in it). */
  delta: { hypercalls: number; eventsSent: number; eventsReceived: number; instructions: number };
}

/** xentop's rows for the interval between two snapshots (CPU % of one physical CPU). */
export function topRows(prev: MachineSnapshot, cur: MachineSnapshot, names: Map<number, string>, machinePages: number): TopRow[] {
  const dt = Number(cur.systemTimeNs - prev.systemTimeNs);
  return cur.domains.map((d) => {
    const p = prev.domains.find((x) => x.domid === d.domid);
    const growth = (f: (u: DomainUsage) => bigint) => (p ? Number(f(d) - f(p)) : 0);
    return {
      domid: d.domid, name: d.domid === 0 ? "Domain-0" : names.get(d.domid) ?? `domain-${d.domid}`, state: stateLetters(d),
      cpuNs: d.cpuNs, cpuPct: p && dt > 0 ? (100 * Number(d.cpuNs - p.cpuNs)) / dt : 0,
      totPages: d.totPages, memPct: (100 * d.totPages) / Math.max(1, machinePages), vcpus: d.vcpus.length,
      blockPct: p && dt > 0 && d.vcpus.length > 0 ? (100 * Number(d.blockedNs - p.blockedNs)) / dt / d.vcpus.length : 0,
      hypercalls: d.hypercalls, eventsSent: d.eventsSent, eventsReceived: d.eventsReceived, faults: d.faults, instructions: d.instructions,
      weight: d.weight, cap: d.cap, paused: d.pauseCount > 0,
      delta: { hypercalls: growth((u) => u.hypercalls), eventsSent: growth((u) => u.eventsSent), eventsReceived: growth((u) => u.eventsReceived), instructions: growth((u) => u.instructions) },
    };
  });
}

/** xentop's table for the interval between two snapshots. */
export function formatTop(prev: MachineSnapshot, cur: MachineSnapshot, names: Map<number, string>, machinePages: number, pcpus: number): string {
  const lines = [
    `pvwasm top - system time ${secs(cur.systemTimeNs)} s, ${cur.domains.length} domains, ${pcpus} physical CPU${pcpus > 1 ? "s" : ""}`,
    "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  VCPUS  BLOCK(%)   HCALLS  EVT-SENT  EVT-RECV  FAULTS      INSNS",
  ];
  for (const r of topRows(prev, cur, names, machinePages)) {
    lines.push(
      `${r.name.slice(0, 10).padStart(10)} ${r.state} ${secs(r.cpuNs).padStart(10)} ${r.cpuPct.toFixed(1).padStart(6)} ${String(r.totPages * 4).padStart(10)} ` +
      `${r.memPct.toFixed(1).padStart(6)} ${String(r.vcpus).padStart(6)} ${r.blockPct.toFixed(1).padStart(9)} ` +
      `${String(r.hypercalls).padStart(8)} ${String(r.eventsSent).padStart(9)} ${String(r.eventsReceived).padStart(9)} ${String(r.faults).padStart(7)} ${String(r.instructions).padStart(10)}`,
    );
  }
  return lines.join("\n") + "\n";
}
