// set_trap_table, stack_switch and set_callbacks (fact sheet §5.3-5.5;
// xen/arch/x86/pv/traps.c, pv/callback.c).

import { CPU_HCBUF } from "../layout";
import { curVcpu } from "../domain/current";
import { V_trap_ctxt, V_kernel_ss, V_kernel_sp, V_event_cs, V_event_eip, V_failsafe_cs, V_failsafe_eip, V_failsafe_flags } from "../domain/layout";
import { TRAP_INFO_SIZE, TRAP_INFO_cs, TRAP_INFO_address } from "../public/arch-x86";
import { EFAULT } from "../public/errno";
import { copyFromGuest } from "../mm/guest-copy";

/** A selector with RPL 0 is raised to RPL 1 (fixup_guest_code/stack_selector). */
// @ts-ignore: decorator
@inline export function fixupSelector(sel: u32): u32 {
  sel &= 0xffff;
  return (sel & 3) == 0 ? sel | 1 : sel;
}

/**
 * set_trap_table(table): copies trap_info entries into the vcpu's virtual IDT until
 * one with address 0; a NULL table clears all 256. Entries before a fault stay set.
 */
export function doSetTrapTable(table: u32): i32 {
  let idt = curVcpu + V_trap_ctxt;
  if (table == 0) {
    memory.fill(idt, 0, 256 * TRAP_INFO_SIZE);
    return 0;
  }
  let buf = CPU_HCBUF;
  while (true) {
    if (!copyFromGuest(buf, table, TRAP_INFO_SIZE)) return -EFAULT;
    let address = load<u32>(buf + TRAP_INFO_address);
    if (address == 0) break;
    store<u16>(buf + TRAP_INFO_cs, <u16>fixupSelector(load<u16>(buf + TRAP_INFO_cs)));
    memory.copy(idt + <u32>load<u8>(buf) * TRAP_INFO_SIZE, buf, TRAP_INFO_SIZE);
    table += TRAP_INFO_SIZE;
  }
  return 0;
}

/** stack_switch(ss, esp): the kernel stack for entries from ring 2/3. */
export function doStackSwitch(ss: u32, esp: u32): i32 {
  store<u32>(curVcpu + V_kernel_ss, fixupSelector(ss));
  store<u32>(curVcpu + V_kernel_sp, esp);
  return 0;
}

/** set_callbacks(event_cs, event_eip, failsafe_cs, failsafe_eip). */
export function doSetCallbacks(eventCs: u32, eventEip: u32, failsafeCs: u32, failsafeEip: u32): i32 {
  store<u32>(curVcpu + V_event_cs, fixupSelector(eventCs));
  store<u32>(curVcpu + V_event_eip, eventEip);
  store<u32>(curVcpu + V_failsafe_cs, fixupSelector(failsafeCs));
  store<u32>(curVcpu + V_failsafe_eip, failsafeEip);
  store<u32>(curVcpu + V_failsafe_flags, 0); // the failsafe is entered with events as they were
  return 0;
}
