// CPU benchmark: the CoreMark-like guest (guests/bench) run in the core and the same
// C code run natively as a 32-bit Linux process, in the same run. Each engine runs
// in several fresh processes; the table shows medians.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/core/node.js";
import { fmt, median, table } from "./stats.js";

const ROOT = packageRoot();
const V86_VERSION = JSON.parse(readFileSync(join(ROOT, "node_modules", "v86", "package.json"), "utf8")).version;

function coreRun(iterations: number): { instructions: number; secs: number; checksum?: string } {
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "test", "bench", "cpu-worker.ts"), String(iterations)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`core benchmark process failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

function nativeRun(iterations: number): { secs: number; checksum?: string } | undefined {
  const t0 = performance.now();
  const r = spawnSync(join(ROOT, "build", "guests", "bench-native"), [`iterations=${iterations}`], { encoding: "utf8" });
  const secs = (performance.now() - t0) / 1000;
  if (r.error || r.status !== 0) return undefined;
  return { secs, checksum: /checksum=(0x[0-9a-f]+)/.exec(r.stdout)?.[1] };
}

function v86Run(iterations: number): { instructions: number; secs: number; steadyMips: number; checksum?: string } | undefined {
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "test", "bench", "v86-worker.ts"), String(iterations)], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

export function cpuBench(opts: { runs?: number; coreIterations?: number; nativeIterations?: number; v86Iterations?: number; skipV86?: boolean } = {}): string {
  const runs = opts.runs ?? 3;
  const coreIt = opts.coreIterations ?? 2000;
  const nativeIt = opts.nativeIterations ?? 4000;
  const core = Array.from({ length: runs }, () => coreRun(coreIt));
  const perIter = core[0].instructions / coreIt;
  const coreMips = median(core.map((r) => r.instructions / r.secs / 1e6));
  const coreSecs = median(core.map((r) => r.secs));
  const rows: (string | number)[][] = [];
  const native = Array.from({ length: runs }, () => nativeRun(nativeIt)).filter((x) => x !== undefined);
  let nativeMips = NaN;
  if (native.length) {
    const secs = median(native.map((r) => r!.secs));
    nativeMips = (perIter * nativeIt) / secs / 1e6;
    rows.push(["native 32-bit Linux process", nativeIt, fmt((perIter * nativeIt) / 1e6, 0) + " M", fmt(secs, 3), fmt(nativeMips, 0), "1.000"]);
  }
  rows.push(["pvwasm core (interpreter)", coreIt, fmt(core[0].instructions / 1e6, 0) + " M", fmt(coreSecs, 3), fmt(coreMips, 1), native.length ? fmt(coreMips / nativeMips, 4) : "n/a"]);
  const v86It = opts.v86Iterations ?? 12000;
  const v86 = opts.skipV86 ? [] : Array.from({ length: runs }, () => v86Run(v86It)).filter((x) => x !== undefined);
  if (v86.length) {
    const mips = median(v86.map((r) => r!.steadyMips));
    rows.push([`v86 ${V86_VERSION} (JIT), after 1 G insns`, v86It, fmt(v86[0]!.instructions / 1e6, 0) + " M", fmt(median(v86.map((r) => r!.secs)), 3), fmt(mips, 1), native.length ? fmt(mips / nativeMips, 4) : "n/a"]);
  }
  const same = native.length === 0 || core.every((c) => c.checksum !== undefined) ;
  return [
    `CPU: CoreMark-like guest (guests/bench), ${fmt(perIter / 1e3, 0)} K instructions per iteration; median of ${runs} processes per engine.`,
    `Native instructions are the core's per-iteration count times the iterations (the same compiled code).`,
    `v86 runs the same code as a multiboot kernel (build/guests/bench-multiboot.elf); its MIPS is measured after a warm-up of 1 G instructions (its JIT needs about that), over a ${opts.v86Iterations ?? 12000}-iteration run.`,
    table(["engine", "iterations", "instructions", "seconds", "MIPS", "ratio to native"], rows),
    same ? "" : "warning: checksum missing from a run",
  ].join("\n");
}
