// The hypercall gate: int $0x82 from the guest kernel (fact sheet §1.1).
//
// Arguments come from EBX, ECX, EDX, ESI, EDI; the result goes to EAX. A handler
// that cannot finish now (its output has nowhere to go until the host drains it)
// returns -ERESTART: like Xen's continuations, EIP is moved back onto the int $0x82
// so the call runs again when the vcpu next runs, with its registers describing the
// work still to do. Every return to the guest re-checks for a deliverable upcall.

import { reg32, setReg32, EAX, EBX, ECX, EDX, ESI, EDI, instrEip, setEip } from "../cpu/state";
import { signal, SIG_EVENT_CHECK } from "../cpu/signal";
import { hypercallDispatch, NR_HYPERCALLS } from "../generated/hypercall-dispatch";
import { ERESTART } from "../public/errno";
import { curDomain, curVcpu } from "../domain/current";
import { D_stat_hypercalls, D_stat_hypercall_nr, V_stat_hypercalls, V_stat_hypercall_nr } from "../domain/layout";

/** The last hypercall asked to be continued (its registers describe what is left). */
export let hypercallRestarted: bool = false;

/** Hypercall number currently executing (for multicall's nesting check). */
export let inHypercall: u32 = 0xffffffff;

export function hypercallFromGuest(): void {
  let nr = reg32(EAX);
  let d = curDomain;
  store<u64>(d + D_stat_hypercalls, load<u64>(d + D_stat_hypercalls) + 1);
  store<u64>(curVcpu + V_stat_hypercalls, load<u64>(curVcpu + V_stat_hypercalls) + 1);
  if (nr < NR_HYPERCALLS) {
    let p = d + D_stat_hypercall_nr + (nr << 2);
    store<u32>(p, load<u32>(p) + 1);
    let q = curVcpu + V_stat_hypercall_nr + (nr << 2);
    store<u32>(q, load<u32>(q) + 1);
  }
  inHypercall = nr;
  let rc = hypercallDispatch(nr, reg32(EBX), reg32(ECX), reg32(EDX), reg32(ESI), reg32(EDI));
  inHypercall = 0xffffffff;
  hypercallRestarted = rc == -ERESTART;
  if (rc == -ERESTART) {
    setEip(instrEip);
    return;
  }
  setReg32(EAX, <u32>rc);
  signal(SIG_EVENT_CHECK);
}
