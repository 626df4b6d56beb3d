// Processor exceptions raised while executing an instruction.
//
// AssemblyScript has no exceptions we could use (a throw is an abort), so a fault is
// a recorded pending exception: the instruction handler returns as soon as it sees
// `faulted()`, having committed no architectural state, and the run loop restarts
// the instruction's EIP and hands the exception to the PV trap-bounce code.

import { signal, clearSignal, SIG_FAULT } from "./signal";

export const EXC_DE: u32 = 0;   // divide error
export const EXC_DB: u32 = 1;   // debug
export const EXC_NMI: u32 = 2;
export const EXC_BP: u32 = 3;   // breakpoint (int3)
export const EXC_OF: u32 = 4;   // overflow (into)
export const EXC_BR: u32 = 5;   // bound range
export const EXC_UD: u32 = 6;   // invalid opcode
export const EXC_NM: u32 = 7;   // device not available
export const EXC_DF: u32 = 8;
export const EXC_TS: u32 = 10;  // invalid TSS
export const EXC_NP: u32 = 11;  // segment not present
export const EXC_SS: u32 = 12;  // stack fault
export const EXC_GP: u32 = 13;  // general protection
export const EXC_PF: u32 = 14;  // page fault
export const EXC_MF: u32 = 16;  // x87 error
export const EXC_AC: u32 = 17;  // alignment check
export const EXC_MC: u32 = 18;
export const EXC_XM: u32 = 19;  // SIMD floating point

/** Vectors whose exception frame carries an error code (SDM Vol. 3A §6.13). */
// @ts-ignore: decorator
@inline export function hasErrorCode(vec: u32): bool {
  return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30;
}

// #PF error-code bits.
export const PFEC_PRESENT: u32 = 1 << 0;
export const PFEC_WRITE: u32 = 1 << 1;
export const PFEC_USER: u32 = 1 << 2;
export const PFEC_RSVD: u32 = 1 << 3;
export const PFEC_INSN: u32 = 1 << 4;

/** Pending exception vector, or -1. */
export let pendingVector: i32 = -1;
export let pendingError: u32 = 0;
export let pendingHasError: bool = false;
/** Linear address of a pending #PF. */
export let pendingCr2: u32 = 0;
/**
 * Software interrupt (int n/int3/into): delivered with EIP after the instruction and
 * subject to the trap-table DPL check.
 */
export let pendingSoftware: bool = false;

// @ts-ignore: decorator
@inline export function faulted(): bool { return pendingVector >= 0; }

export function raise(vec: u32): void {
  if (pendingVector >= 0) return; // the first fault of an instruction wins
  pendingVector = <i32>vec;
  signal(SIG_FAULT);
  pendingHasError = hasErrorCode(vec);
  pendingError = 0;
  pendingSoftware = false;
}

export function raiseError(vec: u32, err: u32): void {
  if (pendingVector >= 0) return;
  pendingVector = <i32>vec;
  signal(SIG_FAULT);
  pendingHasError = true;
  pendingError = err;
  pendingSoftware = false;
}

export function raisePF(lin: u32, err: u32): void {
  if (pendingVector >= 0) return;
  pendingVector = <i32>EXC_PF;
  signal(SIG_FAULT);
  pendingHasError = true;
  pendingError = err;
  pendingCr2 = lin;
  pendingSoftware = false;
}

/** int n / int3 / into: a trap delivered after the instruction. */
export function raiseSoftware(vec: u32): void {
  if (pendingVector >= 0) return;
  pendingVector = <i32>vec;
  signal(SIG_FAULT);
  pendingHasError = false;
  pendingError = 0;
  pendingSoftware = true;
}

export function clearPending(): void {
  pendingVector = -1;
  clearSignal(SIG_FAULT);
  pendingSoftware = false;
  pendingHasError = false;
}

// @ts-ignore: decorator
@inline export function raiseGP0(): void { raiseError(EXC_GP, 0); }
// @ts-ignore: decorator
@inline export function raiseUD(): void { raise(EXC_UD); }
