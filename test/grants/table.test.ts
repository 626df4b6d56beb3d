// The grant-table operations on the table itself: setup_table, query_size,
// set_version, get_version, get_status_frames, swap_grant_ref, dump_table,
// cache_flush, and the entries the domain builder reserves.

import { describe, expect, it } from "vitest";
import { grantPair, GTF, GNTST, OP, E, DOMID_SELF } from "./grant-env.js";

const u8 = (words: number[]) => new Uint8Array(Uint32Array.from(words.map((w) => w >>> 0)).buffer);

describe("grant table setup", () => {
  it("the table's frames, like shared_info, keep a writable type: they can never become page tables", async () => {
    const { a } = await grantPair();
    const core = a.g.core;
    for (const f of [core.grantFrame(1, 0), core.sharedInfoMfn(1)]) {
      expect(core.frameInfo(f).typeInfo >>> 29).toBe(7); // PGT_writable_page
      const pin = new Uint8Array(12);
      new DataView(pin.buffer).setUint32(4, f, true); // MMUEXT_PIN_L1_TABLE
      a.g.write(a.g.scratch + 0x800, pin);
      expect(a.g.hc(26, a.g.scratch + 0x800, 1, 0, DOMID_SELF)).toBe(E.EINVAL);
    }
    expect(core.mmCheck()).toBeUndefined();
  });

  it("the builder grants the console and xenstore pages to domain 0 in entries 0 and 1", async () => {
    const { a } = await grantPair();
    expect(a.entry(0)).toEqual({ flags: GTF.permit_access, domid: 0, frame: a.g.built.consoleMfn });
    expect(a.entry(1)).toEqual({ flags: GTF.permit_access, domid: 0, frame: a.g.built.storeMfn });
  });

  it("setup_table returns the table's frames, growing it up to its maximum", async () => {
    const { a } = await grantPair();
    const list = a.g.scratch + 0x800;
    const r = a.op(OP.setup_table, u8([DOMID_SELF, 4, 0x5555, list]), 1);
    expect(r.rc).toBe(0);
    expect(r.out.getInt16(8, true)).toBe(GNTST.okay);
    const frames = [0, 1, 2, 3].map((i) => a.g.u32(list + 4 * i));
    expect(frames[0]).toBe(a.g.core.grantFrame(1, 0));
    expect(new Set(frames).size).toBe(4);
    for (const f of frames) expect(a.g.core.frameInfo(f).owner).toBe(1);
    expect(a.g.core.grantTableInfo(1).frames).toBe(4);
    // Entries in the new frames can be granted and mapped at once.
    const t3 = a.g.core.mapForeign(1, frames[3], true);
    new DataView(t3.buffer, t3.byteOffset, 4096).setUint32(7 * 8, (2 << 16) | GTF.permit_access, true);
    new DataView(t3.buffer, t3.byteOffset, 4096).setUint32(7 * 8 + 4, a.spare(0), true);
    expect(a.g.core.grantActive(1, 3 * 512 + 7).pin).toBe(0);
    expect(a.map([{ flags: 1, ref: 3 * 512 + 7, dom: 1 }]).res[0].status).toBe(GNTST.general_error); // granted to d2, not d1
    const big = a.op(OP.setup_table, u8([DOMID_SELF, 65, 0x5555, list]), 1);
    expect(big.out.getInt16(8, true)).toBe(GNTST.general_error);
  });

  it("setup_table: count must be 1 (-EINVAL); an unaddressable frame list is -EFAULT; another domain needs privilege", async () => {
    const { a } = await grantPair();
    const list = a.g.scratch + 0x800;
    expect(a.op(OP.setup_table, u8([DOMID_SELF, 1, 0, list]), 2).rc).toBe(E.EINVAL);
    expect(a.op(OP.setup_table, u8([DOMID_SELF, 2, 0, 0xf57ffffc]), 1).rc).toBe(E.EFAULT);
    expect(a.op(OP.setup_table, u8([2, 1, 0, list]), 1).out.getInt16(8, true)).toBe(GNTST.permission_denied);
    expect(a.op(OP.setup_table, u8([99, 1, 0, list]), 1).out.getInt16(8, true)).toBe(GNTST.bad_domain);
  });

  it("query_size reports the current and maximum number of frames", async () => {
    const { a } = await grantPair();
    const r = a.op(OP.query_size, u8([DOMID_SELF, 0, 0, 0x5555]), 1);
    expect(r.rc).toBe(0);
    expect([r.out.getUint32(4, true), r.out.getUint32(8, true), r.out.getInt16(12, true)]).toEqual([1, 64, GNTST.okay]);
    a.g.core.setGrantLimits(1, 8, 16);
    expect(a.op(OP.query_size, u8([1, 0, 0, 0]), 1).out.getUint32(8, true)).toBe(8);
    expect(a.op(OP.query_size, u8([2, 0, 0, 0]), 1).out.getInt16(12, true)).toBe(GNTST.permission_denied);
    expect(a.op(OP.query_size, u8([1, 0, 0, 0]), 0).rc).toBe(E.EINVAL);
  });

  it("set_version: 1 is the version; 2 is -ENOSYS as on a Xen without v2; others -EINVAL; the version is written back", async () => {
    const { a } = await grantPair();
    const v = (n: number) => { const r = a.op(OP.set_version, u8([n]), 1); return [r.rc, r.out.getUint32(0, true)]; };
    expect(v(1)).toEqual([0, 1]);
    expect(v(2)).toEqual([E.ENOSYS, 1]);
    expect(v(0)).toEqual([E.EINVAL, 1]);
    expect(v(3)).toEqual([E.EINVAL, 1]);
  });

  it("get_version names the domain's version; an unknown domain is -ESRCH, another one -EPERM", async () => {
    const { a } = await grantPair();
    const g = (dom: number) => { const r = a.op(OP.get_version, u8([dom, 0x5555]), 1); return [r.rc, r.out.getUint32(4, true)]; };
    expect(g(DOMID_SELF)).toEqual([0, 1]);
    expect(g(99)[0]).toBe(E.ESRCH);
    expect(g(2)[0]).toBe(E.EPERM);
  });

  it("get_status_frames: version 1 has none to give", async () => {
    const { a } = await grantPair();
    const list = a.g.scratch + 0x800;
    const st = (nr: number, dom = DOMID_SELF) => a.op(OP.get_status_frames, u8([nr, dom, list]), 1).out.getInt16(6, true);
    expect(st(0)).toBe(GNTST.okay);
    expect(st(1)).toBe(GNTST.general_error);
    expect(st(0, 2 | (0 << 16))).toBe(GNTST.permission_denied);
  });

  it("swap_grant_ref exchanges two unused entries; a pinned one is GNTST_eagain; out of range GNTST_bad_gntref", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    a.grant(9, 2, a.spare(1), GTF.permit_access | GTF.readonly);
    expect(a.op(OP.swap_grant_ref, u8([8, 9, 0x5555]), 1).out.getInt16(8, true)).toBe(GNTST.okay);
    expect(a.entry(8)).toEqual({ flags: GTF.permit_access | GTF.readonly, domid: 2, frame: a.spare(1) });
    expect(a.entry(9).frame).toBe(a.spare(0));
    const m = b.map([{ hostAddr: b.slot(0), flags: 2, ref: 9, dom: 1 }]).res[0];
    expect(m.status).toBe(0);
    expect(a.op(OP.swap_grant_ref, u8([8, 9, 0]), 1).out.getInt16(8, true)).toBe(GNTST.eagain);
    expect(a.op(OP.swap_grant_ref, u8([8, 512, 0]), 1).out.getInt16(8, true)).toBe(GNTST.bad_gntref);
    expect(a.op(OP.swap_grant_ref, u8([9, 9, 0]), 1).out.getInt16(8, true)).toBe(GNTST.okay);
  });

  it("dump_table writes the entries in use to the hypervisor log", async () => {
    const { a, b } = await grantPair();
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    b.map([{ hostAddr: b.slot(0), flags: 2, ref: 8, dom: 1 }]);
    a.g.core.drainConsole();
    const r = a.op(OP.dump_table, new Uint8Array([0xf0, 0x7f, 0x55, 0x55]), 1);
    expect(r.out.getInt16(2, true)).toBe(GNTST.okay);
    const log = a.g.core.drainConsole();
    expect(log.every((x) => x.domid === 0x7ff2)).toBe(true);
    const text = log.map((x) => x.text).join("");
    expect(text).toMatch(/^\(XEN\) grant table of d1: 1 frame\(s\), 3 entries in use\n/);
    expect(text).toContain(`[0008] flags 0019 domid 2 frame ${a.spare(0).toString(16).padStart(8, "0")} pin 00000001 mapped by d2`);
    expect(a.op(OP.dump_table, new Uint8Array([2, 0, 0, 0]), 1).out.getInt16(2, true)).toBe(GNTST.permission_denied);
  });

  it("cache_flush: cleaning an own or granted frame is a no-op success; invalidating alone is -EOPNOTSUPP on x86", async () => {
    const { a, b } = await grantPair();
    const f = b.spare(0);
    const flush = (d: typeof a, maddr: bigint, op: number, offset = 0, length = 64) => {
      const s = new Uint8Array(16);
      const dv = new DataView(s.buffer);
      dv.setBigUint64(0, maddr, true); dv.setUint16(8, offset, true); dv.setUint16(10, length, true); dv.setUint32(12, op, true);
      return d.op(OP.cache_flush, s, 1).rc;
    };
    expect(flush(b, BigInt(f) << 12n, 1)).toBe(0);
    expect(flush(b, BigInt(f) << 12n, 2)).toBe(E.EOPNOTSUPP);
    expect(flush(b, BigInt(f) << 12n, 1, 4000, 200)).toBe(E.EINVAL);
    expect(flush(b, BigInt(f) << 12n, 4)).toBe(E.EINVAL);
    expect(flush(b, BigInt(f) << 12n, 0)).toBe(0);
    // Another domain's frame: only while granted to us and pinned by our mapping.
    expect(flush(b, BigInt(a.spare(0)) << 12n, 1)).toBe(E.EINVAL);
    a.grant(8, 2, a.spare(0), GTF.permit_access);
    b.map([{ hostAddr: b.slot(0), flags: 2, ref: 8, dom: 1 }]);
    expect(flush(b, BigInt(a.spare(0)) << 12n, 3)).toBe(0);
    expect(flush(b, 0n, 1)).toBe(E.EPERM); // a frame of Xen's
  });
});
