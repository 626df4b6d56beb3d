// Runs every generator; rewrites an output only when its content changes so that
// incremental builds stay incremental.

import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateCpu, emitDecode, emitDispatch } from "./gen-cpu.js";
import { emitHypercallDispatch } from "./gen-hypercalls.js";
import { emitHostErrno } from "./gen-errno.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function put(rel: string, content: string): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && readFileSync(path, "utf8") === content) return;
  writeFileSync(path, content);
}

export function generateAll(): void {
  const cpu = generateCpu();
  put("assembly/generated/x86-decode.ts", emitDecode(cpu));
  put("assembly/generated/x86-dispatch.ts", emitDispatch(cpu));
  put("assembly/generated/hypercall-dispatch.ts", emitHypercallDispatch());
  put("src/generated/errno.ts", emitHostErrno(join(root, "assembly/public/errno.ts")));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) generateAll();
