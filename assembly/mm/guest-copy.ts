// Copying to and from guest memory on behalf of a hypercall (Xen's copy_from_guest,
// copy_to_guest, with the compat access_ok rule).
//
// This is the one place a hypercall reaches guest memory, and the only source of
// -EFAULT: a buffer must lie wholly below the hypervisor hole, and every byte must be
// mapped in the current address space — readable for input, writable (CR0.WP is 1)
// for output — as seen from supervisor mode. Nothing is raised to the guest.

import { PAGE_MASK, PAGE_SIZE } from "../layout";
import { HYPERVISOR_VIRT_START } from "../public/arch-x86";
import { tlbEntry, tlbGen, T_KR, T_KW, T_DELTA } from "../cpu/tlb";
import { tlbFill, ACC_READ, ACC_WRITE } from "../cpu/paging";
import { clearPending, pendingVector } from "../cpu/fault";
import { MACHINE_BASE } from "../layout";
import { codeFrameWritten } from "../cpu/code-cache";

/** The hypervisor wrote guest memory at host address `h`: drop stale decoded code. */
// @ts-ignore: decorator
@inline function wrote(h: u32): void { codeFrameWritten((h - MACHINE_BASE) >> 12); }

/** True if [ptr, ptr + size) lies below the hypervisor hole (__compat_access_ok). */
// @ts-ignore: decorator
@inline export function guestRangeOk(ptr: u32, size: u32): bool {
  return <u64>ptr + <u64>size <= <u64>HYPERVISOR_VIRT_START;
}

/** Host address of guest byte `lin` as the hypervisor sees it, or 0. */
function xlate(lin: u32, write: bool): u32 {
  let t = tlbEntry(lin);
  let key = (lin & PAGE_MASK) | tlbGen;
  if (load<u32>(t + (write ? T_KW : T_KR)) != key) {
    // A fault here belongs to the hypercall, not to the guest's instruction stream.
    let hadPending = pendingVector >= 0;
    t = tlbFill(lin, write ? ACC_WRITE : ACC_READ, false);
    if (!hadPending) clearPending();
    if (t == 0) return 0;
  }
  return load<u32>(t + T_DELTA) + lin;
}

/** copy_from_guest: `n` bytes at guest `ptr` to host `dst`. */
export function copyFromGuest(dst: u32, ptr: u32, n: u32): bool {
  if (!guestRangeOk(ptr, n)) return false;
  while (n > 0) {
    let chunk = PAGE_SIZE - (ptr & ~PAGE_MASK);
    if (chunk > n) chunk = n;
    let h = xlate(ptr, false);
    if (h == 0) return false;
    memory.copy(dst, h, chunk);
    dst += chunk; ptr += chunk; n -= chunk;
  }
  return true;
}

/** copy_to_guest: `n` bytes from host `src` to guest `ptr`. */
export function copyToGuest(ptr: u32, src: u32, n: u32): bool {
  if (!guestRangeOk(ptr, n)) return false;
  // Check every page first so a fault leaves the buffer untouched.
  let p = ptr, left = n;
  while (left > 0) {
    let chunk = PAGE_SIZE - (p & ~PAGE_MASK);
    if (chunk > left) chunk = left;
    if (xlate(p, true) == 0) return false;
    p += chunk; left -= chunk;
  }
  while (n > 0) {
    let chunk = PAGE_SIZE - (ptr & ~PAGE_MASK);
    if (chunk > n) chunk = n;
    let h = xlate(ptr, true);
    memory.copy(h, src, chunk);
    wrote(h);
    src += chunk; ptr += chunk; n -= chunk;
  }
  return true;
}

/** Guest u32 at `ptr`; sets copyFailed on failure. */
export let copyFailed: bool = false;
export function getGuestU32(ptr: u32): u32 {
  copyFailed = false;
  if (!guestRangeOk(ptr, 4)) { copyFailed = true; return 0; }
  if ((ptr & 0xfff) <= 0xffc) {
    let h = xlate(ptr, false);
    if (h == 0) { copyFailed = true; return 0; }
    return load<u32>(h);
  }
  let v: u32 = 0;
  for (let i: u32 = 0; i < 4; i++) {
    let h = xlate(ptr + i, false);
    if (h == 0) { copyFailed = true; return 0; }
    v |= <u32>load<u8>(h) << (i * 8);
  }
  return v;
}

export function putGuestU32(ptr: u32, v: u32): bool {
  if (!guestRangeOk(ptr, 4)) return false;
  if ((ptr & 0xfff) <= 0xffc) {
    let h = xlate(ptr, true);
    if (h == 0) return false;
    store<u32>(h, v);
    wrote(h);
    return true;
  }
  for (let i: u32 = 0; i < 4; i++) if (xlate(ptr + i, true) == 0) return false;
  for (let i: u32 = 0; i < 4; i++) {
    let h = xlate(ptr + i, true);
    store<u8>(h, <u8>(v >> (i * 8)));
    wrote(h);
  }
  return true;
}

/** Reads a byte anywhere the guest kernel could (for diagnostics only). */
export let peekFailed: bool = false;
export function peekGuestByte(lin: u32): u32 {
  let h = xlate(lin, false);
  peekFailed = h == 0;
  return h == 0 ? 0 : <u32>load<u8>(h);
}
