// Fixtures for the grant-table tests: two built guests (domids 1 and 2) that issue
// grant_table_op as guests, write their own grant entries, and look at their page
// tables; the MMU invariant checker (grant references included) runs after every call.

import { expect } from "vitest";
import { buildDomain } from "../../src/builder/build.js";
import { vaOf } from "../../src/builder/layout.js";
import { makeGuest, guestImage, type TestGuest } from "../helpers/guest.js";

export const HC_GNTTAB = 20, HC_XEN_VERSION = 17, HC_CONSOLE_IO = 18, HC_MEMORY_OP = 12, HC_MMUEXT = 26, HC_MMU_UPDATE = 1;
export const OP = {
  map: 0, unmap: 1, setup_table: 2, dump_table: 3, transfer: 4, copy: 5, query_size: 6, unmap_and_replace: 7,
  set_version: 8, get_status_frames: 9, get_version: 10, swap_grant_ref: 11, cache_flush: 12,
};
export const GTF = { permit_access: 1, accept_transfer: 2, readonly: 4, reading: 8, writing: 16, transfer_committed: 4, transfer_completed: 8 };
export const GNTMAP = { device_map: 1, host_map: 2, readonly: 4, application_map: 8, contains_pte: 16 };
export const GNTST = {
  okay: 0, general_error: -1, bad_domain: -2, bad_gntref: -3, bad_handle: -4, bad_virt_addr: -5, bad_dev_addr: -6,
  no_device_space: -7, permission_denied: -8, bad_page: -9, bad_copy_arg: -10, address_too_big: -11, eagain: -12, no_space: -13,
};
export const E = { EPERM: -1, ESRCH: -3, EFAULT: -14, EBUSY: -16, EINVAL: -22, ENOSYS: -38, EOPNOTSUPP: -95 };
export const DOMID_SELF = 0x7ff0;
export const PIN = { hstw: 1, hstr: 1 << 8, devw: 1 << 16, devr: 1 << 24 };

export interface MapResult { status: number; handle: number; devBusAddr: bigint }

export interface GDom {
  domid: number;
  g: TestGuest;
  /** MFN of the k-th frame of the domain that no bootstrap page table maps. */
  spare(k: number): number;
  /** A mapped VA (in the bootstrap tables' spare area) to put a grant mapping at. */
  slot(k: number): number;
  /** Writes grant entry `ref` as a guest does: domid and frame first, flags last. */
  grant(ref: number, grantee: number, frame: number, flags: number): void;
  entry(ref: number): { flags: number; domid: number; frame: number };
  setFlags(ref: number, flags: number): void;
  /** grant_table_op(cmd, structs at the scratch page, count); the MMU check runs after it. */
  op(cmd: number, structs: Uint8Array, count: number): { rc: number; out: DataView };
  map(ops: { hostAddr?: bigint | number; flags: number; ref: number; dom: number }[]): { rc: number; res: MapResult[] };
  unmap(ops: { hostAddr?: bigint | number; devBusAddr?: bigint | number; handle: number }[], replace?: boolean): { rc: number; status: number[] };
  copy(ops: CopyOp[]): { rc: number; status: number[] };
  /** The L1 entry mapping `va` in the bootstrap tables. */
  pte(va: number): bigint;
  /** Machine address of that L1 entry. */
  pteAddr(va: number): bigint;
  /** Bytes at `va` as the guest sees them (read by console_io, which prints printable text). */
  readVa(va: number, n: number): string;
  /** Has the hypervisor write at `va` (xen_version extraversion): 0 or -EFAULT. */
  writeVa(va: number): number;
  count(mfn: number): number;
  typeCount(mfn: number): number;
}

export interface CopySide { ref?: number; gmfn?: number; domid: number; offset: number }
export interface CopyOp { source: CopySide; dest: CopySide; len: number; flags?: number }

function wrap(g: TestGuest, domid: number): GDom {
  const core = g.core;
  const l = g.built.layout;
  const firstUnmapped = Math.ceil((l.virtPgtabEnd - l.virtBase) / 4096);
  const req = g.scratch;
  const hc = (nr: number, ...a: number[]) => core.hypercall(domid, 0, nr, ...a);
  const table = () => {
    const t = core.mapForeign(domid, core.grantFrame(domid, 0), true);
    return new DataView(t.buffer, t.byteOffset, 4096);
  };
  const checked = (rc: number) => {
    expect(core.mmCheck(), `MMU invariants after grant_table_op in d${domid}`).toBeUndefined();
    return rc;
  };
  const l1Of = (va: number) => g.built.p2m[l.ptPfn + 1 + l.l2Slots.length + (Math.floor(va / 2 ** 21) - l.l1FirstRegion)];
  const d: GDom = {
    domid, g,
    spare(k) {
      if (firstUnmapped + k >= l.nrPages) throw new Error("no spare frame left");
      return g.built.p2m[firstUnmapped + k];
    },
    slot: (k) => vaOf(l, l.bootStackPfn + 16 + k),
    grant(ref, grantee, frame, flags) {
      const t = table();
      t.setUint16(ref * 8 + 2, grantee, true);
      t.setUint32(ref * 8 + 4, frame, true);
      t.setUint16(ref * 8, flags, true);
    },
    entry(ref) {
      const t = table();
      return { flags: t.getUint16(ref * 8, true), domid: t.getUint16(ref * 8 + 2, true), frame: t.getUint32(ref * 8 + 4, true) };
    },
    setFlags(ref, flags) { table().setUint16(ref * 8, flags, true); },
    op(cmd, structs, count) {
      g.write(req, structs);
      const rc = checked(hc(HC_GNTTAB, cmd, req, count));
      const b = g.read(req, Math.max(structs.length, 4));
      return { rc, out: new DataView(b.buffer, b.byteOffset, b.length) };
    },
    map(ops) {
      const b = new Uint8Array(ops.length * 32);
      const dv = new DataView(b.buffer);
      ops.forEach((o, i) => {
        dv.setBigUint64(i * 32, BigInt(o.hostAddr ?? 0), true);
        dv.setUint32(i * 32 + 8, o.flags, true);
        dv.setUint32(i * 32 + 12, o.ref, true);
        dv.setUint16(i * 32 + 16, o.dom, true);
        dv.setInt16(i * 32 + 18, 0x5555, true);
      });
      const { rc, out } = d.op(OP.map, b, ops.length);
      return {
        rc,
        res: ops.map((_, i) => ({ status: out.getInt16(i * 32 + 18, true), handle: out.getUint32(i * 32 + 20, true), devBusAddr: out.getBigUint64(i * 32 + 24, true) })),
      };
    },
    unmap(ops, replace = false) {
      const b = new Uint8Array(ops.length * 24);
      const dv = new DataView(b.buffer);
      ops.forEach((o, i) => {
        dv.setBigUint64(i * 24, BigInt(o.hostAddr ?? 0), true);
        dv.setBigUint64(i * 24 + 8, BigInt(o.devBusAddr ?? 0), true);
        dv.setUint32(i * 24 + 16, o.handle, true);
        dv.setInt16(i * 24 + 20, 0x5555, true);
      });
      const { rc, out } = d.op(replace ? OP.unmap_and_replace : OP.unmap, b, ops.length);
      return { rc, status: ops.map((_, i) => out.getInt16(i * 24 + 20, true)) };
    },
    copy(ops) {
      const b = new Uint8Array(ops.length * 24);
      const dv = new DataView(b.buffer);
      ops.forEach((o, i) => {
        let flags = o.flags ?? 0;
        const side = (off: number, s: CopySide, bit: number) => {
          if (s.ref !== undefined) { dv.setUint32(off, s.ref, true); if (o.flags === undefined) flags |= bit; } else dv.setUint32(off, s.gmfn ?? 0, true);
          dv.setUint16(off + 4, s.domid, true);
          dv.setUint16(off + 6, s.offset, true);
        };
        side(i * 24, o.source, 1);
        side(i * 24 + 8, o.dest, 2);
        dv.setUint16(i * 24 + 16, o.len, true);
        dv.setUint16(i * 24 + 18, flags, true);
        dv.setInt16(i * 24 + 20, 0x5555, true);
      });
      const { rc, out } = d.op(OP.copy, b, ops.length);
      return { rc, status: ops.map((_, i) => out.getInt16(i * 24 + 20, true)) };
    },
    pte(va) {
      const t = core.mapForeign(domid, l1Of(va), false);
      return new DataView(t.buffer, t.byteOffset, 4096).getBigUint64(((va >>> 12) & 511) * 8, true);
    },
    pteAddr: (va) => BigInt(l1Of(va)) * 4096n + BigInt(((va >>> 12) & 511) * 8),
    readVa(va, n) {
      core.drainConsole();
      const rc = hc(HC_CONSOLE_IO, 0, n, va);
      if (rc !== 0) return `<console_io ${rc}>`;
      return core.drainConsole().map((r) => r.text).join("");
    },
    writeVa: (va) => hc(HC_XEN_VERSION, 1, va),
    count: (mfn) => core.frameInfo(mfn).countInfo & 0x3ffffff,
    typeCount: (mfn) => core.frameInfo(mfn).typeInfo & 0x1ffffff,
  };
  return d;
}

/** Two guests on one machine (domids 1 and 2, 8 MiB each), built, not running. */
export async function grantPair(): Promise<{ a: GDom; b: GDom }> {
  const g = await makeGuest({ memoryMiB: 8, machineMiB: 48 });
  const core = g.core;
  const built2 = buildDomain(core, guestImage("hello"), { domid: 2, memoryBytes: 8 << 20 });
  const l2 = built2.layout;
  const pfn2 = (va: number) => Math.floor((va - l2.virtBase) / 4096);
  const page2 = (va: number) => core.mapForeign(2, built2.p2m[pfn2(va)], true);
  const g2: TestGuest = {
    ...g, domid: 2, built: built2, scratch: vaOf(l2, l2.bootStackPfn + 2),
    hc: (nr, ...args) => core.hypercall(2, 0, nr, ...args),
    write(va, bytes) { const b = Uint8Array.from(bytes); for (let i = 0; i < b.length; i++) page2(va + i)[(va + i) % 4096] = b[i]; },
    read(va, n) { const out = new Uint8Array(n); for (let i = 0; i < n; i++) out[i] = page2(va + i)[(va + i) % 4096]; return out; },
    u32(va) { const b = g2.read(va, 4); return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0; },
    putU32(va, v) { g2.write(va, [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]); },
    mfnOfVa: (va) => built2.p2m[pfn2(va)],
  };
  return { a: wrap(g, 1), b: wrap(g2, 2) };
}

/** Fills frame `mfn` of `domid` with `text` at offset 0 (through the toolstack's mapping). */
export function fillFrame(a: GDom, mfn: number, text: string, offset = 0): void {
  const p = a.g.core.mapForeign(a.domid, mfn, true);
  for (let i = 0; i < text.length; i++) p[offset + i] = text.charCodeAt(i);
}

export function frameText(a: GDom, mfn: number, offset: number, n: number): string {
  const p = a.g.core.mapForeign(a.domid, mfn, false);
  return String.fromCharCode(...p.subarray(offset, offset + n));
}
