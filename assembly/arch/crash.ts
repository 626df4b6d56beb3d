// Crashing a domain (Xen's domain_crash) and the record the host reports from it.
//
// When Xen cannot continue a guest — an exception with no handler, a fault while
// building a bounce frame, a bad iret frame — it crashes the domain: shutdown with
// SHUTDOWN_crash. We also keep what the toolstack needs to explain it in one line:
// the vector, EIP, error code and the instruction bytes at EIP.

import { eip, instrEip, cpl } from "../cpu/state";
import { pendingVector } from "../cpu/fault";
import { curDomain } from "../domain/current";
import { D_ud_count, D_ud_eip, D_ud_unimplemented, D_ud_len, D_ud_bytes, D_flags, D_crash_vector, D_crash_eip, D_crash_error, D_crash_len, D_crash_bytes, D_crash_reason, DOMF_crash_info } from "../domain/layout";
import { domainShutdown } from "../domain/domain";
import { SHUTDOWN_crash } from "../public/sched";
import { peekGuestByte, peekFailed } from "../mm/guest-copy";

export const CRASH_NO_HANDLER: u32 = 1;     // exception with no trap-table entry
export const CRASH_BOUNCE_FAULT: u32 = 2;   // could not write the exception frame
export const CRASH_IRET_FAULT: u32 = 3;     // HYPERVISOR_iret with a bad frame
export const CRASH_BAD_STATE: u32 = 4;      // unusable selectors on entry
export const CRASH_GUEST_REQUEST: u32 = 5;  // SCHEDOP_shutdown(SHUTDOWN_crash)

/** Vector of the exception being delivered (recorded by the run loop before delivery). */
let deliveringVector: i32 = -1;
export function noteDelivering(vec: i32): void { deliveringVector = vec; }

/**
 * Records a #UD raised by the CPU (the harness reports the EIP and bytes if the
 * domain then dies); `unimplemented` marks an opcode the core does not implement.
 */
export function noteInvalidOpcode(unimplemented: bool): void {
  let d = curDomain;
  if (d == 0) return;
  store<u32>(d + D_ud_count, load<u32>(d + D_ud_count) + 1);
  store<u32>(d + D_ud_eip, instrEip);
  store<u32>(d + D_ud_unimplemented, unimplemented ? 1 : 0);
  let n: u32 = 0;
  for (; n < 16; n++) {
    let b = peekGuestByte(instrEip + n);
    if (peekFailed) break;
    store<u8>(d + D_ud_bytes + n, <u8>b);
  }
  store<u32>(d + D_ud_len, n);
}

export function domainCrashCurrent(reason: u32): void {
  let d = curDomain;
  if (d == 0) return;
  if (!(load<u32>(d + D_flags) & DOMF_crash_info)) {
    store<u32>(d + D_flags, load<u32>(d + D_flags) | DOMF_crash_info);
    store<u32>(d + D_crash_reason, reason);
    store<i32>(d + D_crash_vector, deliveringVector);
    store<u32>(d + D_crash_eip, instrEip);
    store<u32>(d + D_crash_error, 0);
    let n: u32 = 0;
    for (; n < 16; n++) {
      let b = peekGuestByte(instrEip + n);
      if (peekFailed) break;
      store<u8>(d + D_crash_bytes + n, <u8>b);
    }
    store<u32>(d + D_crash_len, n);
  }
  domainShutdown(d, SHUTDOWN_crash);
}
