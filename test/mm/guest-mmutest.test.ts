// guests/mmutest: the MMU rules exercised from ring 1 by a real PV kernel.

import { describe, expect, it } from "vitest";
import { bootGuest } from "../helpers/guest.js";

describe("mmutest guest", () => {
  it("builds, pins, switches and unpins an address space, balloons, uses ptwr, an LDT and a GDT: Test result: SUCCESS", async () => {
    const r = await bootGuest("mmutest", { memoryMiB: 16 });
    expect(r.text).not.toMatch(/^FAIL/m);
    expect(r.text).toMatch(/PASS: a writable mapping of the pinned tree's L1 is refused: -16/);
    expect(r.text).toMatch(/PASS: mapping a frame owned by Xen is refused/);
    expect(r.text).toMatch(/Test result: SUCCESS/);
    expect(r.info.shutdown).toBe(true);
    expect(r.info.crash).toBeUndefined();
    // Whatever the guest did, the machine's MMU state is consistent afterwards.
    expect(r.core.mmCheck()).toBeUndefined();
  });
});
