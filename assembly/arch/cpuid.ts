// The CPUID a PV guest sees (xen/arch/x86/cpuid.c guest policy; fact sheet §5.10).
//
// Both a plain CPUID and Xen's forced-emulation form (ud2; .ascii "xen"; cpuid) give
// this policy. The feature bits describe the virtual CPU this core implements, so a
// guest never selects an instruction the core lacks; leaves 0x40000000-0x40000005 are
// Xen's.

import { reg32, setReg32, EAX, EBX, ECX, EDX } from "../cpu/state";
import { XEN_MAJOR, XEN_MINOR } from "../hypercall/xen-version";
import { nrFrames } from "../mm/frame-table";
import { TSC_KHZ } from "../sched/time";

const VENDOR_EBX: u32 = 0x756e6547; // "Genu"
const VENDOR_EDX: u32 = 0x49656e69; // "ineI"
const VENDOR_ECX: u32 = 0x6c65746e; // "ntel"

// Leaf 1 EDX: FPU, TSC, MSR, PAE, CX8, CMOV, CLFSH, MMX, FXSR, SSE, SSE2.
const LEAF1_EDX: u32 = (1 << 0) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 8) | (1 << 15) | (1 << 19) |
  (1 << 23) | (1 << 24) | (1 << 25) | (1 << 26);
// Leaf 1 ECX: hypervisor present (bit 31).
const LEAF1_ECX: u32 = 1 << 31;
// Leaf 0x80000001 EDX: NX.
const EXT1_EDX: u32 = 1 << 20;

function set4(a: u32, b: u32, c: u32, d: u32): void {
  setReg32(EAX, a); setReg32(EBX, b); setReg32(ECX, c); setReg32(EDX, d);
}

// "pvwasm virtual CPU" as the brand string, 16 bytes per leaf.
const BRAND: StaticArray<u32> = [
  0x61777670, 0x76206d73, 0x75747269, 0x43206c61, 0x00005550, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
];

export function emulateCpuid(): void {
  let leaf = reg32(EAX);
  let sub = reg32(ECX);
  if (leaf >= 0x40000000 && leaf < 0x40010000) { xenLeaf(leaf, sub); return; }
  switch (leaf) {
    case 0: set4(1, VENDOR_EBX, VENDOR_ECX, VENDOR_EDX); return;
    // Family 6, model 15, stepping 1; CLFLUSH line size 8 quadwords (bits 15:8).
    case 1: set4(0x000006f1, 0x00000800, LEAF1_ECX, LEAF1_EDX); return;
    case 0x80000000: set4(0x80000008, 0, 0, 0); return;
    case 0x80000001: set4(0, 0, 0, EXT1_EDX); return;
    case 0x80000002: case 0x80000003: case 0x80000004: {
      let i = (leaf - 0x80000002) * 4;
      set4(unchecked(BRAND[i]), unchecked(BRAND[i + 1]), unchecked(BRAND[i + 2]), unchecked(BRAND[i + 3]));
      return;
    }
    // Physical address bits 36, linear 32.
    case 0x80000008: set4(0x2024, 0, 0, 0); return;
    default: set4(0, 0, 0, 0); return;
  }
}

function xenLeaf(leaf: u32, sub: u32): void {
  switch (leaf - 0x40000000) {
    case 0: set4(0x40000005, 0x566e6558, 0x65584d4d, 0x4d4d566e); return; // "XenVMMXenVMM"
    case 1: set4((XEN_MAJOR << 16) | XEN_MINOR, 0, 0, 0); return;
    // One hypercall page, installed through MSR 0x40000000; MMU_PT_UPDATE_PRESERVE_AD.
    case 2: set4(1, 0x40000000, 1, 0); return;
    case 3:
      if (sub == 0) { set4(0, 0, TSC_KHZ, 0); return; }
      if (sub == 2) { set4(TSC_KHZ, 0, 0, 0); return; }
      set4(0, 0, 0, 0);
      return;
    case 5: {
      if (sub != 0) { set4(0, 0, 0, 0); return; }
      // Maximum machine address width in bits.
      let bits: u32 = 32 - clz<u32>(nrFrames > 0 ? nrFrames - 1 : 0) + 12;
      set4(0, bits, 0, 0);
      return;
    }
    default: set4(0, 0, 0, 0); return;
  }
}
