// event_channel_op (#32) and event_channel_op_compat (#16): the guest boundary of
// event/ (xen/common/event_channel.c do_event_channel_op; fact sheet §6.1).
//
// Copy the argument in, act for the calling domain, copy the OUT fields back.
// -EFAULT comes only from the copies.

import { CPU_HCBUF } from "../layout";
import { curDomain, curVcpu } from "../domain/current";
import { copyFromGuest, copyToGuest } from "../mm/guest-copy";
import { EFAULT, ENOSYS, EOPNOTSUPP } from "../public/errno";
import {
  EVTCHNOP_bind_interdomain, EVTCHNOP_bind_virq, EVTCHNOP_bind_pirq, EVTCHNOP_close, EVTCHNOP_send, EVTCHNOP_status,
  EVTCHNOP_alloc_unbound, EVTCHNOP_bind_ipi, EVTCHNOP_bind_vcpu, EVTCHNOP_unmask, EVTCHNOP_reset, EVTCHNOP_init_control,
  EVTCHNOP_expand_array, EVTCHNOP_set_priority, EVTCHNOP_ARG_SIZE, EVTCHN_OP_COMPAT_SIZE,
} from "../public/event-channel";
import {
  evtchnAllocUnbound, evtchnBindInterdomain, evtchnBindVirq, evtchnBindIpi, evtchnClose, evtchnSend, evtchnStatus,
  evtchnBindVcpu, evtchnUnmask, evtchnReset, outPort, outStatus, outVcpu, outDom, outRemotePort,
} from "../event/event-channel";
import { EPERM } from "../public/errno";

/** Runs `cmd` on the struct at host address `a` (already copied in); writes OUT fields there. */
function evtchnOp(cmd: u32, a: u32): i32 {
  let d = curDomain;
  switch (cmd) {
    case EVTCHNOP_alloc_unbound: {
      let rc = evtchnAllocUnbound(d, <u32>load<u16>(a), <u32>load<u16>(a + 2));
      if (rc == 0) store<u32>(a + 4, outPort);
      return rc;
    }
    case EVTCHNOP_bind_interdomain: {
      let rc = evtchnBindInterdomain(d, <u32>load<u16>(a), load<u32>(a + 4));
      if (rc == 0) store<u32>(a + 8, outPort);
      return rc;
    }
    case EVTCHNOP_bind_virq: {
      let rc = evtchnBindVirq(d, load<u32>(a), load<u32>(a + 4));
      if (rc == 0) store<u32>(a + 8, outPort);
      return rc;
    }
    case EVTCHNOP_bind_ipi: {
      let rc = evtchnBindIpi(d, load<u32>(a));
      if (rc == 0) store<u32>(a + 4, outPort);
      return rc;
    }
    case EVTCHNOP_bind_pirq: return -EPERM; // no physical IRQs for an unprivileged guest
    case EVTCHNOP_close: return evtchnClose(d, load<u32>(a));
    case EVTCHNOP_send: return evtchnSend(d, load<u32>(a), curVcpu);
    case EVTCHNOP_status: {
      let rc = evtchnStatus(d, <u32>load<u16>(a), load<u32>(a + 4));
      if (rc == 0) {
        store<u32>(a + 8, outStatus);
        store<u32>(a + 12, outVcpu);
        store<u32>(a + 16, outDom);  // unbound.dom / interdomain.dom (u16) / virq (u32)
        store<u32>(a + 20, outRemotePort);
      }
      return rc;
    }
    case EVTCHNOP_bind_vcpu: return evtchnBindVcpu(d, load<u32>(a), load<u32>(a + 4));
    case EVTCHNOP_unmask: return evtchnUnmask(d, load<u32>(a));
    case EVTCHNOP_reset: return evtchnReset(d, <u32>load<u16>(a));
    // Only the 2-level ABI is provided: what Xen built without CONFIG_EVTCHN_FIFO says.
    case EVTCHNOP_init_control: case EVTCHNOP_expand_array: return -EOPNOTSUPP;
    case EVTCHNOP_set_priority: return -ENOSYS;
    default: return -ENOSYS;
  }
}

// @ts-ignore: decorator
@inline function hasOutput(cmd: u32): bool {
  return cmd == EVTCHNOP_alloc_unbound || cmd == EVTCHNOP_bind_interdomain || cmd == EVTCHNOP_bind_virq ||
    cmd == EVTCHNOP_bind_ipi || cmd == EVTCHNOP_status;
}

export function doEventChannelOp(cmd: u32, arg: u32): i32 {
  if (cmd > EVTCHNOP_set_priority) return -ENOSYS;
  let size = <u32>unchecked(EVTCHNOP_ARG_SIZE[cmd]);
  let a = CPU_HCBUF;
  if (!copyFromGuest(a, arg, size)) return -EFAULT;
  let rc = evtchnOp(cmd, a);
  if (rc == 0 && hasOutput(cmd) && !copyToGuest(arg, a, size)) return -EFAULT;
  return rc;
}

/** event_channel_op_compat(op): struct evtchn_op { cmd u32, union @4 }. */
export function doEventChannelOpCompat(op: u32): i32 {
  let a = CPU_HCBUF;
  if (!copyFromGuest(a, op, EVTCHN_OP_COMPAT_SIZE)) return -EFAULT;
  let cmd = load<u32>(a);
  if (cmd > EVTCHNOP_set_priority) return -ENOSYS;
  let rc = evtchnOp(cmd, a + 4);
  if (rc == 0 && hasOutput(cmd) && !copyToGuest(op, a, EVTCHN_OP_COMPAT_SIZE)) return -EFAULT;
  return rc;
}
