// npm run test:cpu-full [-- --seed S] [--count N] [--first I] [--batch B] [--show-known K]
//
// Runs N differential cases (default 2,000,000) of seed S (default: a new random one,
// printed) from case index I, in batches of B. Prints progress, the known core
// failures matched, and every new mismatch (the first 3 per table row in full);
// exits 1 if there is any. Reproduce one case with --seed S --first I --count 1;
// --show-known K also prints the first K cases of each known core failure.

import { X86_TABLE } from "../../src/gen/x86/index.js";
import { runSlice } from "./run.js";
import { formatMismatch } from "./compare.js";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) { console.error(`cpu-diff: --${name} needs a non-negative integer`); process.exit(2); }
  return v;
}

const seed = arg("seed", Math.floor(Math.random() * 2 ** 31));
const count = arg("count", 2_000_000);
const first = arg("first", 0);
const batch = arg("batch", 20_000);
const t0 = performance.now();
console.log(`cpu-diff: seed ${seed}, cases ${first}..${first + count - 1}`);
const r = await runSlice({
  seed, first, count, batch, maxUnexpected: 100_000, keepKnown: arg("show-known", 0),
  onBatch: (done, rep) => {
    const secs = (performance.now() - t0) / 1000;
    process.stdout.write(`\r  ${done} cases, ${rep.unexpected.length} new mismatches, ${[...rep.known.values()].reduce((a, b) => a + b, 0)} known, ${(done / secs).toFixed(0)} cases/s   `);
  },
});
console.log();
for (const [id, n] of r.known) {
  console.log(`known core failure ${id}: ${n} cases`);
  for (const m of r.knownCases.get(id) ?? []) console.log(formatMismatch(m, seed) + "\n");
}
const perRow = new Map<number, number>();
for (const m of r.unexpected) {
  const n = (perRow.get(m.case.row) ?? 0) + 1;
  perRow.set(m.case.row, n);
  if (n <= 3) console.log("\n" + formatMismatch(m, seed));
}
if (r.unexpected.length) {
  console.log(`\n${r.unexpected.length} new mismatches in ${perRow.size} rows: ` +
    [...perRow].map(([row, n]) => `${X86_TABLE[row].m} (${n})`).join(", "));
}
console.log(`cpu-diff: ${r.cases} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${r.unexpected.length} new mismatches`);
process.exit(r.unexpected.length ? 1 : 0);
