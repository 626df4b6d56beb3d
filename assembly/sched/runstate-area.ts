// VCPUOP_register_runstate_memory_area: Xen copies the vcpu's runstate to a guest
// virtual address whenever the vcpu is scheduled (update_runstate_area). The copy
// goes through the vcpu's own address space, so it is done right after the vcpu is
// loaded; a fault there is ignored, as upstream ignores it.

import { CPU_HCBUF } from "../layout";
import { V_runstate_guest, V_runstate_state, V_runstate_entry, V_runstate_time } from "../domain/layout";
import { RUNSTATE_INFO_state, RUNSTATE_INFO_state_entry_time, RUNSTATE_INFO_time, RUNSTATE_INFO_SIZE } from "../public/vcpu";
import { copyToGuest } from "../mm/guest-copy";

/** Writes vcpu_runstate_info of `v` at host address `buf`. */
export function runstateInfoWrite(v: u32, buf: u32): void {
  store<u32>(buf + RUNSTATE_INFO_state, load<u32>(v + V_runstate_state));
  store<u64>(buf + RUNSTATE_INFO_state_entry_time, load<u64>(v + V_runstate_entry));
  memory.copy(buf + RUNSTATE_INFO_time, v + V_runstate_time, 32);
}

/** `v` is the loaded vcpu: refresh its registered runstate area, if any. */
export function runstateGuestUpdate(v: u32): void {
  let va = load<u32>(v + V_runstate_guest);
  if (va == 0) return;
  runstateInfoWrite(v, CPU_HCBUF);
  copyToGuest(va, CPU_HCBUF, RUNSTATE_INFO_SIZE);
}
