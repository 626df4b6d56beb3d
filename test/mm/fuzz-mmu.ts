// The MMU fuzzer: two hostile domains issue random mmu_update, mmuext_op,
// update_va_mapping, memory_op and grant_table_op calls and scribble over their
// grant entries, and the host maps, unmaps and copies their grants as domain 0 —
// aimed at their own and each other's frames, Xen's frames, free and nonexistent
// ones, page-table slots of every kind and Xen's reserved slots — and the invariant
// checker (assembly/mm/mm-check.ts) audits the whole machine after every call. A core trap or a violation stops the
// run and is reported with the seed and operation that caused it.
//
// A round builds a fresh machine and ends by destroying both domains, which must
// return every frame to the free pool; rounds end after a fixed number of operations
// (a hostile guest soon unmaps its own argument page, after which every call is an
// early -EFAULT and teaches nothing).

import { loadCore } from "../../src/core/node.js";
import type { Core } from "../../src/core/core.js";
import { buildDomain, type BuiltDomain } from "../../src/builder/build.js";
import { vaOf } from "../../src/builder/layout.js";
import { guestImage } from "../helpers/guest.js";
import { scribbleGrant, grantOpArgs, noteHandles, hostGrantOp, type GrantFuzzCtx } from "./fuzz-grant-ops.js";

export interface FuzzResult {
  ops: number;
  rounds: number;
  /** Non-zero results per hypercall (a sanity signal that the fuzzer reaches the checks). */
  errors: number;
  successes: number;
  /** Grant mappings made by the domains and the host (that grants reach past the checks). */
  grantMaps: number;
  failure?: string;
}

/** mulberry32: small, fast, reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMID_SELF = 0x7ff0, DOMID_IO = 0x7ff1;

interface Dom { built: BuiltDomain; scratch: number; scratchMfn: number; frames: number[] }

export async function fuzzMmu(opts: { seed: number; ops: number; opsPerRound?: number; debug?: boolean; log?: (s: string) => void }): Promise<FuzzResult> {
  const r = rng(opts.seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const res: FuzzResult = { ops: 0, rounds: 0, errors: 0, successes: 0, grantMaps: 0 };
  const perRound = opts.opsPerRound ?? 2000;
  const image = guestImage("hello");

  while (res.ops < opts.ops && !res.failure) {
    res.rounds++;
    const core: Core = await loadCore({ frames: (24 << 20) / 4096, debug: opts.debug ?? false });
    const free0 = core.freeFrames;
    const doms: Dom[] = [1, 2].map((domid) => {
      const built = buildDomain(core, image, { domid, memoryBytes: 8 << 20 });
      const scratch = vaOf(built.layout, built.layout.bootStackPfn + 2);
      return { built, scratch, scratchMfn: built.p2m[built.layout.bootStackPfn + 2], frames: Array.from(built.p2m) };
    });
    const special = [0, 1, core.frames - 1, core.frames + 3, 0xfffff, core.sharedInfoMfn(1), core.sharedInfoMfn(2)];

    const frameFor = (me: Dom, other: Dom): number => {
      const x = r();
      const l = me.built.layout;
      if (x < 0.45) return me.frames[l.ptPfn + Math.floor(r() * (l.nrPtFrames + 2))] ?? pick(me.frames);
      if (x < 0.8) return me.frames[me.frames.length - 1 - Math.floor(r() * 24)];
      if (x < 0.9) return pick(me.frames);
      if (x < 0.95) return pick(other.frames);
      return pick(special);
    };
    const flags = (): number => {
      let f = 0x1 | (chance(0.6) ? 0x2 : 0) | (chance(0.5) ? 0x4 : 0) | (chance(0.5) ? 0x60 : 0);
      if (chance(0.1)) f ^= 0x1;
      if (chance(0.05)) f |= pick([0x8, 0x10, 0x80, 0x100, 0xe00]);
      return f;
    };
    const pte = (me: Dom, other: Dom): bigint => {
      let v = (BigInt(frameFor(me, other)) << 12n) | BigInt(flags());
      if (chance(0.03)) v |= pick([1n << 63n, 1n << 52n, 1n << 40n]);
      return v;
    };
    const slot = (): number => (chance(0.3) ? Math.floor(r() * 4) : chance(0.3) ? 420 + Math.floor(r() * 92) : Math.floor(r() * 512));
    const va = (me: Dom): number => (chance(0.8) ? me.scratch + 4096 * (1 + Math.floor(r() * 100)) : pick([0x1000, 0xc0000000, 0xf5800000, 0xffffe000, me.scratch]));
    const foreign = (): number => (chance(0.9) ? DOMID_SELF : pick([1, 2, 3, DOMID_IO, 0x7ff2]));
    const gctx: GrantFuzzCtx = { core, r, pick, chance, frame: () => 0, va: () => 0, handles: new Map() };
    const mtFrames = () => { const m = core.grantTableInfo(0).maptrackLimit; return m > 0 ? m / 256 + 1 : 0; };
    const mt0 = mtFrames();

    for (let k = 0; k < perRound && res.ops < opts.ops; k++, res.ops++) {
      const di = chance(0.5) ? 0 : 1;
      const me = doms[di], other = doms[1 - di];
      const domid = di + 1;
      let buf: Uint8Array;
      try {
        buf = core.mapForeign(domid, me.scratchMfn, true);
      } catch {
        break; // the guest made its own argument page unwritable: next round
      }
      const dv = new DataView(buf.buffer, buf.byteOffset, 4096);
      const kind = r();
      let nr: number, args: number[], what: string;
      let grantBatch: { cmd: number; n: number } | undefined;
      if (kind < 0.4) {
        const n = 1 + Math.floor(r() * 4);
        for (let i = 0; i < n; i++) {
          const cmd = chance(0.85) ? 0 : pick([1, 2, 3, 5]);
          dv.setBigUint64(i * 16, BigInt(frameFor(me, other)) * 4096n + BigInt(slot() * 8 + cmd), true);
          dv.setBigUint64(i * 16 + 8, cmd === 1 ? BigInt(Math.floor(r() * 4096)) : pte(me, other), true);
        }
        nr = 1; args = [me.scratch, n, me.scratch + 0xffc, foreign()]; what = "mmu_update";
      } else if (kind < 0.65) {
        const n = 1 + Math.floor(r() * 3);
        for (let i = 0; i < n; i++) {
          const cmd = chance(0.7) ? pick([0, 1, 2, 4, 5, 4, 0, 1]) : Math.floor(r() * 22);
          dv.setUint32(i * 12, cmd, true);
          dv.setUint32(i * 12 + 4, cmd === 7 || cmd === 9 || cmd === 11 || cmd === 13 ? va(me) : frameFor(me, other), true);
          dv.setUint32(i * 12 + 8, cmd === 17 ? frameFor(me, other) : cmd === 13 ? Math.floor(r() * 9000) : me.scratch + 2048, true);
        }
        dv.setUint32(2048, 1, true);
        nr = 26; args = [me.scratch, n, me.scratch + 0xffc, foreign()]; what = "mmuext_op";
      } else if (kind >= 0.88) {
        gctx.frame = () => frameFor(me, other);
        gctx.va = () => va(me);
        const g = r();
        if (g < 0.2) {
          try { scribbleGrant(gctx, domid, 3 - domid); } catch { /* the guest made its grant frame a page table */ }
          nr = -1; args = []; what = "grant entry write";
        } else if (g < 0.35) {
          nr = -1; args = []; what = hostGrantOp(gctx);
          if (what === "host map+") { res.grantMaps++; what = "host map"; }
        } else {
          const op = grantOpArgs(gctx, domid, dv, me.scratch);
          nr = 20; args = op.args; what = `grant_table_op ${op.cmd}`;
          grantBatch = op;
        }
      } else if (kind < 0.8) {
        const v = pte(me, other);
        const fl = pick([0, 1, 2, 4 | 1, 4 | 2, (me.scratch + 2048) | 2, 0x1000 | 1]);
        if (chance(0.1)) { nr = 22; args = [va(me), Number(v & 0xffffffffn), Number(v >> 32n), fl, foreign()]; }
        else { nr = 14; args = [va(me), Number(v & 0xffffffffn), Number(v >> 32n), fl]; }
        what = "update_va_mapping";
      } else {
        // kind in [0.8, 0.88): memory_op
        const op = pick([0, 1, 1, 6, 3, 4, 2, 5, 12, 9]);
        const n = 1 + Math.floor(r() * 3);
        dv.setUint32(0, me.scratch + 64, true);
        dv.setUint32(4, n, true);
        dv.setUint32(8, chance(0.9) ? 0 : Math.floor(r() * 11), true);
        dv.setUint32(12, chance(0.9) ? 0 : Math.floor(r() * 40), true);
        dv.setUint16(16, chance(0.9) ? DOMID_SELF : pick([1, 2, 3]), true);
        for (let i = 0; i < n; i++) dv.setUint32(64 + i * 4, op === 6 ? Math.floor(r() * 4096) : frameFor(me, other), true);
        nr = 12; args = [op, me.scratch]; what = "memory_op";
      }
      let rc: number;
      try {
        rc = nr < 0 ? 0 : core.hypercall(domid, 0, nr, ...args);
        if (grantBatch && rc === 0) {
          let back: Uint8Array | undefined;
          try { back = core.mapForeign(domid, me.scratchMfn, false); } catch { /* the guest gave the page away */ }
          if (back) res.grantMaps += noteHandles(gctx, domid, grantBatch.cmd, grantBatch.n, new DataView(back.buffer, back.byteOffset, 4096));
        }
        if (res.ops % 256 === 0) core.drainConsole();
      } catch (err) {
        res.failure = `core trapped on ${what} (seed ${opts.seed}, op ${res.ops}): ${(err as Error).message}`;
        break;
      }
      if (rc === 0) res.successes++; else res.errors++;
      const v = core.mmCheck();
      if (v) {
        res.failure = `invariant violation after ${what} (seed ${opts.seed}, op ${res.ops}, rc ${rc}): code ${v.code} mfn ${v.mfn} detail ${v.detail} (${v.count} in all)`;
        break;
      }
    }
    if (!res.failure) {
      // Destroying both domains must give every frame back, whatever tables,
      // pins and linear loops they built.
      try {
        core.destroyDomain(1);
        core.destroyDomain(2);
        // The host's mappings of their grants outlived them; unmapping frees the frames.
        for (const h of gctx.handles.get(0) ?? []) { try { core.unmapGrant(h); } catch { /* already gone */ } }
      } catch (err) {
        res.failure = `destroying the domains failed (seed ${opts.seed}, round ${res.rounds}): ${(err as Error).message}`;
      }
      // Domain 0's maptrack frames stay with it (it is never destroyed).
      if (!res.failure && core.freeFrames + (mtFrames() - mt0) !== free0) {
        res.failure = `frames leaked after destroying both domains (seed ${opts.seed}, round ${res.rounds}): ${free0 - core.freeFrames - (mtFrames() - mt0)}`;
      }
      const v = core.mmCheck();
      if (!res.failure && v) res.failure = `invariant violation after destroying the domains (seed ${opts.seed}): code ${v.code} mfn ${v.mfn}`;
    }
    opts.log?.(`round ${res.rounds}: ${res.ops} ops, ${res.successes} succeeded`);
  }
  return res;
}
