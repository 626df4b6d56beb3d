// Rewrites the generated tables in README.md (between <!-- name:begin --> and
// <!-- name:end --> markers) from their single sources: the hypercall table and the
// x86 table. test/readme.test.ts fails when the README is out of date.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HYPERCALLS } from "../gen/hypercall-table.js";

export function hypercallTable(): string {
  const rows = HYPERCALLS.map((h) => `| ${h.nr} | \`${h.name}\` | ${h.status} | ${h.note ?? ""} |`);
  return ["| # | hypercall | status | notes |", "|---:|---|---|---|", ...rows].join("\n");
}

export function replaceSection(text: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->`, end = `<!-- ${name}:end -->`;
  const i = text.indexOf(begin), j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README has no ${name} section`);
  return text.slice(0, i + begin.length) + "\n" + body + "\n" + text.slice(j);
}

export function sectionOf(text: string, name: string): string {
  const begin = `<!-- ${name}:begin -->`, end = `<!-- ${name}:end -->`;
  const i = text.indexOf(begin), j = text.indexOf(end);
  return i < 0 || j < i ? "" : text.slice(i + begin.length, j).trim();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = join(fileURLToPath(import.meta.url), "..", "..", "..", "README.md");
  let text = readFileSync(path, "utf8");
  text = replaceSection(text, "hypercalls", hypercallTable());
  writeFileSync(path, text);
}
