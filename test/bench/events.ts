// Event and domain benchmarks: the interdomain event round trip, the null hypercall,
// and how many idle 1 MiB domains fit in one machine — each next to a reference
// measured in the same run (a cross-thread round trip on the host, a plain guest
// loop, and the machine's raw frame count).

import { Worker } from "node:worker_threads";
import { loadCore } from "../../src/core/node.js";
import { makeHost, configOf } from "../helpers/machine.js";
import { guestImage } from "../helpers/guest.js";
import { fmt, median, table } from "./stats.js";

/** Runs guests to their end; returns wall seconds, instructions and consoles. */
async function timed(specs: Parameters<typeof configOf>[0][]) {
  const m = await makeHost({ memoryMiB: 64 });
  m.host.startAll(specs.map((g) => ({ config: configOf(g), kernel: guestImage(g.image) })));
  const t0 = performance.now();
  while (m.host.live().length > 0) m.host.step(5_000_000);
  return { secs: (performance.now() - t0) / 1000, insns: Number(m.host.core.instructions), consoles: m.consoles };
}

/** Host reference: a round trip between two threads with Atomics.wait/notify. */
async function threadRoundTripNs(rounds: number): Promise<number> {
  const sab = new SharedArrayBuffer(8);
  const flag = new Int32Array(sab);
  const src = `const { workerData } = require("node:worker_threads");
    const f = new Int32Array(workerData.sab);
    for (let i = 0; i < workerData.rounds; i++) {
      while (Atomics.load(f, 0) !== 1) Atomics.wait(f, 0, 0);
      Atomics.store(f, 0, 0); Atomics.store(f, 1, 1); Atomics.notify(f, 1);
    }`;
  const w = new Worker(src, { eval: true, workerData: { sab, rounds } });
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) {
    Atomics.store(flag, 0, 1); Atomics.notify(flag, 0);
    while (Atomics.load(flag, 1) !== 1) Atomics.wait(flag, 1, 0);
    Atomics.store(flag, 1, 0);
  }
  const ns = ((performance.now() - t0) * 1e6) / rounds;
  await w.terminate();
  return ns;
}

async function roundTrip(runs: number, rounds: number): Promise<string> {
  const pair = [
    { name: "ping", image: "pingpong", cmdline: `ping=1 peer=\${domid:pong} port=\${port:pong} rounds=${rounds}` },
    { name: "pong", image: "pingpong", cmdline: `ping=0 peer=\${domid:ping} port=\${peerport:ping} rounds=${rounds}` },
  ];
  const r = [];
  for (let i = 0; i < runs; i++) r.push(await timed(pair));
  const virtNs = Number(/\((\d+) ns each\)/.exec(r[0].consoles.get("ping") ?? "")?.[1]);
  const wallUs = median(r.map((x) => (x.secs * 1e6) / rounds));
  const ref = median(await Promise.all([0, 1, 2].map(() => threadRoundTripNs(20000)))) / 1000;
  return [
    `Interdomain event round trip (send in A -> upcall in B -> send back -> upcall in A), ${rounds} rounds, median of ${runs} runs.`,
    `Reference: two host threads passing a flag back and forth with Atomics.wait/notify, in this process.`,
    table(["what", "wall us per round trip", "guest instructions", "ratio to reference"], [
      ["host thread round trip (reference)", fmt(ref, 2), "-", "1.00"],
      ["pvwasm interdomain event round trip", fmt(wallUs, 2), String(virtNs), fmt(wallUs / ref, 2)],
    ]),
  ].join("\n");
}

async function nullHypercall(runs: number, n: number): Promise<string> {
  const run = (mode: number) => timed([{ name: `hc${mode}`, image: "hcbench", cmdline: `n=${n} mode=${mode}` }]);
  const calls = [], loops = [];
  for (let i = 0; i < runs; i++) { calls.push(await run(1)); loops.push(await run(0)); }
  const loopNs = median(loops.map((x) => (x.secs * 1e9) / n));
  const callNs = median(calls.map((x) => (x.secs * 1e9) / n)) - loopNs;
  const insns = (calls[0].insns - loops[0].insns) / n;
  return [
    `Null hypercall (xen_version(0, NULL) through the hypercall page), ${n} calls, median of ${runs} runs.`,
    `Reference: one iteration of the same guest loop without the call (its cost is subtracted above).`,
    table(["what", "wall ns each", "guest instructions each", "ratio to reference"], [
      ["guest loop iteration (reference)", fmt(loopNs, 1), fmt(loops[0].insns / n, 1), "1.0"],
      ["null hypercall", fmt(callNs, 1), fmt(insns, 1), fmt(callNs / loopNs, 1)],
    ]),
  ].join("\n");
}

async function idleDomains(machineMiB: number): Promise<string> {
  const core = await loadCore({ frames: (machineMiB << 20) / 4096 });
  const free0 = core.freeFrames;
  const t0 = performance.now();
  let n = 0;
  for (let id = 1; id < 0x7ff0; id++) {
    try { core.createDomain(id, 1, 256); core.allocFrames(id, 256); n++; } catch { if (core.domainExists(id)) core.destroyDomain(id); break; }
  }
  const secs = (performance.now() - t0) / 1000;
  const used = free0 - core.freeFrames;
  const overhead = ((used - n * 256) * 4096) / n;
  const ideal = Math.floor(free0 / 256);
  return [
    `Idle domains of 1 MiB (one vcpu, 256 frames of RAM, never run) created until -ENOMEM in a ${machineMiB} MiB machine.`,
    `Reference: how many 1 MiB domains the machine's free frames would hold with no per-domain overhead.`,
    table(["what", "domains", "overhead bytes per domain", "create us each", "ratio to reference"], [
      ["free frames / 256 (reference)", ideal, "0", "-", "1.000"],
      ["pvwasm", n, fmt(overhead, 0), fmt((secs * 1e6) / n, 1), fmt(n / ideal, 3)],
    ]),
  ].join("\n");
}

export async function eventsBench(): Promise<string> {
  return [await roundTrip(3, 2000), await nullHypercall(3, 200000), await idleDomains(256)].join("\n\n");
}
