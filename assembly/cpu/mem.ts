// Guest memory accesses by the CPU: segmentation, then the TLB, then the host.
//
// Every access returns a host address to load from or store to. A TLB hit is one
// compare: the key is computed from the access's LAST byte, so an access that
// crosses into the next page never matches its first page's tag and takes the slow
// path, which checks both pages before touching either and gathers the bytes in a
// bounce buffer. On a fault the slow path returns the address of a scratch buffer,
// so the handler's load/store stays harmless; the handler must then check
// faulted() before committing any register (cpu/fault.ts).

import { CPU_BOUNCE, PAGE_MASK, PAGE_SIZE, PAGE_SHIFT, MACHINE_BASE } from "../layout";
import { frameFlags, FRAME_CODE } from "../mm/frame-table";
import { codeFrameWritten } from "./code-cache";
import { tlbEntry, tlbGen, tlbReadOff, tlbWriteOff, T_DELTA, T_KR, T_KW, T_UR, T_UW } from "./tlb";
import { tlbFill, ACC_READ, ACC_WRITE } from "./paging";
import { faulted } from "./fault";
import { segBase, segCheckMask, segWriteCheckMask } from "./state";
import { raiseGP0 } from "./fault";
import { segLinChecked } from "./segments";

const BOUNCE_R: u32 = CPU_BOUNCE;
const BOUNCE_W: u32 = CPU_BOUNCE + 32;
const SCRATCH: u32 = CPU_BOUNCE + 64;

// Pending write-back of a page-crossing store.
let bounceHost1: u32 = 0;
let bounceHost2: u32 = 0;
let bounceLen1: u32 = 0;
let bounceLen2: u32 = 0;

// @ts-ignore: decorator
@inline function userAccess(): bool { return tlbReadOff == T_UR; }

/** Host address of `size` bytes at `lin` for reading. */
// @ts-ignore: decorator
@inline export function ptrRead(lin: u32, size: u32): u32 {
  let t = tlbEntry(lin);
  if (load<u32>(t + tlbReadOff) == (((lin + size - 1) & PAGE_MASK) | tlbGen)) return load<u32>(t + T_DELTA) + lin;
  return ptrSlow(lin, size, false, false);
}

/** Host address of `size` bytes at `lin` for writing; call writeDone() after the store. */
// @ts-ignore: decorator
@inline export function ptrWrite(lin: u32, size: u32): u32 {
  let t = tlbEntry(lin);
  if (load<u32>(t + tlbWriteOff) == (((lin + size - 1) & PAGE_MASK) | tlbGen)) return load<u32>(t + T_DELTA) + lin;
  return ptrSlow(lin, size, true, false);
}

/** As ptrWrite, but a page-crossing access also gathers the current bytes (for RMW). */
// @ts-ignore: decorator
@inline export function ptrRMW(lin: u32, size: u32): u32 {
  let t = tlbEntry(lin);
  if (load<u32>(t + tlbWriteOff) == (((lin + size - 1) & PAGE_MASK) | tlbGen)) return load<u32>(t + T_DELTA) + lin;
  return ptrSlow(lin, size, true, true);
}

/** Completes a store made through ptrWrite/ptrRMW. */
// @ts-ignore: decorator
@inline export function writeDone(h: u32): void {
  if (h == BOUNCE_W) flushBounce();
}

function flushBounce(): void {
  if (faulted()) return;
  memory.copy(bounceHost1, BOUNCE_W, bounceLen1);
  memory.copy(bounceHost2, BOUNCE_W + bounceLen1, bounceLen2);
}

/** Host address of one page's bytes, filling the TLB; 0 with a #PF pending. */
function hostOf(lin: u32, write: bool, user: bool): u32 {
  let t = tlbEntry(lin);
  let off = write ? (user ? T_UW : T_KW) : (user ? T_UR : T_KR);
  if (load<u32>(t + off) != ((lin & PAGE_MASK) | tlbGen)) {
    t = tlbFill(lin, write ? ACC_WRITE : ACC_READ, user);
    if (t == 0) return 0;
    // The fill may leave the write tag clear (code frames): such writes stay on the
    // slow path, which is where code-cache invalidation hooks in.
  }
  return load<u32>(t + T_DELTA) + lin;
}

export function ptrSlow(lin: u32, size: u32, write: bool, gather: bool): u32 {
  let user = userAccess();
  let last = lin + size - 1;
  // Past the end of a flat segment (offset wraps at 4 GiB): a limit violation, not a
  // wrapped access. Stack accesses check this first and raise #SS (ops/stack.ts).
  if (last < lin) { raiseGP0(); return SCRATCH; }
  if (((lin ^ last) & PAGE_MASK) == 0) {
    let h = hostOf(lin, write, user);
    if (h == 0) return SCRATCH;
    onSlowWrite(h, write);
    return h;
  }
  // Crosses a page boundary: check both pages before touching either.
  let n1 = PAGE_SIZE - (lin & ~PAGE_MASK);
  let h1 = hostOf(lin, write, user);
  if (h1 == 0) return SCRATCH;
  let h2 = hostOf(lin + n1, write, user);
  if (h2 == 0) return SCRATCH;
  onSlowWrite(h1, write);
  onSlowWrite(h2, write);
  if (!write) {
    memory.copy(BOUNCE_R, h1, n1);
    memory.copy(BOUNCE_R + n1, h2, size - n1);
    return BOUNCE_R;
  }
  bounceHost1 = h1; bounceLen1 = n1;
  bounceHost2 = h2; bounceLen2 = size - n1;
  if (gather) {
    memory.copy(BOUNCE_W, h1, n1);
    memory.copy(BOUNCE_W + n1, h2, size - n1);
  }
  return BOUNCE_W;
}

/** Writes that missed the fast path may hit a frame holding cached code. */
// @ts-ignore: decorator
@inline function onSlowWrite(h: u32, write: bool): void {
  if (write) {
    let mfn = (h - MACHINE_BASE) >> PAGE_SHIFT;
    if (frameFlags(mfn) & FRAME_CODE) codeFrameWritten(mfn);
  }
}

// ── segmented accessors ───────────────────────────────────────────────────────────────

/** Linear address of seg:off for an access of `size` bytes (checks non-flat segments). */
// @ts-ignore: decorator
@inline export function segLin(seg: u32, off: u32, size: u32, write: bool): u32 {
  if ((write ? segWriteCheckMask : segCheckMask) & (<u32>1 << seg)) return segLinChecked(seg, off, size, write);
  return segBase(seg) + off;
}

// @ts-ignore: decorator
@inline export function loadHost(sz: u32, h: u32): u32 {
  if (sz == 32) return load<u32>(h);
  if (sz == 16) return load<u16>(h);
  return load<u8>(h);
}

// @ts-ignore: decorator
@inline export function storeHost(sz: u32, h: u32, v: u32): void {
  if (sz == 32) store<u32>(h, v);
  else if (sz == 16) store<u16>(h, <u16>v);
  else store<u8>(h, <u8>v);
}

/** Reads `sz` bits at seg:off (0 with a fault pending on failure). */
// @ts-ignore: decorator
@inline export function readMem(sz: u32, seg: u32, off: u32): u32 {
  let lin = segLin(seg, off, sz >> 3, false);
  return loadHost(sz, ptrRead(lin, sz >> 3));
}

/** Writes `sz` bits at seg:off. */
// @ts-ignore: decorator
@inline export function writeMem(sz: u32, seg: u32, off: u32, v: u32): void {
  let lin = segLin(seg, off, sz >> 3, true);
  let h = ptrWrite(lin, sz >> 3);
  storeHost(sz, h, v);
  writeDone(h);
}

/** Reads at a linear address. */
// @ts-ignore: decorator
@inline export function readLin(sz: u32, lin: u32): u32 { return loadHost(sz, ptrRead(lin, sz >> 3)); }

/** Writes at a linear address. */
// @ts-ignore: decorator
@inline export function writeLin(sz: u32, lin: u32, v: u32): void {
  let h = ptrWrite(lin, sz >> 3);
  storeHost(sz, h, v);
  writeDone(h);
}
