// Reading a guest's vcpu bitmap (Xen's vcpumask_to_pcpumask for 32-bit guests).
//
// The core has one software TLB shared by whatever vcpu runs, so any flush request
// flushes it whole; the bitmap still has to be readable, exactly as Xen requires.

import { getGuestU32, copyFailed } from "./guest-copy";
import { curDomain } from "../domain/current";
import { D_max_vcpus } from "../domain/layout";
import { EFAULT } from "../public/errno";

/** Reads the u32 words of a vcpu bitmap covering the domain's vcpus; 0 or -EFAULT. */
export function checkVcpuMask(ptr: u32): i32 {
  let max = load<u32>(curDomain + D_max_vcpus);
  for (let bias: u32 = 0; bias < max; bias += 32) {
    let w = getGuestU32(ptr + (bias >> 3));
    if (copyFailed) return -EFAULT;
    // Xen stops at the first vcpu id beyond max_vcpus.
    if (w != 0 && bias + 31 - clz<u32>(w) >= max) return 0;
  }
  return 0;
}
