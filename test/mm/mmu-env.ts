// Fixtures for the MMU tests: a built guest with helpers to issue mmu_update and
// mmuext_op batches from its scratch page, frames that nothing maps yet, and the
// invariant checker run after every hypercall.

import { expect } from "vitest";
import { makeGuest, type TestGuest } from "../helpers/guest.js";

export const EPERM = -1, ESRCH = -3, EFAULT = -14, EBUSY = -16, EINVAL = -22, ENOSYS = -38, EACCES = -13, EOPNOTSUPP = -95;
export const DOMID_SELF = 0x7ff0, DOMID_IO = 0x7ff1, DOMID_XEN = 0x7ff2;
export const HC = { mmu_update: 1, set_gdt: 2, update_descriptor: 10, memory_op: 12, multicall: 13, update_va_mapping: 14, vm_assist: 21, update_va_mapping_otherdomain: 22, mmuext_op: 26 };
export const MMUEXT = {
  PIN_L1: 0, PIN_L2: 1, PIN_L3: 2, PIN_L4: 3, UNPIN: 4, NEW_BASEPTR: 5, TLB_FLUSH_LOCAL: 6, INVLPG_LOCAL: 7,
  TLB_FLUSH_MULTI: 8, INVLPG_MULTI: 9, TLB_FLUSH_ALL: 10, INVLPG_ALL: 11, FLUSH_CACHE: 12, SET_LDT: 13,
  NEW_USER_BASEPTR: 15, CLEAR_PAGE: 16, COPY_PAGE: 17, FLUSH_CACHE_GLOBAL: 18, MARK_SUPER: 19, UNMARK_SUPER: 20,
};
export const P = 0x1, RW = 0x2, US = 0x4, A = 0x20, D = 0x40;
export const PGT = { none: 0, l1: 1, l2: 2, l3: 3, seg_desc: 5, writable: 7 };

export interface MmuEnv extends TestGuest {
  /** Scratch VAs: requests at `req`, *pdone at `pdone`. */
  req: number;
  pdone: number;
  /** MFN of the k-th frame of the domain that no page table maps. */
  spare(k: number): number;
  /** Issues a hypercall and checks the MMU invariants afterwards. */
  call(nr: number, ...args: number[]): number;
  mmuUpdate(reqs: [number | bigint, number | bigint][], foreigndom?: number): number;
  mmuext(ops: [number, number?, number?][], foreigndom?: number): number;
  done(): number;
  count(mfn: number): number;
  typeCount(mfn: number): number;
  type(mfn: number): number;
  pinned(mfn: number): boolean;
  /** Writes 64-bit entries into a frame through the privileged host mapping. */
  fill(mfn: number, entries: [number, number | bigint][]): void;
  pte(mfn: number, flags: number): bigint;
  l1Of(va: number): number;
  l2Of(va: number): number;
  l3: number;
}

export async function mmuEnv(opts: { memoryMiB?: number; machineMiB?: number; domid?: number } = {}): Promise<MmuEnv> {
  const g = await makeGuest({ memoryMiB: opts.memoryMiB ?? 16, machineMiB: opts.machineMiB });
  const l = g.built.layout;
  const firstUnmapped = Math.ceil((l.virtPgtabEnd - l.virtBase) / 4096);
  const e = g as MmuEnv;
  e.req = g.scratch;
  e.pdone = g.scratch + 0xffc;
  e.spare = (k) => {
    if (firstUnmapped + k >= l.nrPages) throw new Error("no spare frame left");
    return g.built.p2m[firstUnmapped + k];
  };
  e.call = (nr, ...args) => {
    const rc = g.core.hypercall(g.domid, 0, nr, ...args);
    const v = g.core.mmCheck();
    expect(v, `MMU invariant violated after hypercall ${nr}`).toBeUndefined();
    return rc;
  };
  e.mmuUpdate = (reqs, fd = DOMID_SELF) => {
    const b = new Uint8Array(reqs.length * 16);
    const dv = new DataView(b.buffer);
    reqs.forEach(([ptr, val], i) => { dv.setBigUint64(i * 16, BigInt(ptr), true); dv.setBigUint64(i * 16 + 8, BigInt(val), true); });
    g.write(e.req, b);
    g.putU32(e.pdone, 0xdeadbeef);
    return e.call(HC.mmu_update, e.req, reqs.length, e.pdone, fd);
  };
  e.mmuext = (ops, fd = DOMID_SELF) => {
    const b = new Uint8Array(ops.length * 12);
    const dv = new DataView(b.buffer);
    ops.forEach(([cmd, a1, a2], i) => { dv.setUint32(i * 12, cmd, true); dv.setUint32(i * 12 + 4, (a1 ?? 0) >>> 0, true); dv.setUint32(i * 12 + 8, (a2 ?? 0) >>> 0, true); });
    g.write(e.req, b);
    g.putU32(e.pdone, 0xdeadbeef);
    return e.call(HC.mmuext_op, e.req, ops.length, e.pdone, fd);
  };
  e.done = () => g.u32(e.pdone);
  e.count = (mfn) => g.core.frameInfo(mfn).countInfo & 0x3ffffff;
  e.typeCount = (mfn) => g.core.frameInfo(mfn).typeInfo & 0x1ffffff;
  e.type = (mfn) => g.core.frameInfo(mfn).typeInfo >>> 29;
  e.pinned = (mfn) => (g.core.frameInfo(mfn).typeInfo & (1 << 28)) !== 0;
  e.fill = (mfn, entries) => {
    const v = g.core.mapForeign(g.domid, mfn, true);
    const dv = new DataView(v.buffer, v.byteOffset, 4096);
    for (const [i, x] of entries) dv.setBigUint64(i * 8, BigInt(x), true);
  };
  e.pte = (mfn, flags) => (BigInt(mfn) << 12n) | BigInt(flags);
  e.l3 = g.built.p2m[l.ptPfn];
  e.l2Of = (va) => g.built.p2m[l.ptPfn + 1 + l.l2Slots.indexOf(Math.floor(va / 2 ** 30))];
  e.l1Of = (va) => g.built.p2m[l.ptPfn + 1 + l.l2Slots.length + (Math.floor(va / 2 ** 21) - l.l1FirstRegion)];
  return e;
}
