// Changing the current privilege level of the vcpu.

import { setCplRaw, cpl } from "../cpu/state";
import { tlbSetUser } from "../cpu/tlb";

/** Sets CPL (from a new CS's RPL) and switches the TLB's permission view. */
export function setCpl(n: u32): void {
  if (n == cpl) return;
  setCplRaw(n);
  tlbSetUser(n == 3);
}
