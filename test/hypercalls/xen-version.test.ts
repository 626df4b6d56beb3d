// xen_version (#17): every sub-command, bad pointers and unknown commands.

import { beforeAll, describe, expect, it } from "vitest";
import { makeGuest, type TestGuest } from "../helpers/guest.js";

const HC = 17;
const EFAULT = -14, EINVAL = -22, ENOSYS = -38, ENODATA = -61;
const str = (b: Uint8Array) => String.fromCharCode(...b.subarray(0, b.indexOf(0) < 0 ? b.length : b.indexOf(0)));

describe("xen_version", () => {
  let g: TestGuest;
  beforeAll(async () => { g = await makeGuest(); });

  it("XENVER_version returns major << 16 | minor", () => {
    const v = g.hc(HC, 0, 0);
    expect(v >> 16).toBe(4);
    expect(v & 0xffff).toBeGreaterThanOrEqual(0);
  });

  it("XENVER_extraversion writes a NUL-padded 16-byte string", () => {
    g.write(g.scratch, new Array(16).fill(0xaa));
    expect(g.hc(HC, 1, g.scratch)).toBe(0);
    const b = g.read(g.scratch, 16);
    expect(b[15]).toBe(0);
    expect(str(b)).toMatch(/^\./);
  });

  it("XENVER_capabilities lists xen-3.0-x86_32p", () => {
    expect(g.hc(HC, 3, g.scratch)).toBe(0);
    expect(str(g.read(g.scratch, 1024))).toContain("xen-3.0-x86_32p");
  });

  it("XENVER_platform_parameters reports virt_start 0xF5800000", () => {
    expect(g.hc(HC, 5, g.scratch)).toBe(0);
    expect(g.u32(g.scratch)).toBe(0xf5800000);
  });

  it("XENVER_get_features gives submap 0 and refuses other indexes", () => {
    g.putU32(g.scratch, 0);
    expect(g.hc(HC, 6, g.scratch)).toBe(0);
    const sub = g.u32(g.scratch + 4);
    expect(sub & (1 << 5)).not.toBe(0); // mmu_pt_update_preserve_ad
    expect(sub & (1 << 0)).toBe(0);     // no writable_page_tables for PV
    g.putU32(g.scratch, 1);
    expect(g.hc(HC, 6, g.scratch)).toBe(EINVAL);
  });

  it("XENVER_pagesize needs a NULL argument", () => {
    expect(g.hc(HC, 7, 0)).toBe(4096);
    expect(g.hc(HC, 7, g.scratch)).toBe(EINVAL);
  });

  it("XENVER_compile_info, changeset, commandline and guest_handle fill their buffers", () => {
    for (const cmd of [2, 4, 8, 9]) expect(g.hc(HC, cmd, g.scratch)).toBe(0);
  });

  it("XENVER_build_id has no build id to give", () => {
    expect(g.hc(HC, 10, 0)).toBe(ENODATA);
    g.putU32(g.scratch, 0);
    expect(g.hc(HC, 10, g.scratch)).toBe(EINVAL);
  });

  it("XENVER_extraversion2 returns the length, or needs a big enough buffer", () => {
    const len = g.hc(HC, 11, 0);
    expect(len).toBeGreaterThan(0);
    g.putU32(g.scratch, 1);
    expect(g.hc(HC, 11, g.scratch)).toBe(-105); // ENOBUFS
    g.putU32(g.scratch, 64);
    expect(g.hc(HC, 11, g.scratch)).toBe(len);
  });

  it("an unknown command gives -ENOSYS", () => {
    expect(g.hc(HC, 99, 0)).toBe(ENOSYS);
    expect(g.hc(HC, 0xffffffff, 0)).toBe(ENOSYS);
  });

  it("output buffers that are unmapped, NULL, read-only or in the hypervisor hole give -EFAULT", () => {
    expect(g.hc(HC, 1, 0x1000)).toBe(EFAULT);
    expect(g.hc(HC, 1, 0)).toBe(EFAULT);
    expect(g.hc(HC, 3, 0xf5800000)).toBe(EFAULT);
    // A buffer that starts mapped but runs into the hole.
    expect(g.hc(HC, 1, 0xf57ffff8)).toBe(EFAULT);
    // Page-table pages are mapped read-only.
    expect(g.hc(HC, 1, g.built.layout.virtBase + g.built.layout.ptPfn * 4096)).toBe(EFAULT);
    expect(g.hc(HC, 6, 0x2000)).toBe(EFAULT);
  });
});
