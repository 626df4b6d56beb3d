// Builds the core: regenerates the tables (src/gen), then compiles assembly/ to
// build/core.wasm (optimised) and build/core-debug.wasm (assertions on). Skips the
// compile when no input is newer than the outputs.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateAll } from "../gen/gen-all.js";

const root = join(fileURLToPath(import.meta.url), "..", "..", "..");

function newest(dir: string): number {
  let t = 0;
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (!f.endsWith(".ts") && !f.endsWith(".json")) continue;
    t = Math.max(t, statSync(join(dir, f)).mtimeMs);
  }
  return t;
}

export function buildCore(force = false): void {
  generateAll();
  const inputs = Math.max(newest(join(root, "assembly")), newest(join(root, "src", "gen")), statSync(join(root, "asconfig.json")).mtimeMs);
  const asc = join(root, "node_modules", ".bin", "asc");
  for (const [target, out] of [["release", "core.wasm"], ["debug", "core-debug.wasm"]]) {
    const outPath = join(root, "build", out);
    if (!force && existsSync(outPath) && statSync(outPath).mtimeMs >= inputs) continue;
    const r = spawnSync(asc, ["--config", "asconfig.json", "--target", target], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) {
      process.stderr.write(`pvwasm: compiling the core (${target}) failed\n`);
      process.exit(1);
    }
    process.stdout.write(`pvwasm: built build/${out}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) buildCore(process.argv.includes("--force"));
