// Grant operations for the MMU fuzzer (fuzz-mmu.ts): hostile grant entries, random
// grant_table_op batches aimed at both domains' tables, their page tables and frames,
// and the host's own map, unmap and copy as domain 0. The invariant checker counts
// every reference a grant mapping holds, so these run under the same audit.

import type { Core } from "../../src/core/core.js";

const DOMID_SELF = 0x7ff0;

export interface GrantFuzzCtx {
  core: Core;
  r: () => number;
  pick: <T>(xs: T[]) => T;
  chance: (p: number) => boolean;
  /** A frame to aim at (own tables, own RAM, the other domain's, Xen's, free). */
  frame: () => number;
  /** A virtual address of the calling domain to aim at. */
  va: () => number;
  /** Handles the domains' and the host's maps returned (for unmaps that find something). */
  handles: Map<number, number[]>;
}

/** Writes a hostile entry into `domid`'s grant table, as the guest may at any time. */
export function scribbleGrant(c: GrantFuzzCtx, domid: number, peer: number): void {
  const t = c.core.mapForeign(domid, c.core.grantFrame(domid, 0), true);
  const dv = new DataView(t.buffer, t.byteOffset, 4096);
  const ref = c.chance(0.8) ? 8 + Math.floor(c.r() * 4) : Math.floor(c.r() * 16);
  const flags = c.pick([1, 1, 1, 1 | 4, 2, 0, 1 | 8 | 16, 0xffff, 1 | 0x100]);
  dv.setUint16(ref * 8 + 2, c.pick([peer, peer, peer, peer, domid, 0, 3]), true);
  dv.setUint32(ref * 8 + 4, c.frame(), true);
  dv.setUint16(ref * 8, flags, true);
}

/**
 * Fills the argument page (dv, guest address `at`) with a random grant_table_op batch;
 * returns the hypercall arguments.
 */
export function grantOpArgs(c: GrantFuzzCtx, domid: number, dv: DataView, at: number): { args: number[]; cmd: number; n: number } {
  const cmd = c.pick([0, 0, 0, 1, 1, 1, 5, 5, 4, 2, 6, 11, 7, 8, 3, 12, 9, 10, 13]);
  const n = 1 + Math.floor(c.r() * 3);
  const ref = () => (c.chance(0.7) ? 8 + Math.floor(c.r() * 4) : c.chance(0.7) ? Math.floor(c.r() * 16) : c.pick([511, 512, 4096, 0xffffffff]));
  const dom = () => c.pick([1, 2, 1, 2, 3, DOMID_SELF, 0]);
  const handle = () => {
    const hs = c.handles.get(domid) ?? [];
    return hs.length > 0 && c.chance(0.8) ? c.pick(hs) : Math.floor(c.r() * 300);
  };
  const hostAddr = (o: number) => {
    if (c.chance(0.8)) { dv.setUint32(o, c.va(), true); dv.setUint32(o + 4, 0, true); }
    else { const m = BigInt(c.frame()) * 4096n + BigInt(Math.floor(c.r() * 512) * 8 + (c.chance(0.1) ? 4 : 0)); dv.setBigUint64(o, m, true); }
  };
  for (let i = 0; i < n; i++) {
    switch (cmd) {
      case 0: { // map_grant_ref
        const o = i * 32;
        hostAddr(o);
        let f = c.pick([2, 2 | 4, 1, 1 | 4, 3, 2 | 8, 0, 2 | 16, 2 | 4 | 16]);
        if (c.chance(0.05)) f |= 0x70000;
        dv.setUint32(o + 8, f, true);
        dv.setUint32(o + 12, ref(), true);
        dv.setUint16(o + 16, dom(), true);
        break;
      }
      case 1: case 7: { // unmap_grant_ref / unmap_and_replace
        const o = i * 24;
        hostAddr(o);
        if (c.chance(0.3)) dv.setBigUint64(o, 0n, true);
        dv.setBigUint64(o + 8, c.chance(0.5) ? 0n : cmd === 7 ? BigInt(c.va()) : BigInt(c.frame()) << 12n, true);
        dv.setUint32(o + 16, handle(), true);
        break;
      }
      case 5: { // copy
        const o = i * 24;
        const side = (p: number) => {
          dv.setUint32(p, c.chance(0.6) ? ref() : c.frame(), true);
          dv.setUint16(p + 4, c.chance(0.5) ? DOMID_SELF : dom(), true);
          dv.setUint16(p + 6, c.chance(0.8) ? Math.floor(c.r() * 4096) : c.pick([0, 4095, 4096, 0xffff]), true);
        };
        side(o); side(o + 8);
        dv.setUint16(o + 16, c.chance(0.8) ? Math.floor(c.r() * 600) : c.pick([0, 4096, 4097, 0xffff]), true);
        dv.setUint16(o + 18, Math.floor(c.r() * 4), true);
        break;
      }
      case 4: { // transfer
        const o = i * 16;
        dv.setUint32(o, c.frame(), true);
        dv.setUint16(o + 4, dom(), true);
        dv.setUint32(o + 8, ref(), true);
        break;
      }
      case 11: dv.setUint32(i * 12, ref(), true); dv.setUint32(i * 12 + 4, ref(), true); break;
      case 12: { // cache_flush
        dv.setBigUint64(i * 16, BigInt(c.frame()) << 12n, true);
        dv.setUint16(i * 16 + 8, Math.floor(c.r() * 4200), true);
        dv.setUint16(i * 16 + 10, Math.floor(c.r() * 4200), true);
        dv.setUint32(i * 16 + 12, Math.floor(c.r() * 5), true);
        break;
      }
      default: { // setup_table, query_size, set_version, dump_table, get_status_frames, get_version
        dv.setUint16(0, dom(), true);
        dv.setUint32(4, c.chance(0.8) ? Math.floor(c.r() * 6) : c.pick([64, 65, 0xffffffff]), true);
        dv.setUint32(8, at + 2048, true);
        dv.setUint32(12, at + 2048, true);
      }
    }
  }
  return { cmd, n, args: [cmd, at, c.chance(0.95) ? n : c.pick([0, 2, 0x80000000])] };
}

/**
 * Remembers the handles a map batch returned (the structs are back in the argument
 * page); returns how many mappings succeeded.
 */
export function noteHandles(c: GrantFuzzCtx, domid: number, cmd: number, n: number, dv: DataView): number {
  if (cmd !== 0) return 0;
  const hs = c.handles.get(domid) ?? [];
  let made = 0;
  for (let i = 0; i < n; i++) if (dv.getInt16(i * 32 + 18, true) === 0) { hs.push(dv.getUint32(i * 32 + 20, true)); made++; }
  c.handles.set(domid, hs.slice(-32));
  return made;
}

/** A random map, unmap or copy by the host as domain 0; returns what it did. */
export function hostGrantOp(c: GrantFuzzCtx): string {
  const hs = c.handles.get(0) ?? [];
  const x = c.r();
  if (x < 0.4) {
    c.handles.set(0, hs);
    const ref = c.chance(0.5) ? Math.floor(c.r() * 2) : 8 + Math.floor(c.r() * 4);
    try { hs.push(c.core.mapGrant(c.pick([1, 2, 3]), ref, c.chance(0.5)).handle); return "host map+"; } catch { return "host map"; }
  }
  if (x < 0.75 && hs.length > 0) {
    const i = Math.floor(c.r() * hs.length);
    try { c.core.unmapGrant(hs[i]); } catch { /* already gone */ }
    hs.splice(i, 1);
    return "host unmap";
  }
  const side = () => (c.chance(0.5) ? { domid: c.pick([1, 2, 3]), ref: c.chance(0.5) ? Math.floor(c.r() * 2) : 8 + Math.floor(c.r() * 4), offset: Math.floor(c.r() * 4096) } : { hostPage: 1 + Math.floor(c.r() * 15), offset: Math.floor(c.r() * 4096) });
  c.core.copyGrants([{ source: side(), dest: side(), len: Math.floor(c.r() * 300) }]);
  return "host copy";
}
