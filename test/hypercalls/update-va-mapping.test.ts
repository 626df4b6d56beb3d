// update_va_mapping (#14): the checked L1 update the guests use to map shared_info.

import { describe, expect, it } from "vitest";
import { makeGuest } from "../helpers/guest.js";

const EINVAL = -22, EBUSY = -16, EPERM = -1;
const PRESENT_RW = 0x63; // P | RW | A | D

describe("update_va_mapping", () => {
  it("maps the domain's shared_info frame writable, taking a reference on it", async () => {
    const g = await makeGuest();
    const si = g.core.sharedInfoMfn(1);
    const before = g.core.frameInfo(si).countInfo & 0x3ffffff;
    expect(g.hc(14, g.scratch, ((si << 12) | PRESENT_RW) >>> 0, 0, 2)).toBe(0);
    expect(g.core.frameInfo(si).countInfo & 0x3ffffff).toBe(before + 1);
    // The frame is the domain's shared_info: vcpu_info[0].evtchn_upcall_mask starts at 1.
    expect(g.core.mapForeign(1, si, false)[1]).toBe(1);
  });

  it("replacing a mapping drops the old frame's references", async () => {
    const g = await makeGuest();
    const old = g.mfnOfVa(g.scratch);
    const oldInfo = g.core.frameInfo(old);
    const si = g.core.sharedInfoMfn(1);
    expect(g.hc(14, g.scratch, ((si << 12) | PRESENT_RW) >>> 0, 0, 0)).toBe(0);
    const now = g.core.frameInfo(old);
    expect(now.countInfo & 0x3ffffff).toBe((oldInfo.countInfo & 0x3ffffff) - 1);
    expect(now.typeInfo & 0x1ffffff).toBe((oldInfo.typeInfo & 0x1ffffff) - 1); // one writable mapping fewer
  });

  it("refuses a writable mapping of a page-table frame with -EBUSY", async () => {
    const g = await makeGuest();
    const l3 = g.built.p2m[g.built.layout.ptPfn];
    expect(g.hc(14, g.scratch, ((l3 << 12) | PRESENT_RW) >>> 0, 0, 0)).toBe(EBUSY);
    // Read-only is fine.
    expect(g.hc(14, g.scratch, ((l3 << 12) | 0x21) >>> 0, 0, 0)).toBe(0);
  });

  it("refuses frames the domain does not own: Xen's frames -EBUSY, beyond RAM -EPERM", async () => {
    const g = await makeGuest();
    expect(g.hc(14, g.scratch, ((0 << 12) | 0x21) >>> 0, 0, 0)).toBe(EBUSY); // MFN 0 holds the M2P
    expect(g.hc(14, g.scratch, ((0xfff00 << 12) | 0x21) >>> 0, 0, 0)).toBe(EPERM);
  });

  it("refuses cache-attribute bits (PWT, PCD, PAT) without I/O privileges", async () => {
    const g = await makeGuest();
    const si = g.core.sharedInfoMfn(1);
    for (const bit of [0x08, 0x10, 0x80]) expect(g.hc(14, g.scratch, ((si << 12) | 0x21 | bit) >>> 0, 0, 0)).toBe(EINVAL);
  });

  it("an address with no L1 table (below VIRT_BASE, or in the hypervisor hole) is -EINVAL", async () => {
    const g = await makeGuest();
    expect(g.hc(14, 0x1000, 0, 0, 0)).toBe(EINVAL);
    expect(g.hc(14, 0xf5800000, 0, 0, 0)).toBe(EINVAL);
  });

  it("clearing a mapping (non-present value) always succeeds", async () => {
    const g = await makeGuest();
    expect(g.hc(14, g.scratch, 0, 0, 1)).toBe(0);
  });
});
