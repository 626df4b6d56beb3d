// HYPERVISOR_multicall (xen/common/multicall.c, xen/arch/x86/pv/hypercall.c
// pv_do_multicall_call; fact sheet §8.6).
//
// struct multicall_entry for a 32-bit guest is 32 bytes:
//   +0 op  +4 result (OUT)  +8 args[6] (args[0..4] are EBX..EDI of the call)
// Entries run in order as separate hypercalls; a failing entry does not stop the
// batch. A multicall inside a multicall fails that entry with -EINVAL. An iret entry
// ends the batch and its value becomes the multicall's. A sub-call that must be
// restarted (-ERESTART) restarts the multicall from that entry, as Xen's
// continuation does, so no finished entry runs twice.

import { CPU_HCBUF } from "../layout";
import { EFAULT, EINVAL, ERESTART } from "../public/errno";
import { copyFromGuest, putGuestU32, guestRangeOk } from "../mm/guest-copy";
import { hypercallDispatch } from "../generated/hypercall-dispatch";
import { setReg32, EBX, ECX } from "../cpu/state";

export const MULTICALL_ENTRY_SIZE: u32 = 32;
const HYPERVISOR_multicall: u32 = 13;
const HYPERVISOR_iret: u32 = 23;

let inMulticall: bool = false;

/**
 * True while a multicall runs its entries. A sub-call cannot be continued part-way
 * then (an entry restarts with its original arguments), so batched calls finish in
 * one go.
 */
export function multicallActive(): bool { return inMulticall; }

export function doMulticall(callList: u32, nrCalls: u32): i32 {
  if (inMulticall) return -EINVAL;
  if (<u64>nrCalls * MULTICALL_ENTRY_SIZE > <u64>0xffffffff || !guestRangeOk(callList, nrCalls * MULTICALL_ENTRY_SIZE)) return -EFAULT;
  inMulticall = true;
  let rc: i32 = 0;
  // Entries are copied out of the argument scratch area before each call, because
  // the sub-call uses that area itself.
  let e = CPU_HCBUF + 1024 - MULTICALL_ENTRY_SIZE;
  for (let i: u32 = 0; i < nrCalls; i++) {
    let p = callList + i * MULTICALL_ENTRY_SIZE;
    if (!copyFromGuest(e, p, MULTICALL_ENTRY_SIZE)) { rc = -EFAULT; break; }
    let op = load<u32>(e);
    let a1 = load<u32>(e, 8), a2 = load<u32>(e, 12), a3 = load<u32>(e, 16), a4 = load<u32>(e, 20), a5 = load<u32>(e, 24);
    let r = op == HYPERVISOR_multicall ? -EINVAL : hypercallDispatch(op, a1, a2, a3, a4, a5);
    if (r == -ERESTART) {
      // Continue later from this entry (hypercall2_create_continuation).
      setReg32(EBX, p);
      setReg32(ECX, nrCalls - i);
      rc = -ERESTART;
      break;
    }
    if (!putGuestU32(p + 4, <u32>r)) { rc = -EFAULT; break; }
    if (op == HYPERVISOR_iret) { rc = r; break; }
  }
  inMulticall = false;
  return rc;
}
