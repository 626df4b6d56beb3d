// The README's hypercall table is the hypercall table (src/gen/hypercall-table.ts);
// regenerate it with: npx tsx src/tools/readme-tables.ts

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers/guest.js";
import { hypercallTable, sectionOf } from "../src/tools/readme-tables.js";

describe("README", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  it("lists every hypercall with the status the hypercall table gives it", () => {
    expect(sectionOf(readme, "hypercalls")).toBe(hypercallTable());
  });
  it("shows the install-and-run command and the test command", () => {
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm test");
  });
});
