// npm run bench: every benchmark table, each with a reference measured in the same run.
// Usage: npm run bench [-- cpu ...]

import { cpuBench } from "./cpu.js";
import { eventsBench } from "./events.js";
import { mmuBench } from "./mmu.js";
import { fpuBench } from "./fpu.js";
import { grantsBench } from "./grants.js";
import { xenstoreBench } from "./xenstore.js";

const all: Record<string, () => string | Promise<string>> = {
  cpu: () => cpuBench(),
  events: () => eventsBench(),
  mmu: () => mmuBench(),
  fpu: () => fpuBench(),
  grants: () => grantsBench(),
  xenstore: () => xenstoreBench(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
for (const name of wanted.length ? wanted : Object.keys(all)) {
  const f = all[name];
  if (!f) { console.error(`unknown benchmark '${name}' (have: ${Object.keys(all).join(", ")})`); process.exit(2); }
  console.log(await f());
  console.log();
}
