// callback_op (#30): register the event and failsafe callbacks by type
// (xen/arch/x86/pv/callback.c; fact sheet §5.5).

import { CPU_HCBUF } from "../layout";
import { curVcpu } from "../domain/current";
import { V_event_cs, V_event_eip, V_failsafe_cs, V_failsafe_eip, V_failsafe_flags } from "../domain/layout";
import { copyFromGuest } from "../mm/guest-copy";
import { EFAULT, EINVAL, ENOSYS } from "../public/errno";
import { CALLBACKOP_register, CALLBACKOP_unregister, CALLBACKTYPE_event, CALLBACKTYPE_failsafe, CALLBACKF_mask_events } from "../public/callback";
import { fixupSelector } from "../arch/traps-hypercalls";

export function doCallbackOp(cmd: u32, arg: u32): i32 {
  let a = CPU_HCBUF;
  if (cmd == CALLBACKOP_register) {
    if (!copyFromGuest(a, arg, 12)) return -EFAULT;
    let type = <u32>load<u16>(a), flags = <u32>load<u16>(a + 2), cs = load<u32>(a + 4), eip = load<u32>(a + 8);
    if (type == CALLBACKTYPE_event) {
      store<u32>(curVcpu + V_event_cs, fixupSelector(cs));
      store<u32>(curVcpu + V_event_eip, eip);
      return 0;
    }
    if (type == CALLBACKTYPE_failsafe) {
      store<u32>(curVcpu + V_failsafe_cs, fixupSelector(cs));
      store<u32>(curVcpu + V_failsafe_eip, eip);
      store<u32>(curVcpu + V_failsafe_flags, flags & CALLBACKF_mask_events);
      return 0;
    }
    return -ENOSYS;  // syscall/sysenter/NMI entry points are not provided yet
  }
  if (cmd == CALLBACKOP_unregister) {
    if (!copyFromGuest(a, arg, 4)) return -EFAULT;
    let type = <u32>load<u16>(a);
    if (type == CALLBACKTYPE_event || type == CALLBACKTYPE_failsafe) return -EINVAL;
    return -ENOSYS;
  }
  return -EINVAL;
}
