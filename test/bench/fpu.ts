// FPU benchmark: the fpbench guest (double matrix multiply, n-body with square roots,
// a single-precision filter) built for the x87 and for SSE2, run in the core and as
// the same code natively as a 32-bit Linux process, in the same run. Each engine runs
// in several fresh processes; the table shows medians. The checksums of core and
// native runs of the same build must agree (a mismatch is reported).

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { packageRoot } from "../../src/core/node.js";
import { fmt, median, table } from "./stats.js";

const ROOT = packageRoot();

function coreRun(image: string, iterations: number): { instructions: number; secs: number; checksum?: string } {
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "test", "bench", "fpu-worker.ts"), image, String(iterations)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`core FPU benchmark process failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

function nativeRun(image: string, iterations: number): { secs: number; checksum?: string } | undefined {
  const t0 = performance.now();
  const r = spawnSync(join(ROOT, "build", "guests", `${image}-native`), [`iterations=${iterations}`], { encoding: "utf8" });
  const secs = (performance.now() - t0) / 1000;
  if (r.error || r.status !== 0) return undefined;
  return { secs, checksum: /checksum=(0x[0-9a-f]+)/.exec(r.stdout)?.[1] };
}

export function fpuBench(opts: { runs?: number; coreIterations?: number; nativeIterations?: number } = {}): string {
  const runs = opts.runs ?? 3;
  const coreIt = opts.coreIterations ?? 300;
  const nativeIt = opts.nativeIterations ?? 30000;
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const variant of ["x87", "sse"]) {
    const image = `fpbench-${variant}`;
    const core = Array.from({ length: runs }, () => coreRun(image, coreIt));
    const perIter = core[0].instructions / coreIt;
    const coreMips = median(core.map((r) => r.instructions / r.secs / 1e6));
    const native = Array.from({ length: runs }, () => nativeRun(image, nativeIt)).filter((x) => x !== undefined);
    let nativeMips = NaN;
    if (native.length) {
      const secs = median(native.map((r) => r!.secs));
      nativeMips = (perIter * nativeIt) / secs / 1e6;
      rows.push([`${variant}: native 32-bit Linux process`, nativeIt, fmt((perIter * nativeIt) / 1e6, 0) + " M", fmt(secs, 3), fmt(nativeMips, 0), "1.000"]);
      const same = nativeRun(image, coreIt);
      if (same && same.checksum !== core[0].checksum) notes.push(`warning: ${image} checksum differs: core ${core[0].checksum}, native ${same.checksum}`);
    }
    rows.push([`${variant}: pvwasm core (interpreter)`, coreIt, fmt(core[0].instructions / 1e6, 0) + " M", fmt(median(core.map((r) => r.secs)), 3),
      fmt(coreMips, 1), native.length ? fmt(coreMips / nativeMips, 4) : "n/a"]);
  }
  return [
    `FPU: fpbench guest (guests/fpbench) built for the x87 and for SSE2; median of ${runs} processes per engine.`,
    `Native instructions are the core's per-iteration count times the iterations (the same compiled code).`,
    table(["engine", "iterations", "instructions", "seconds", "MIPS", "ratio to native"], rows),
    ...notes,
  ].join("\n");
}
