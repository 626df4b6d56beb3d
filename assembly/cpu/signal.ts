// Reasons for the run loop to leave its fast path after an instruction.
//
// One global checked once per instruction: anything that needs the loop's attention
// (a pending exception, a request to stop running this vcpu, an event that may need
// an upcall) sets a bit here.

export const SIG_FAULT: u32 = 1 << 0;        // an exception is pending (cpu/fault.ts)
export const SIG_EXIT: u32 = 1 << 1;         // stop running this vcpu now
export const SIG_EVENT_CHECK: u32 = 1 << 2;  // re-check vcpu_info for a deliverable upcall
export const SIG_SHADOW: u32 = 1 << 3;       // sti/mov ss shadow: skip checks for one instruction
export const SIG_CODE: u32 = 1 << 4;         // the running block's frame was written: leave the block
export const SIG_JUMP: u32 = 1 << 5;         // a conditional branch inside a block was taken: leave it

export let cpuSignal: u32 = 0;

// @ts-ignore: decorator
@inline export function signal(bits: u32): void { cpuSignal |= bits; }
// @ts-ignore: decorator
@inline export function clearSignal(bits: u32): void { cpuSignal &= ~bits; }

/** Asks the run loop to stop executing the current vcpu after this instruction. */
export function requestExit(): void { cpuSignal |= SIG_EXIT; }
