// Writing the hypercall page (xen/arch/x86/pv/hypercall.c; fact sheet §1.2).
//
// 128 stubs of 32 bytes, INT3-filled: stub n is "mov $n, %eax; int $0x82; ret";
// stub 23 (iret) is "push %eax; mov $23, %eax; int $0x82" and never returns.

import { frameAddr, PAGE_SIZE } from "../layout";

export const HYPERCALL_STUBS: u32 = 128;
export const HYPERCALL_STUB_SIZE: u32 = 32;
export const __HYPERVISOR_iret: u32 = 23;

export function writeHypercallPage(mfn: u32): void {
  let p = frameAddr(mfn);
  memory.fill(p, 0xcc, PAGE_SIZE);
  for (let n: u32 = 0; n < HYPERCALL_STUBS; n++) {
    let s = p + n * HYPERCALL_STUB_SIZE;
    if (n == __HYPERVISOR_iret) {
      store<u8>(s, 0x50);            // push %eax
      store<u8>(s + 1, 0xb8);        // mov $23, %eax
      store<u32>(s + 2, n);
      store<u8>(s + 6, 0xcd);        // int $0x82
      store<u8>(s + 7, 0x82);
    } else {
      store<u8>(s, 0xb8);            // mov $n, %eax
      store<u32>(s + 1, n);
      store<u8>(s + 5, 0xcd);        // int $0x82
      store<u8>(s + 6, 0x82);
      store<u8>(s + 7, 0xc3);        // ret
    }
  }
}
