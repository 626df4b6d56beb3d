// One FPU benchmark process: boots an fpbench image (argv[2], e.g. "fpbench-x87")
// with `iterations=argv[3]` in a fresh core and reports, as JSON on stdout, the
// guest instructions retired, the seconds the run took and the guest's checksum.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCore, packageRoot } from "../../src/core/node.js";
import { buildDomain } from "../../src/builder/build.js";

const image = process.argv[2] ?? "fpbench-sse";
const iterations = Number(process.argv[3] ?? 200);
const core = await loadCore({ frames: 8192 });
buildDomain(core, readFileSync(join(packageRoot(), "build", "guests", `${image}.elf`)), {
  domid: 1, memoryBytes: 16 << 20, cmdline: `iterations=${iterations}`,
});
core.unpauseDomain(1);
let text = "";
const t0 = performance.now();
for (;;) {
  core.run(20_000_000);
  for (const r of core.drainConsole()) text += r.text;
  if (core.domainInfo(1).shutdown) break;
}
const secs = (performance.now() - t0) / 1000;
const checksum = /checksum=(0x[0-9a-f]+)/.exec(text)?.[1];
process.stdout.write(JSON.stringify({ instructions: Number(core.domainInfo(1).instructions), secs, checksum }) + "\n");
