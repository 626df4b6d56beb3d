#!/usr/bin/env node
// The pvwasm command. Runs the compiled host code from build/js.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const entry = join(root, "build", "js", "src", "cli", "main.js");
if (!existsSync(entry)) {
  process.stderr.write("pvwasm: not built yet; run: npm run build\n");
  process.exit(2);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
