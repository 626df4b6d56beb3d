// A fixed-seed slice of the MMU fuzzer: 100,000 hostile operations from two domains
// (grant operations included, and the host's own as domain 0) with the invariant
// checker after each; `npm run fuzz:mmu` runs millions.

import { describe, expect, it } from "vitest";
import { fuzzMmu } from "./fuzz-mmu.js";

describe("MMU fuzzer (fixed seed)", () => {
  it("100,000 hostile mmu_update/mmuext_op/update_va_mapping/memory_op/grant_table_op calls leave every invariant intact and never trap the core", async () => {
    const res = await fuzzMmu({ seed: 0x5eed, ops: 100_000 });
    expect(res.failure).toBeUndefined();
    expect(res.ops).toBe(100_000);
    // The slice must reach past the argument checks: both outcomes occur often.
    expect(res.successes).toBeGreaterThan(10_000);
    expect(res.errors).toBeGreaterThan(10_000);
    expect(res.grantMaps).toBeGreaterThan(100);
  }, 600_000);
});
