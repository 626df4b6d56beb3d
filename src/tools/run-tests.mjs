// Runs the vitest suite and ends with one summary line "N passed, N failed" (read
// from vitest's JSON report), exiting with vitest's status.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const report = join("test-results", "vitest.json");
mkdirSync("test-results", { recursive: true });
if (existsSync(report)) rmSync(report);
const vitest = join("node_modules", ".bin", "vitest");
const r = spawnSync(vitest, ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: "inherit" });
let passed = 0, failed = 0;
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, "utf8"));
  passed = j.numPassedTests;
  failed = j.numFailedTests;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status ?? 1);
