// The decoded-instruction cache: blocks of decoded records, keyed by the physical
// address of their first byte.
//
// A block is straight-line code inside one page: it ends after an instruction that
// changes EIP or the CPU mode (REC_ENDS_BLOCK), before an instruction that crosses
// the page end (those are decoded afresh every time), or at MAX_BLOCK instructions.
// Looking a block up costs one translation of EIP (through the instruction-fetch
// window) and one compare, instead of decoding every instruction.
//
// Invariants:
//   * A frame with cached code has FRAME_CODE set, and no TLB entry holds a write tag
//     for it (the flag is set with a TLB flush; tlbFill never fills write tags for
//     such frames). So every write to it takes the slow path, which calls
//     codeFrameWritten: the frame's code generation advances and every block
//     decoded from it becomes stale (checked on lookup).
//   * Writes the hypervisor makes into guest frames call codeFrameWritten too.
//   * Blocks are decoded for 32-bit code segments only; other code runs uncached.
//
//   header (16 bytes, NBLOCKS of them, direct-mapped by hash of the key):
//     +0 key (physical address)  +4 cache epoch  +8 frame code generation
//     +12 count << 25 | first record address

import { CODE_CACHE_BASE, CODE_CACHE_SIZE, MACHINE_BASE, PAGE_MASK, PAGE_SIZE } from "../layout";
import { ft, FT_FLAGS, FRAME_CODE } from "../mm/frame-table";
import { decodeInto, R_LEN, R_FLAGS, REC_ENDS_BLOCK, REC_SIZE } from "./decode";
import { tlbEntry, tlbGen, tlbExecOff, codeKey, codeDelta, setCodeWindow, tlbFlushAll, T_DELTA, T_MFN, T_UX } from "./tlb";
import { tlbFill, ACC_EXEC } from "./paging";
import { faulted, clearPending } from "./fault";
import { segBase, segAttr, eip, CS } from "./state";
import { signal, SIG_CODE } from "./signal";
import { ATTR_DB } from "./segments";

const NBLOCKS: u32 = 16384;
const HDR_SIZE: u32 = 16;
const HDR_BASE: u32 = CODE_CACHE_BASE;
const POOL_BASE: u32 = CODE_CACHE_BASE + NBLOCKS * HDR_SIZE;
const POOL_END: u32 = CODE_CACHE_BASE + CODE_CACHE_SIZE;
export const MAX_BLOCK: u32 = 64;

const FRAME_GEN_SHIFT: u32 = 8;

let epoch: u32 = 1;
let poolNext: u32 = POOL_BASE;
/** Statistics. */
export let blocksBuilt: u64 = 0;
export let cacheFlushes: u64 = 0;
export let invalidations: u64 = 0;

/** Physical address of the block being executed (for self-modification checks). */
export let runningMfn: u32 = 0xffffffff;

function flushCodeCache(): void {
  cacheFlushes++;
  epoch++;
  if (epoch == 0) { memory.fill(HDR_BASE, 0, NBLOCKS * HDR_SIZE); epoch = 1; }
  poolNext = POOL_BASE;
}

/** A write reached frame `mfn` that may hold cached code: make its blocks stale. */
export function codeFrameWritten(mfn: u32): void {
  let p = ft(mfn) + FT_FLAGS;
  let f = load<u32>(p);
  if (!(f & FRAME_CODE)) return;
  invalidations++;
  store<u32>(p, (f & ~FRAME_CODE) + (1 << FRAME_GEN_SHIFT));
  if (mfn == runningMfn) signal(SIG_CODE);
}

/** Marks a frame as holding cached code (first time: drop its writable translations). */
function markCodeFrame(mfn: u32): u32 {
  let p = ft(mfn) + FT_FLAGS;
  let f = load<u32>(p);
  if (!(f & FRAME_CODE)) {
    store<u32>(p, f | FRAME_CODE);
    tlbFlushAll();
  }
  return f >> FRAME_GEN_SHIFT;
}

/**
 * The block starting at CS:EIP, or 0 when the instruction there must run uncached
 * (16-bit code, an instruction crossing a page, or a fetch fault — which is left
 * pending only if the very first instruction cannot be fetched).
 */
export function lookupBlock(): u32 {
  if (!(segAttr(CS) & ATTR_DB)) return 0;
  let lin = segBase(CS) + eip;
  let key = (lin & PAGE_MASK) | tlbGen;
  if (key != codeKey) {
    let t = tlbEntry(lin);
    if (load<u32>(t + tlbExecOff) != key) {
      t = tlbFill(lin, ACC_EXEC, tlbExecOff == T_UX);
      if (t == 0) return 0; // #PF pending
    }
    setCodeWindow(key, load<u32>(t + T_DELTA));
  }
  let host = codeDelta + lin;
  let mfn = (host - MACHINE_BASE) >> 12;
  let phys = host - MACHINE_BASE;
  let h = HDR_BASE + (((phys >> 2) ^ (phys >> 15)) & (NBLOCKS - 1)) * HDR_SIZE;
  let gen = load<u32>(ft(mfn) + FT_FLAGS);
  if (load<u32>(h) == phys && load<u32>(h, 4) == epoch && load<u32>(h, 8) == (gen >> FRAME_GEN_SHIFT) && (gen & FRAME_CODE)) {
    runningMfn = mfn;
    return h;
  }
  return buildBlock(h, lin, phys, mfn);
}

function buildBlock(h: u32, lin: u32, phys: u32, mfn: u32): u32 {
  if (poolNext + MAX_BLOCK * REC_SIZE > POOL_END) flushCodeCache();
  let gen = markCodeFrame(mfn);
  let r = poolNext;
  let n: u32 = 0;
  let p = lin;
  while (n < MAX_BLOCK) {
    let len = decodeInto(r, p);
    if (len == 0) {
      // A fault decoding ahead is not the guest's fault yet: leave that instruction
      // to the uncached path, which raises it if execution gets there.
      clearPending();
      break;
    }
    if (((p & ~PAGE_MASK) + len) > PAGE_SIZE) break; // crosses into the next page
    n++;
    p += len;
    r += REC_SIZE;
    if ((load<u8>(r - REC_SIZE + R_FLAGS) & REC_ENDS_BLOCK) || (p & ~PAGE_MASK) == 0) break;
  }
  if (n == 0) return 0;
  blocksBuilt++;
  store<u32>(h, phys);
  store<u32>(h, epoch, 4);
  store<u32>(h, gen, 8);
  store<u32>(h, poolNext | (n << 25), 12);
  poolNext = r;
  runningMfn = mfn;
  return h;
}

// @ts-ignore: decorator
@inline export function blockRecords(h: u32): u32 { return load<u32>(h, 12) & 0x1ffffff; }
// @ts-ignore: decorator
@inline export function blockCount(h: u32): u32 { return load<u32>(h, 12) >>> 25; }
