// sched_op and sched_op_compat (xen/common/sched/core.c do_sched_op; fact sheet §6.5).

import { CPU_HCBUF } from "../layout";
import {
  SCHEDOP_yield, SCHEDOP_block, SCHEDOP_shutdown, SCHEDOP_poll, SCHEDOP_remote_shutdown, SCHEDOP_shutdown_code,
  SCHEDOP_watchdog, SCHEDOP_pin_override,
} from "../public/sched";
import { VCPU_INFO_evtchn_upcall_mask, VCPU_INFO_evtchn_upcall_pending } from "../public/xen";
import { EFAULT, ENOSYS, EPERM, ESRCH } from "../public/errno";
import { copyFromGuest, getGuestU32, copyFailed } from "../mm/guest-copy";
import { curDomain, curVcpu, curVcpuInfo } from "../domain/current";
import { D_shutdown_code, D_flags, DOMF_privileged, V_pause_flags, VPF_blocked } from "../domain/layout";
import { domainShutdown } from "../domain/domain";
import { domainLookupAddr } from "../domain/lookup";
import { requestExit, signal, SIG_EVENT_CHECK } from "../cpu/signal";
import { D_poll_mask, V_poll_evtchn, V_poll_deadline, V_vcpu_id } from "../domain/layout";
import { EINVAL } from "../public/errno";
import { vcpuSleep } from "../sched/wake";
import { evtchnIsPending } from "../event/evtchn-2l";
import { maxEvtchns } from "../event/evtchn-table";
import { timerChanged } from "../sched/timer";
import { guestRangeOk } from "../mm/guest-copy";

const SCHED_POLL_MAX_PORTS: u32 = 128;

/**
 * SCHEDOP_poll: block until one of the listed ports is pending (mask ignored), the
 * timeout passes, or the vcpu is otherwise woken (do_poll). Flags are set before the
 * ports are checked, so an event raised in between still wakes us.
 */
function poll(arg: u32): i32 {
  if (!copyFromGuest(CPU_HCBUF, arg, 16)) return -EFAULT;
  let ports = load<u32>(CPU_HCBUF), nr = load<u32>(CPU_HCBUF, 4), timeout = load<u64>(CPU_HCBUF, 8);
  if (nr > SCHED_POLL_MAX_PORTS) return -EINVAL;
  if (!guestRangeOk(ports, nr << 2)) return -EFAULT;
  let v = curVcpu, d = curDomain;
  let bit: u32 = 1 << load<u32>(v + V_vcpu_id);
  let rc: i32 = 0;
  // Already deliverable: return at once.
  if (load<u8>(curVcpuInfo + VCPU_INFO_evtchn_upcall_pending) != 0 && load<u8>(curVcpuInfo + VCPU_INFO_evtchn_upcall_mask) == 0) return 0;
  let port: u32 = 0;
  for (let i: u32 = 0; i < nr; i++) {
    port = getGuestU32(ports + (i << 2));
    if (copyFailed) return -EFAULT;
    if (port >= maxEvtchns(d)) return -EINVAL;
    if (evtchnIsPending(d, port)) return 0;
  }
  store<i32>(v + V_poll_evtchn, nr == 1 ? <i32>port : -1);
  store<u32>(d + D_poll_mask, load<u32>(d + D_poll_mask) | bit);
  store<u32>(v + V_pause_flags, load<u32>(v + V_pause_flags) | VPF_blocked);
  if (timeout != 0) { store<u64>(v + V_poll_deadline, timeout); timerChanged(v); }
  requestExit();
  vcpuSleep(v);
  return rc;
}

function yieldCpu(): i32 {
  requestExit();
  return 0;
}

/** SCHEDOP_block: unmask events and sleep until one is pending (vcpu_block_enable_events). */
function block(): i32 {
  store<u8>(curVcpuInfo + VCPU_INFO_evtchn_upcall_mask, 0);
  // Check after unmasking: an event already pending is delivered on the way out.
  if (load<u8>(curVcpuInfo + VCPU_INFO_evtchn_upcall_pending) != 0) {
    signal(SIG_EVENT_CHECK);
    return 0;
  }
  store<u32>(curVcpu + V_pause_flags, load<u32>(curVcpu + V_pause_flags) | VPF_blocked);
  requestExit();
  vcpuSleep(curVcpu);
  return 0;
}

function shutdown(reason: u32): i32 {
  domainShutdown(curDomain, reason & 0xff);
  return 0;
}

export function doSchedOp(cmd: u32, arg: u32): i32 {
  switch (cmd) {
    case SCHEDOP_yield: return yieldCpu();
    case SCHEDOP_block: return block();
    case SCHEDOP_shutdown: {
      let reason = getGuestU32(arg);
      if (copyFailed) return -EFAULT;
      return shutdown(reason);
    }
    case SCHEDOP_shutdown_code: {
      let reason = getGuestU32(arg);
      if (copyFailed) return -EFAULT;
      if (load<i32>(curDomain + D_shutdown_code) < 0) store<i32>(curDomain + D_shutdown_code, <i32>(reason & 0xff));
      return 0;
    }
    case SCHEDOP_remote_shutdown: {
      if (!copyFromGuest(CPU_HCBUF, arg, 8)) return -EFAULT;
      let target = domainLookupAddr(<u32>load<u16>(CPU_HCBUF));
      if (target == 0) return -ESRCH;
      // Only a device model or privileged domain may shut down another domain.
      if (!(load<u32>(curDomain + D_flags) & DOMF_privileged)) return -EPERM;
      domainShutdown(target, load<u32>(CPU_HCBUF, 4) & 0xff);
      return 0;
    }
    case SCHEDOP_pin_override: return -EPERM; // hardware domain only
    case SCHEDOP_poll: return poll(arg);
    case SCHEDOP_watchdog: return -ENOSYS; // not yet implemented
    default: return -ENOSYS;
  }
}

/** Legacy sched_op_compat(cmd, arg): yield, block, shutdown(arg = reason). */
export function doSchedOpCompat(cmd: u32, arg: u32): i32 {
  switch (cmd) {
    case SCHEDOP_yield: return yieldCpu();
    case SCHEDOP_block: return block();
    case SCHEDOP_shutdown: return shutdown(arg);
    default: return -ENOSYS;
  }
}
