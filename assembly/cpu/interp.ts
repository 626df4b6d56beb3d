// The interpreter loop: decode, dispatch, and handle whatever an instruction
// signalled (cpu/signal.ts), for at most `budget` instructions.
//
// A faulting instruction restarts at its own EIP; a software interrupt resumes after
// it. The PV layer (arch/traps.ts) turns the pending exception into a bounce frame.
// After hypercalls and on entry the loop checks for a deliverable event upcall.

import { CPU_REC } from "../layout";
import { eip, setEip, setInstrEip, instrEip } from "./state";
import { decode, R_ID, R_LEN } from "./decode";
import { dispatch } from "../generated/x86-dispatch";
import { cpuSignal, clearSignal, SIG_FAULT, SIG_EXIT, SIG_EVENT_CHECK, SIG_SHADOW } from "./signal";
import { pendingSoftware } from "./fault";
import { deliverPending, checkUpcall } from "../arch/traps";
import { repIterations } from "./ops/string";

/** Executes up to `budget` instructions of the current vcpu; returns how many ran. */
export function cpuRun(budget: u32): u32 {
  let n: u32 = 0;
  clearSignal(SIG_EXIT);
  checkUpcall();
  while (n < budget) {
    setInstrEip(eip);
    if (decode()) {
      setEip(instrEip + <u32>load<u8>(CPU_REC + R_LEN));
      dispatch(<u32>load<u16>(CPU_REC + R_ID));
      n++;
    }
    if (cpuSignal != 0) {
      if (cpuSignal & SIG_FAULT) {
        if (!pendingSoftware) setEip(instrEip);
        deliverPending();
      }
      if (cpuSignal & SIG_EVENT_CHECK) {
        clearSignal(SIG_EVENT_CHECK);
        checkUpcall();
      }
      clearSignal(SIG_SHADOW);
      if (cpuSignal & SIG_EXIT) {
        clearSignal(SIG_EXIT);
        break;
      }
    }
  }
  return n;
}
