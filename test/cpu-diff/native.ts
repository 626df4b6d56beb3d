// The native side: runs a batch of cases as a 32-bit Linux process
// (build/guests/cpu-diff-runner, from native/) and reads back what each did.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../src/core/node.js";
import { encodeCases, decodeResults, type Batch, type Result } from "./layout.js";

export const RUNNER = join(packageRoot(), "build", "guests", "cpu-diff-runner");

export function runnerBuilt(): boolean { return existsSync(RUNNER); }

/** The runner's own view of the layout constants (`--layout`), as key → value. */
export function runnerLayout(): Record<string, number> {
  const r = spawnSync(RUNNER, ["--layout"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cpu-diff-runner --layout failed: ${r.stdout}${r.stderr}`);
  const out: Record<string, number> = {};
  for (const kv of r.stdout.trim().split(/\s+/)) {
    const [k, v] = kv.split("=");
    out[k] = Number(v);
  }
  return out;
}

export function runNative(batch: Batch): Result[] {
  const dir = mkdtempSync(join(tmpdir(), "cpu-diff-"));
  try {
    const inPath = join(dir, "cases.bin"), outPath = join(dir, "results.bin");
    writeFileSync(inPath, encodeCases(batch));
    const r = spawnSync(RUNNER, [inPath, outPath], { encoding: "utf8" });
    if (r.status !== 0) {
      throw new Error(`cpu-diff-runner failed (${r.signal ?? `exit ${r.status}`}): ${r.stdout}${r.stderr}`);
    }
    const results = decodeResults(new Uint8Array(readFileSync(outPath)));
    if (results.length !== batch.cases.length) throw new Error("cpu-diff-runner: result count differs from case count");
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
