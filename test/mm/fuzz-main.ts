// npm run fuzz:mmu [-- ops [seed]]: a long run of the MMU fuzzer (test/mm/fuzz-mmu.ts).
import { fuzzMmu } from "./fuzz-mmu.js";

const ops = Number(process.argv[2] ?? 2_000_000);
const seed = Number(process.argv[3] ?? Date.now() % 0x7fffffff);
const t0 = performance.now();
const res = await fuzzMmu({ seed, ops, log: (s) => { if (/round \d*0:/.test(s)) console.log(s); } });
const secs = (performance.now() - t0) / 1000;
console.log(`seed ${seed}: ${res.ops} operations in ${res.rounds} rounds, ${secs.toFixed(1)} s (${Math.round(res.ops / secs)}/s); ${res.successes} succeeded, ${res.errors} refused`);
if (res.failure) { console.error(`FAILED: ${res.failure}`); process.exit(1); }
console.log("no invariant violation, no core trap");
