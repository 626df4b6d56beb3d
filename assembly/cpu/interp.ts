// The interpreter loop: runs blocks of cached decoded instructions (cpu/code-cache.ts),
// falling back to decoding on the spot, and handles whatever an instruction
// signalled (cpu/signal.ts), for at most `budget` instructions.
//
// A faulting instruction restarts at its own EIP; a software interrupt resumes after
// it. The PV layer (arch/traps.ts) turns the pending exception into a bounce frame.
// After hypercalls and on entry the loop checks for a deliverable event upcall.

import { CPU_REC } from "../layout";
import { eip, setEip, setInstrEip, instrEip } from "./state";
import { decode, R_ID, R_LEN, REC_SIZE } from "./decode";
import { dispatchInline } from "../generated/x86-dispatch";
import { cpuSignal, clearSignal, SIG_FAULT, SIG_EXIT, SIG_EVENT_CHECK, SIG_SHADOW, SIG_CODE, SIG_JUMP } from "./signal";
import { pendingSoftware, faulted } from "./fault";
import { deliverPending, checkUpcall } from "../arch/traps";
import { setCurRec, curRec } from "./rec";
import { lookupBlock, blockRecords, blockCount } from "./code-cache";

// Progress through the running slice, for a clock that moves within it
// (sched/time.ts): instructions completed before the current block started, and that
// block's first record, so that the count up to the executing instruction is
// sliceBaseN + (curRec - sliceBaseRec) / REC_SIZE. Two stores per block.
let sliceBaseN: u32 = 0;
let sliceBaseRec: u32 = 0;
let inSlice: bool = false;

/** Instructions retired so far in the running slice (0 outside cpuRun). */
export function sliceProgress(): u32 {
  if (!inSlice) return 0;
  return sliceBaseN + (curRec - sliceBaseRec) / REC_SIZE;
}

/** Handles the signals raised by the last instruction; true if the vcpu must stop. */
function handleSignals(): bool {
  if (cpuSignal & SIG_FAULT) {
    if (!pendingSoftware) setEip(instrEip);
    deliverPending();
  }
  if (cpuSignal & SIG_EVENT_CHECK) {
    clearSignal(SIG_EVENT_CHECK);
    checkUpcall();
  }
  clearSignal(SIG_SHADOW | SIG_CODE | SIG_JUMP);
  if (cpuSignal & SIG_EXIT) {
    clearSignal(SIG_EXIT);
    return true;
  }
  return false;
}

/**
 * Executes up to `budget` instructions of the current vcpu; returns how many ran.
 * Cached blocks and an instruction decoded on the spot go through the same inner
 * loop, so the dispatch switch is inlined at one place only.
 */
export function cpuRun(budget: u32): u32 {
  let n: u32 = 0;
  clearSignal(SIG_EXIT);
  sliceBaseN = 0;
  sliceBaseRec = CPU_REC;
  setCurRec(CPU_REC);
  inSlice = true;
  checkUpcall();
  while (n < budget) {
    let r: u32;
    let end: u32;
    let b = lookupBlock();
    if (b != 0) {
      r = blockRecords(b);
      end = r + blockCount(b) * REC_SIZE;
      let left = budget - n;
      if (end - r > left * REC_SIZE) end = r + left * REC_SIZE;
    } else {
      // Uncached: decode on the spot (or deliver the fetch fault lookupBlock left).
      setInstrEip(eip);
      if (faulted() || !decode()) {
        if (cpuSignal != 0 && handleSignals()) break;
        continue;
      }
      r = CPU_REC;
      end = CPU_REC + REC_SIZE;
    }
    sliceBaseN = n;
    sliceBaseRec = r;
    while (r < end) {
      let e = eip;
      setInstrEip(e);
      setEip(e + <u32>load<u8>(r + R_LEN));
      setCurRec(r);
      dispatchInline(<u32>load<u16>(r + R_ID));
      n++;
      if (cpuSignal != 0) break;
      r += REC_SIZE;
    }
    // A taken conditional branch only leaves the block: handled here, not in a call.
    if (cpuSignal == SIG_JUMP) clearSignal(SIG_JUMP);
    else if (cpuSignal != 0 && handleSignals()) break;
  }
  inSlice = false;
  return n;
}
