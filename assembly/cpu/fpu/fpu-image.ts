// Architectural images of the FPU state: the 512-byte FXSAVE area (SDM Vol. 1
// §10.5.1) and the x87 environment / FNSAVE area in the 32-bit and 16-bit
// protected-mode formats (SDM Vol. 1 §8.1.10, Figures 8-9 to 8-12).
//
// The live state keeps the data registers in physical order (x87-state.ts); images
// hold them in stack order, ST(0) first. MXCSR_MASK reads 0xFFFF, as on the
// Intel processors the CPUID vendor names (DAZ supported, no MM bit). Like the AMD
// processors this is measured against, fxsave stores the last-instruction pointers
// (FOP, FIP, FCS, FDP, FDS) only while an unmasked exception is pending (ES = 1),
// and zeros otherwise; fnstenv/fnsave always store them.

import {
  FX_FCW, FX_FSW, FX_FTW, FX_FOP, FX_FIP, FX_FCS, FX_FDP, FX_FDS, FX_MXCSR, FX_MXCSR_MASK, FX_ST, FX_XMM,
  fpuTop, regAddr, fullTag, updateEs, SW_ES,
} from "./x87-state";

const ROTATE_TMP: usize = memory.data(128, 16);

export const MXCSR_MASK: u32 = 0xffff;
export const MXCSR_DEFAULT: u32 = 0x1f80;

/** Writes the FXSAVE image of the live state to host memory at h (bytes 0-287). */
export function fxsaveImage(h: u32): void {
  store<u16>(h, load<u16>(FX_FCW));
  store<u16>(h + 2, load<u16>(FX_FSW));
  store<u8>(h + 4, load<u8>(FX_FTW));
  store<u8>(h + 5, 0);
  if (load<u16>(FX_FSW) & SW_ES) {
    store<u16>(h + 6, load<u16>(FX_FOP));
    store<u32>(h + 8, load<u32>(FX_FIP));
    store<u32>(h + 12, load<u16>(FX_FCS));
    store<u32>(h + 16, load<u32>(FX_FDP));
    store<u32>(h + 20, load<u16>(FX_FDS));
  } else {
    memory.fill(h + 6, 0, 18);
  }
  store<u32>(h + 24, load<u32>(FX_MXCSR));
  store<u32>(h + 28, MXCSR_MASK);
  let top = fpuTop();
  for (let i: u32 = 0; i < 8; i++) {
    let src = regAddr((top + i) & 7);
    let dst = h + 32 + (i << 4);
    store<u64>(dst, load<u64>(src));
    store<u64>(dst + 8, <u64>load<u16>(src + 8));
  }
  memory.copy(h + 160, FX_XMM, 128);
}

/** Loads the live state from an FXSAVE image at h (MXCSR already validated). */
export function fxrstorImage(h: u32): void {
  store<u16>(FX_FCW, load<u16>(h));
  store<u16>(FX_FSW, load<u16>(h + 2));
  store<u8>(FX_FTW, load<u8>(h + 4));
  store<u16>(FX_FOP, load<u16>(h + 6) & 0x7ff);
  store<u32>(FX_FIP, load<u32>(h + 8));
  store<u16>(FX_FCS, load<u16>(h + 12));
  store<u32>(FX_FDP, load<u32>(h + 16));
  store<u16>(FX_FDS, load<u16>(h + 20));
  store<u32>(FX_MXCSR, load<u32>(h + 24));
  store<u32>(FX_MXCSR_MASK, MXCSR_MASK);
  let top = fpuTop();
  for (let i: u32 = 0; i < 8; i++) {
    let dst = regAddr((top + i) & 7);
    let src = h + 32 + (i << 4);
    store<u64>(dst, load<u64>(src));
    store<u64>(dst + 8, <u64>load<u16>(src + 8));
  }
  memory.copy(FX_XMM, h + 160, 128);
}

/**
 * Rotates a 512-byte FXSAVE image in place into the live layout (physical register
 * order): for state handed in from outside (VCPUOP / setvcpucontext images).
 */
export function imageToLive(area: u32): void {
  let top = (load<u16>(area + 2) >> 11) & 7;
  if (top == 0) return;
  let tmp = <u32>ROTATE_TMP;
  memory.copy(tmp, area + 32, 128);
  for (let i: u32 = 0; i < 8; i++) memory.copy(area + 32 + (((top + i) & 7) << 4), tmp + (i << 4), 16);
}

/** The full 16-bit tag word (2 bits per physical register). */
export function fullTagWord(): u32 {
  let tw: u32 = 0;
  for (let p: u32 = 0; p < 8; p++) tw |= fullTag(p) << (p << 1);
  return tw;
}

/**
 * Writes the x87 environment (28 bytes for 32-bit operand size, 14 for 16-bit) at
 * host address h. Reserved upper halves of the 32-bit format read as ones.
 */
export function storeEnv(h: u32, sz: u32): void {
  let tw = fullTagWord();
  if (sz == 32) {
    store<u32>(h, 0xffff0000 | load<u16>(FX_FCW));
    store<u32>(h + 4, 0xffff0000 | load<u16>(FX_FSW));
    store<u32>(h + 8, 0xffff0000 | tw);
    store<u32>(h + 12, load<u32>(FX_FIP));
    store<u32>(h + 16, <u32>load<u16>(FX_FCS) | ((<u32>load<u16>(FX_FOP) & 0x7ff) << 16));
    store<u32>(h + 20, load<u32>(FX_FDP));
    store<u32>(h + 24, 0xffff0000 | load<u16>(FX_FDS));
  } else {
    store<u16>(h, load<u16>(FX_FCW));
    store<u16>(h + 2, load<u16>(FX_FSW));
    store<u16>(h + 4, <u16>tw);
    store<u16>(h + 6, <u16>load<u32>(FX_FIP));
    store<u16>(h + 8, load<u16>(FX_FCS));
    store<u16>(h + 10, <u16>load<u32>(FX_FDP));
    store<u16>(h + 12, load<u16>(FX_FDS));
  }
}

/** Loads the x87 environment from host address h; tags 11 mark registers empty. */
export function loadEnv(h: u32, sz: u32): void {
  let tw: u32;
  if (sz == 32) {
    store<u16>(FX_FCW, <u16>((load<u16>(h) & 0x1f3f) | 0x40));
    store<u16>(FX_FSW, load<u16>(h + 4));
    tw = load<u16>(h + 8);
    store<u32>(FX_FIP, load<u32>(h + 12));
    store<u16>(FX_FCS, load<u16>(h + 16));
    store<u16>(FX_FOP, load<u16>(h + 18) & 0x7ff);
    store<u32>(FX_FDP, load<u32>(h + 20));
    store<u16>(FX_FDS, load<u16>(h + 24));
  } else {
    store<u16>(FX_FCW, <u16>((load<u16>(h) & 0x1f3f) | 0x40));
    store<u16>(FX_FSW, load<u16>(h + 2));
    tw = load<u16>(h + 4);
    // The 16-bit format has no opcode field: FOP reads as 0 afterwards.
    store<u16>(FX_FOP, 0);
    store<u32>(FX_FIP, load<u16>(h + 6));
    store<u16>(FX_FCS, load<u16>(h + 8));
    store<u32>(FX_FDP, load<u16>(h + 10));
    store<u16>(FX_FDS, load<u16>(h + 12));
  }
  let ftw: u32 = 0;
  for (let p: u32 = 0; p < 8; p++) if (((tw >> (p << 1)) & 3) != 3) ftw |= 1 << p;
  store<u8>(FX_FTW, <u8>ftw);
  updateEs();
}

/** fninit's state: FCW 0x037F, everything else clear, all registers empty. */
export function fpuInitX87(): void {
  store<u16>(FX_FCW, 0x037f);
  store<u16>(FX_FSW, 0);
  store<u8>(FX_FTW, 0);
  store<u16>(FX_FOP, 0);
  store<u32>(FX_FIP, 0);
  store<u16>(FX_FCS, 0);
  store<u32>(FX_FDP, 0);
  store<u16>(FX_FDS, 0);
}

/**
 * A vcpu's FPU area before its first use. Xen marks a new vcpu's FPU uninitialised
 * and runs fninit plus ldmxcsr(0x1F80) when the guest first touches it (i387.c
 * fpu_init), so the guest's first view is FCW 0x037F, all registers empty.
 */
export function fpuResetArea(area: u32): void {
  memory.fill(area, 0, 512);
  store<u16>(area, 0x037f);
  store<u32>(area + 24, MXCSR_DEFAULT);
  store<u32>(area + 28, MXCSR_MASK);
}

/**
 * Writes the architectural 512-byte FXSAVE image of a saved FPU area (a vcpu
 * record's copy of the live layout) to host address h: for inspection by the host.
 */
export function areaToImage(area: u32, h: u32): void {
  memory.copy(h, area, 512);
  store<u8>(h + 5, 0);
  store<u16>(h + 14, 0);
  store<u16>(h + 22, 0);
  store<u32>(h + 28, MXCSR_MASK);
  let top = (load<u16>(area + 2) >> 11) & 7;
  for (let i: u32 = 0; i < 8; i++) {
    let src = area + 32 + (((top + i) & 7) << 4);
    let dst = h + 32 + (i << 4);
    store<u64>(dst, load<u64>(src));
    store<u64>(dst + 8, <u64>load<u16>(src + 8));
  }
}
