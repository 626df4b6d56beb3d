// MMU benchmark: page-table updates per second through batched mmu_update (512
// entries per call), pinning and unpinning an L2-rooted address space, and a
// TLB-miss-heavy guest workload — each next to a reference measured in the same run.

import { loadCore } from "../../src/core/node.js";
import { buildDomain } from "../../src/builder/build.js";
import { vaOf } from "../../src/builder/layout.js";
import { guestImage } from "../helpers/guest.js";
import { fmt, median, table } from "./stats.js";

const SELF = 0x7ff0;

async function machine() {
  const core = await loadCore({ frames: (64 << 20) / 4096 });
  const built = buildDomain(core, guestImage("mmutest"), { domid: 1, memoryBytes: 32 << 20 });
  const l = built.layout;
  const firstUnmapped = Math.ceil((l.virtPgtabEnd - l.virtBase) / 4096);
  const spare = (k: number) => built.p2m[firstUnmapped + k];
  const scratch = vaOf(l, l.bootStackPfn + 2);
  return { core, built, spare, scratch };
}

function time(f: () => void, minMs = 300): { secs: number; reps: number } {
  let reps = 0;
  const t0 = performance.now();
  do { f(); reps++; } while (performance.now() - t0 < minMs);
  return { secs: (performance.now() - t0) / 1000, reps };
}

/** Writes `entries` mmu_update requests (ptr into frame `mfn`, alternating values) at va. */
function requests(m: Awaited<ReturnType<typeof machine>>, va: number, mfn: number, val: (i: number) => bigint) {
  const pfn = (va - m.built.layout.virtBase) / 4096;
  for (let p = 0; p < 2; p++) {
    const page = m.core.mapForeign(1, m.built.p2m[pfn + p], true);
    const dv = new DataView(page.buffer, page.byteOffset, 4096);
    for (let j = 0; j < 256; j++) {
      const i = p * 256 + j;
      dv.setBigUint64(j * 16, BigInt(mfn) * 4096n + BigInt(i * 8), true);
      dv.setBigUint64(j * 16 + 8, val(i), true);
    }
  }
}

async function batchedUpdates(): Promise<string[][]> {
  const m = await machine();
  const l1 = m.spare(0), plain = m.spare(1);
  m.core.pinTable(1, 1, l1);
  // Two request batches, written once: one maps 512 frames, the other remaps them,
  // so every update changes the entry (no fast path) and moves references.
  const a = (i: number) => (BigInt(m.spare(8 + (i & 63))) << 12n) | 0x21n;
  const b = (i: number) => (BigInt(m.spare(80 + (i & 63))) << 12n) | 0x23n;
  const rows: string[][] = [];
  for (const [k, [name, target]] of ([["validated L1 entries (map, remap)", l1], ["reference: plain frame (checked 8-byte stores)", plain]] as const).entries()) {
    const va = m.scratch + 4096 + k * 4 * 4096;
    requests(m, va, target, a);
    requests(m, va + 8192, target, b);
    let flip = 0;
    const t = time(() => {
      const rc = m.core.hypercall(1, 0, 1, va + flip * 8192, 512, 0, SELF);
      flip ^= 1;
      if (rc !== 0) throw new Error(`mmu_update failed: ${rc}`);
    });
    rows.push([name, String(t.reps * 512), fmt((t.reps * 512) / t.secs / 1e6, 2)]);
  }
  const ratio = Number(rows[0][2].replace(/,/g, "")) / Number(rows[1][2].replace(/,/g, ""));
  rows[0].push(fmt(ratio, 3)); rows[1].push("1.000");
  // TLB invalidations: an update of an entry that was not present needs none.
  const fresh = m.spare(2);
  m.core.pinTable(1, 1, fresh);
  const va = m.scratch + 4096 + 8 * 4096;
  requests(m, va, fresh, a);
  const f0 = m.core.tlbFlushes;
  m.core.hypercall(1, 0, 1, va, 512, 0, SELF);
  const f1 = m.core.tlbFlushes;
  requests(m, va, fresh, b);
  m.core.hypercall(1, 0, 1, va, 512, 0, SELF);
  const f2 = m.core.tlbFlushes;
  flushNote = `TLB flushes per 512-entry batch: filling empty entries ${f1 - f0}, remapping present ones ${f2 - f1}.`;
  return rows;
}

let flushNote = "";

async function pinUnpin(): Promise<string[][]> {
  const m = await machine();
  // An L2 naming 8 L1s, each mapping 512 of the domain's frames read-only.
  const l2 = m.spare(0);
  const l1s = Array.from({ length: 8 }, (_, k) => m.spare(1 + k));
  for (const [k, l1] of l1s.entries()) {
    const v = new DataView(m.core.mapForeign(1, l1, true).buffer, m.core.mapForeign(1, l1, true).byteOffset, 4096);
    for (let i = 0; i < 512; i++) v.setBigUint64(i * 8, (BigInt(m.built.p2m[(k * 512 + i) % 4096]) << 12n) | 0x21n, true);
  }
  const v2 = new DataView(m.core.mapForeign(1, l2, true).buffer, m.core.mapForeign(1, l2, true).byteOffset, 4096);
  for (let k = 0; k < 8; k++) v2.setBigUint64(k * 8, (BigInt(l1s[k]) << 12n) | 0x27n, true);
  const ops = m.scratch + 4096;
  const w = (cmd: number) => { m.core.mapForeign(1, m.built.p2m[(ops - m.built.layout.virtBase) / 4096], true).set(new Uint8Array(new Uint32Array([cmd, l2, 0]).buffer)); };
  const pin = time(() => {
    w(1); if (m.core.hypercall(1, 0, 26, ops, 1, 0, SELF) !== 0) throw new Error("pin failed");
    w(4); if (m.core.hypercall(1, 0, 26, ops, 1, 0, SELF) !== 0) throw new Error("unpin failed");
  });
  // Reference: the same two hypercalls doing no MMU work (TLB_FLUSH_LOCAL).
  const ref = time(() => {
    w(6); m.core.hypercall(1, 0, 26, ops, 1, 0, SELF);
    w(6); m.core.hypercall(1, 0, 26, ops, 1, 0, SELF);
  });
  const perPin = pin.secs / pin.reps, perRef = ref.secs / ref.reps;
  return [
    ["pin + unpin L2 with 8 L1s (4,096 entries)", String(pin.reps), fmt(perPin * 1e6, 1), fmt((4096 * 2) / perPin / 1e6, 2), fmt(perPin / perRef, 1)],
    ["reference: two TLB_FLUSH_LOCAL mmuext_ops", String(ref.reps), fmt(perRef * 1e6, 1), "", "1.0"],
  ];
}

async function tlbWorkload(): Promise<string[][]> {
  const rows: string[][] = [];
  const rounds = 2000;
  const res: Record<string, number[]> = { "1": [], "0": [] };
  for (let run = 0; run < 3; run++) {
    for (const flush of ["1", "0"]) {
      const core = await loadCore({ frames: (32 << 20) / 4096 });
      buildDomain(core, guestImage("mmutest"), { domid: 1, memoryBytes: 16 << 20, cmdline: `tlbbench=${rounds} flush=${flush}` });
      core.unpauseDomain(1);
      const t0 = performance.now();
      while (!core.domainInfo(1).shutdown) core.run(5_000_000);
      res[flush].push((performance.now() - t0) / 1000);
      if (flush === "1" && run === 0) rows.push(["(TLB misses in the flushing run)", String(core.tlbMisses), "", ""]);
    }
  }
  const miss = median(res["1"]), hit = median(res["0"]);
  const reads = rounds * 1024;
  return [
    ["every read misses (flush each round)", String(reads), fmt(reads / miss / 1e6, 2), fmt(miss / hit, 2)],
    ["reference: the same reads, hitting", String(reads), fmt(reads / hit / 1e6, 2), "1.00"],
    ...rows,
  ];
}

export async function mmuBench(): Promise<string> {
  const a = await batchedUpdates();
  const b = await pinUnpin();
  const c = await tlbWorkload();
  return [
    "MMU: batched mmu_update, 512 entries per call; the reference writes the same batches into a frame that is not a page table.",
    table(["target", "updates", "M updates/s", "ratio"], a),
    flushNote,
    "",
    "MMU: pinning and unpinning an L2-rooted address space (validation and demotion of every entry).",
    table(["operation", "reps", "µs per pin+unpin", "M entries/s", "ratio to reference"], b),
    "",
    "MMU: TLB-miss-heavy guest (mmutest tlbbench): reads of 1,024 pages per round; median of 3 processes.",
    table(["workload", "reads", "M reads/s", "time ratio"], c),
  ].join("\n");
}
