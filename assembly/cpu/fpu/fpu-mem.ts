// Memory operands of x87, MMX and SSE instructions: whole operands of 2 to 16 bytes
// are reached through one host pointer (mem.ts gathers page-crossing ones in its
// bounce buffer), so a faulting access leaves the operand untouched. Larger images
// (fnsave, fxsave) are checked page by page before anything is written.

import { segLin, ptrRead, ptrWrite, writeDone } from "../mem";
import { ea, eaSeg } from "../operand";
import { faulted, raiseGP0 } from "../fault";

/** Host pointer to the `size`-byte memory operand for reading (check faulted()). */
// @ts-ignore: decorator
@inline export function memReadPtr(size: u32): u32 {
  return ptrRead(segLin(eaSeg(), ea(), size, false), size);
}

/** Host pointer to the memory operand for writing; finish with writeDone(). */
export function memWritePtr(size: u32): u32 {
  return ptrWrite(segLin(eaSeg(), ea(), size, true), size);
}

export { writeDone };

/** #GP(0) unless the memory operand is aligned to `align` bytes (movaps, fxsave …). */
export function checkAlign(align: u32): bool {
  if (ea() & (align - 1)) { raiseGP0(); return false; }
  return true;
}

/** Linear address of byte `off` of a multi-part memory operand of `total` bytes. */
export function memLin(off: u32, size: u32, write: bool): u32 {
  return segLin(eaSeg(), ea() + off, size, write);
}

/**
 * Probes that all `total` bytes of the operand can be written (segment limit and
 * paging), so that a multi-part store cannot stop half way.
 */
export function probeWrite(total: u32): bool {
  for (let off: u32 = 0; off < total; off += 8) {
    let n: u32 = total - off < 8 ? total - off : 8;
    let h = ptrWrite(memLin(off, n, true), n);
    if (faulted()) return false;
    // Nothing stored yet: only the access rights are being checked.
    if (h == 0) return false;
  }
  return true;
}

/** Reads 1/2/4/8 bytes at offset `off` of the operand (0 with a fault pending). */
export function memRead64(off: u32, n: u32): u64 {
  let h = ptrRead(memLin(off, n, false), n);
  if (faulted()) return 0;
  if (n == 8) return load<u64>(h);
  if (n == 4) return <u64>load<u32>(h);
  if (n == 2) return <u64>load<u16>(h);
  return <u64>load<u8>(h);
}

/** Writes 1/2/4/8 bytes at offset `off` of the operand. */
export function memWrite64(off: u32, n: u32, v: u64): void {
  let h = ptrWrite(memLin(off, n, true), n);
  if (faulted()) return;
  if (n == 8) store<u64>(h, v);
  else if (n == 4) store<u32>(h, <u32>v);
  else if (n == 2) store<u16>(h, <u16>v);
  else store<u8>(h, <u8>v);
  writeDone(h);
}
