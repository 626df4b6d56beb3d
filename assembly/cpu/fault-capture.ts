// Capturing exceptions instead of delivering them: a test-only mode for the
// differential CPU tests (assembly/exports/cputest.ts, test/cpu-diff/).
//
// When it is on, arch/traps.ts deliverPending() hands the pending exception to
// captureFault() instead of bouncing it to the guest, and the run loop stops. The
// check sits on the fault path only, never in the per-instruction loop; in normal
// runs the flag is never set.

import { pendingVector, pendingError, pendingHasError, pendingSoftware, pendingCr2, clearPending, EXC_PF } from "./fault";
import { requestExit } from "./signal";

export let faultCapture: bool = false;
/** The captured exception's vector, or -1 if none since the last reset. */
export let capturedVector: i32 = -1;
export let capturedError: u32 = 0;
export let capturedCr2: u32 = 0;
export let capturedSoftware: bool = false;

export function setFaultCapture(on: bool): void { faultCapture = on; }

export function resetCapture(): void {
  capturedVector = -1;
  capturedError = 0;
  capturedCr2 = 0;
  capturedSoftware = false;
}

/** Records the pending exception, drops it, and stops the run loop. */
export function captureFault(): void {
  capturedVector = pendingVector;
  capturedError = pendingHasError ? pendingError : 0;
  capturedCr2 = pendingVector == <i32>EXC_PF ? pendingCr2 : 0;
  capturedSoftware = pendingSoftware;
  clearPending();
  requestExit();
}
