// vcpu_op (#24): bringing vcpus up and down, their timers, runstate and vcpu_info
// placement (xen/common/domain.c common_vcpu_op, xen/arch/x86/domain.c; fact sheet §8.4).

import { CPU_HCBUF, XFER_BASE, frameAddr, PAGE_SIZE } from "../layout";
import { curDomain, curVcpu, curDomid, setCurrent } from "../domain/current";
import {
  D_max_vcpus, D_vcpu, V_pause_flags, V_vflags, VPF_down, VCPU_initialised, V_periodic_period, V_periodic_last,
  V_singleshot_deadline, V_runstate_guest, V_vcpu_info_mfn, V_vcpu_info_offset, V_vcpu_info_ref, D_domain_id,
} from "../domain/layout";
import { copyFromGuest, copyToGuest } from "../mm/guest-copy";
import { EFAULT, ENOENT, ENOSYS, EINVAL, EEXIST, EBUSY, ENXIO, EACCES } from "../public/errno";
import {
  VCPUOP_initialise, VCPUOP_up, VCPUOP_down, VCPUOP_is_up, VCPUOP_get_runstate_info, VCPUOP_register_runstate_memory_area,
  VCPUOP_set_periodic_timer, VCPUOP_stop_periodic_timer, VCPUOP_set_singleshot_timer, VCPUOP_stop_singleshot_timer,
  VCPUOP_register_vcpu_info, VCPUOP_send_nmi, VCPUOP_get_physid, RUNSTATE_INFO_SIZE, VCPU_GUEST_CONTEXT_SIZE,
} from "../public/vcpu";
import { SHUTDOWN_poweroff } from "../public/sched";
import { VCPU_INFO_SIZE, VCPU_INFO_evtchn_pending_sel, VCPU_INFO_evtchn_upcall_pending } from "../public/xen";
import { setVcpuContext } from "../arch/vcpu-context";
import { domainShutdown } from "../domain/domain";
import { vcpuInfoAddr, vcpuSave } from "../domain/vcpu";
import { vcpuWake, vcpuSleep } from "../sched/wake";
import { runstateInfoWrite, runstateGuestUpdate } from "../sched/runstate-area";
import { runstateSync } from "../sched/runstate";
import { sendTimerEvent, timerChanged } from "../sched/timer";
import { updateVcpuSystemTime } from "../sched/vcpu-time";
import { nowNs } from "../sched/time";
import { getPageAndType, putPageAndType } from "../mm/page-ref";
import { PGT_writable_page, NO_FRAME } from "../mm/frame-table";
import { signal, SIG_EVENT_CHECK } from "../cpu/signal";

const MILLISECS_1: u64 = 1_000_000;

/** Arms the single-shot timer; a deadline already passed raises VIRQ_TIMER at once. */
export function setSingleshot(v: u32, deadline: u64): void {
  if (deadline <= nowNs()) {
    store<u64>(v + V_singleshot_deadline, 0);
    sendTimerEvent(v);
    return;
  }
  store<u64>(v + V_singleshot_deadline, deadline);
  timerChanged(v);
}

function vcpuDown(v: u32): i32 {
  store<u32>(v + V_pause_flags, load<u32>(v + V_pause_flags) | VPF_down);
  vcpuSleep(v);
  // The last vcpu going down powers the domain off.
  let n = load<u32>(curDomain + D_max_vcpus);
  for (let i: u32 = 0; i < n; i++) {
    let w = load<u32>(curDomain + D_vcpu + (i << 2));
    if (w != 0 && !(load<u32>(w + V_pause_flags) & VPF_down)) return 0;
  }
  domainShutdown(curDomain, SHUTDOWN_poweroff);
  return 0;
}

/** VCPUOP_register_vcpu_info: move v's vcpu_info into a frame of the guest's own. */
function registerVcpuInfo(v: u32, a: u32): i32 {
  let mfnLo = load<u32>(a), mfnHi = load<u32>(a + 4), offset = load<u32>(a + 8);
  if (offset > PAGE_SIZE - VCPU_INFO_SIZE || (offset & 3) != 0) return -ENXIO;
  if (load<u32>(v + V_vcpu_info_ref) != NO_FRAME) return -EBUSY;
  if (mfnHi != 0) return -EINVAL;
  if (getPageAndType(mfnLo, curDomid, PGT_writable_page) != 0) return -EACCES;
  let oldAddr = vcpuInfoAddr(v);
  let newAddr = frameAddr(mfnLo) + offset;
  if (oldAddr != 0) memory.copy(newAddr, oldAddr, VCPU_INFO_SIZE);
  store<u32>(v + V_vcpu_info_ref, mfnLo);
  store<u32>(v + V_vcpu_info_mfn, mfnLo);
  store<u32>(v + V_vcpu_info_offset, offset);
  // Make the guest scan everything once: events may have been raised in the old copy.
  store<u32>(newAddr + VCPU_INFO_evtchn_pending_sel, 0xffffffff);
  store<u8>(newAddr + VCPU_INFO_evtchn_upcall_pending, 1);
  if (v == curVcpu) {
    setCurrent(curVcpu, curDomain, curDomid, newAddr);
    signal(SIG_EVENT_CHECK);
  }
  updateVcpuSystemTime(v);
  return 0;
}

export function doVcpuOp(cmd: u32, vcpuid: u32, arg: u32): i32 {
  let d = curDomain;
  if (vcpuid >= load<u32>(d + D_max_vcpus)) return -ENOENT;
  let v = load<u32>(d + D_vcpu + (vcpuid << 2));
  if (v == 0) return -ENOENT;
  let a = CPU_HCBUF;
  switch (cmd) {
    case VCPUOP_initialise: {
      if (vcpuInfoAddr(v) == 0) return -EINVAL;
      if (load<u32>(v + V_vflags) & VCPU_initialised) return -EEXIST;
      // The context is larger than the hypercall scratch area; the transfer buffer is
      // idle while guests run (the host uses it only between run() calls).
      if (!copyFromGuest(XFER_BASE, arg, VCPU_GUEST_CONTEXT_SIZE)) return -EFAULT;
      if (v == curVcpu) vcpuSave(v);
      let rc = setVcpuContext(d, v, XFER_BASE);
      if (rc == 0) vcpuWake(v);
      return rc;
    }
    case VCPUOP_up: {
      if (!(load<u32>(v + V_vflags) & VCPU_initialised)) return -EINVAL;
      let f = load<u32>(v + V_pause_flags);
      if (f & VPF_down) {
        store<u32>(v + V_pause_flags, f & ~VPF_down);
        vcpuWake(v);
      }
      return 0;
    }
    case VCPUOP_down: return vcpuDown(v);
    case VCPUOP_is_up: return (load<u32>(v + V_pause_flags) & VPF_down) ? 0 : 1;
    case VCPUOP_get_runstate_info: {
      runstateSync(v);
      runstateInfoWrite(v, a);
      if (!copyToGuest(arg, a, RUNSTATE_INFO_SIZE)) return -EFAULT;
      return 0;
    }
    case VCPUOP_register_runstate_memory_area: {
      if (!copyFromGuest(a, arg, 8)) return -EFAULT;
      store<u32>(v + V_runstate_guest, load<u32>(a));
      if (v == curVcpu) runstateGuestUpdate(v);
      return 0;
    }
    case VCPUOP_set_periodic_timer: {
      if (!copyFromGuest(a, arg, 8)) return -EFAULT;
      let period = load<u64>(a);
      if (period < MILLISECS_1) return -EINVAL;
      store<u64>(v + V_periodic_period, period);
      store<u64>(v + V_periodic_last, nowNs());
      timerChanged(v);
      return 0;
    }
    case VCPUOP_stop_periodic_timer:
      store<u64>(v + V_periodic_period, 0);
      return 0;
    case VCPUOP_set_singleshot_timer: {
      if (v != curVcpu) return -EINVAL;
      if (!copyFromGuest(a, arg, 12)) return -EFAULT;
      setSingleshot(v, load<u64>(a));
      return 0;
    }
    case VCPUOP_stop_singleshot_timer:
      if (v != curVcpu) return -EINVAL;
      store<u64>(v + V_singleshot_deadline, 0);
      return 0;
    case VCPUOP_register_vcpu_info: {
      if (!copyFromGuest(a, arg, 16)) return -EFAULT;
      return registerVcpuInfo(v, a);
    }
    case VCPUOP_get_physid: return -EINVAL;   // not pinned to a physical CPU
    case VCPUOP_send_nmi: return -ENOSYS;     // no virtual NMIs yet
    default: return -ENOSYS;
  }
}
