// Grant benchmarks: copy throughput and the cost of a map+unmap pair, by the host as
// domain 0 and by a guest (gntcopy, timed in host-clock system time), each next to a
// plain memory copy of the same bytes measured in the same run.

import { loadCore } from "../../src/core/node.js";
import { buildDomain } from "../../src/builder/build.js";
import { Host } from "../../src/toolstack/host.js";
import { configOf } from "../helpers/machine.js";
import { guestImage } from "../helpers/guest.js";
import { fmt, median, table } from "./stats.js";

const PAGES = 15;

/** Host-side numbers: wall time of grant copies, of map+unmap pairs and of plain copies. */
async function hostSide(mib: number, pairs: number) {
  const core = await loadCore({ frames: (64 << 20) / 4096 });
  const built = buildDomain(core, guestImage("hello"), { domid: 1, memoryBytes: 16 << 20 });
  const l = built.layout;
  const first = Math.ceil((l.virtPgtabEnd - l.virtBase) / 4096);
  const table0 = core.mapForeign(1, core.grantFrame(1, 0), true);
  const dv = new DataView(table0.buffer, table0.byteOffset, 4096);
  for (let i = 0; i < PAGES; i++) {
    const ref = 8 + i;
    dv.setUint16(ref * 8 + 2, 0, true);
    dv.setUint32(ref * 8 + 4, built.p2m[first + i], true);
    dv.setUint16(ref * 8, 1, true); // GTF_permit_access to domain 0
  }
  const ops = Array.from({ length: PAGES }, (_, i) => ({ source: { domid: 1, ref: 8 + i, offset: 0 }, dest: { hostPage: 1 + i, offset: 0 }, len: 4096 }));
  const calls = Math.ceil((mib << 20) / (PAGES * 4096));
  const bytes = calls * PAGES * 4096;
  let t0 = performance.now();
  for (let c = 0; c < calls; c++) {
    const st = core.copyGrants(ops);
    if (st[0] !== 0) throw new Error(`grant copy failed: ${st[0]}`);
  }
  const copySecs = (performance.now() - t0) / 1000;
  // Reference: the same 4 KiB copies inside the same memory, as typed-array copies.
  const srcs = Array.from({ length: PAGES }, (_, i) => core.mapForeign(1, built.p2m[first + i], false).byteOffset);
  const dsts = Array.from({ length: PAGES }, (_, i) => core.hostPage(1 + i).byteOffset);
  const mem = core.hostPage(1);
  const all = new Uint8Array(mem.buffer);
  t0 = performance.now();
  for (let c = 0; c < calls; c++) for (let i = 0; i < PAGES; i++) all.copyWithin(dsts[i], srcs[i], srcs[i] + 4096);
  const plainSecs = (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (let i = 0; i < pairs; i++) core.unmapGrant(core.mapGrant(1, 8, true).handle);
  const pairNs = ((performance.now() - t0) * 1e6) / pairs;
  t0 = performance.now();
  for (let i = 0; i < pairs; i++) core.copyGrants([ops[0]]);
  const oneCopyNs = ((performance.now() - t0) * 1e6) / pairs;
  return { bytes, copyGBs: bytes / copySecs / 1e9, plainGBs: bytes / plainSecs / 1e9, pairNs, oneCopyNs };
}

/** The gntcopy guest under the host clock: its own measurements, in real nanoseconds. */
async function guestSide(kib: number, pairs: number) {
  let text = "";
  const host = await Host.create((o) => loadCore(o), {
    memoryMiB: 64, clock: "host",
    events: { console(_d, t) { text += t; } },
  });
  host.startAll([{ config: configOf({ name: "c", image: "gntcopy", memoryMiB: 8, cmdline: `domid=\${domid:c} kb=${kib} pairs=${pairs}` }), kernel: guestImage("gntcopy") }]);
  while (host.live().length > 0) host.step(5_000_000);
  const m = /grant copy (\d+) KiB in (\d+) ns; memcpy (\d+) KiB in (\d+) ns; (\d+) map\+unmap pairs in (\d+) ns/.exec(text);
  if (!m || !text.includes("Test result: SUCCESS")) throw new Error(`gntcopy did not report: ${text}`);
  const bytes = Number(m[1]) * 1024;
  return { copyGBs: bytes / Number(m[2]), memcpyGBs: bytes / Number(m[4]), pairNs: Number(m[6]) / Number(m[5]) };
}

export async function grantsBench(): Promise<string> {
  const runs = 3;
  const hs = [], gs = [];
  for (let i = 0; i < runs; i++) { hs.push(await hostSide(256, 20000)); gs.push(await guestSide(16384, 2000)); }
  const h = {
    copy: median(hs.map((x) => x.copyGBs)), plain: median(hs.map((x) => x.plainGBs)),
    pair: median(hs.map((x) => x.pairNs)), one: median(hs.map((x) => x.oneCopyNs)),
  };
  const g = { copy: median(gs.map((x) => x.copyGBs)), memcpy: median(gs.map((x) => x.memcpyGBs)), pair: median(gs.map((x) => x.pairNs)) };
  return [
    `Grant copy throughput, 4 KiB copies (host: ${Math.round(hs[0].bytes / 2 ** 20)} MiB in batches of ${PAGES}; guest: 16 MiB in calls of 16), median of ${runs} runs.`,
    `Reference: a plain copy of the same bytes in the same run (host: Uint8Array.copyWithin in the core's memory; guest: its memcpy).`,
    table(["what", "GB/s", "ratio to its reference"], [
      ["host plain memory copy (reference)", fmt(h.plain, 2), "1.00"],
      ["host GNTTABOP_copy as domain 0", fmt(h.copy, 2), fmt(h.copy / h.plain, 2)],
      ["guest memcpy, interpreted (reference)", fmt(g.memcpy, 3), "1.00"],
      ["guest GNTTABOP_copy", fmt(g.copy, 3), fmt(g.copy / g.memcpy, 2)],
    ]),
    "",
    `Grant map+unmap pair (read-only host mapping), median of ${runs} runs.`,
    `Reference: one 4 KiB grant copy by the host in the same run.`,
    table(["what", "ns per pair", "ratio to reference"], [
      ["host 4 KiB grant copy (reference)", fmt(h.one, 0), "1.00"],
      ["host map+unmap pair as domain 0", fmt(h.pair, 0), fmt(h.pair / h.one, 2)],
      ["guest map+unmap pair (two hypercalls)", fmt(g.pair, 0), fmt(g.pair / h.one, 2)],
    ]),
  ].join("\n");
}
