// Core exports: per-domain and per-vcpu usage data, as one snapshot. See assembly/index.ts.
//
// machineSnapshot(first) writes, to the transfer buffer, a header and then one record
// per domain with domid >= first (in domid order) and its vcpus, as many as fit:
//   header  +0 count u32  +4 next domid to ask for (0x7ff0: done)  +8 system time u64
//   domain (336)  +0 domid +4 flags +8 pause_count +12 shutdown_reason +16 tot_pages
//           +20 max_pages +24 xenheap_pages +28 nr vcpu records +32 weight +36 cap
//           +40 instructions u64 +48 hypercalls u64 +56 faults u64 +64 events sent u64
//           +72 events received u64 +80 hypercalls by number u32[64]
//   vcpu (352)    +0 vcpu_id +4 runstate +8 pause_flags +12 credit i32 +16 priority i32
//           +20 physical CPU (~0 none) +24 ns running/runnable/blocked/offline u64[4]
//           +56 instructions u64 +64 hypercalls u64 +72 faults u64 +80 events sent u64
//           +88 events received u64 +96 hypercalls by number u32[64]

import { XFER_BASE, XFER_SIZE } from "../layout";
import { domainLookupAddr } from "../domain/lookup";
import {
  D_flags, D_pause_count, D_shutdown_reason, D_tot_pages, D_max_pages, D_xenheap_pages, D_max_vcpus, D_vcpu, D_weight, D_cap,
  D_stat_instructions, D_stat_hypercalls, D_stat_faults, D_stat_events_sent, D_stat_events_received, D_stat_hypercall_nr,
  V_vcpu_id, V_runstate_state, V_pause_flags, V_credit, V_pri, V_processor, V_stat_instructions, V_stat_hypercalls,
  V_stat_faults, V_stat_events_sent, V_stat_events_received, V_stat_hypercall_nr,
} from "../domain/layout";
import { DOMID_FIRST_RESERVED } from "../public/xen";
import { runstateTime } from "../sched/runstate";
import { vcpuNow } from "../sched/schedule";
import { nowNs } from "../sched/time";

const HEADER: u32 = 16;
const DOM_REC: u32 = 336;
const VCPU_REC: u32 = 352;

export function machineSnapshot(first: u32): i32 {
  let x = XFER_BASE;
  let p = x + HEADER;
  let count: u32 = 0;
  let next = DOMID_FIRST_RESERVED;
  for (let id = first; id < DOMID_FIRST_RESERVED; id++) {
    let d = domainLookupAddr(id);
    if (d == 0) continue;
    let nv = load<u32>(d + D_max_vcpus);
    let need = DOM_REC + nv * VCPU_REC;
    if (p + need > x + XFER_SIZE) { next = id; break; }
    store<u32>(p, id);
    store<u32>(p + 4, load<u32>(d + D_flags));
    store<u32>(p + 8, load<u32>(d + D_pause_count));
    store<u32>(p + 12, load<u32>(d + D_shutdown_reason));
    store<u32>(p + 16, load<u32>(d + D_tot_pages));
    store<u32>(p + 20, load<u32>(d + D_max_pages));
    store<u32>(p + 24, load<u32>(d + D_xenheap_pages));
    store<u32>(p + 32, load<u32>(d + D_weight));
    store<u32>(p + 36, load<u32>(d + D_cap));
    store<u64>(p + 40, load<u64>(d + D_stat_instructions));
    store<u64>(p + 48, load<u64>(d + D_stat_hypercalls));
    store<u64>(p + 56, load<u64>(d + D_stat_faults));
    store<u64>(p + 64, load<u64>(d + D_stat_events_sent));
    store<u64>(p + 72, load<u64>(d + D_stat_events_received));
    memory.copy(p + 80, d + D_stat_hypercall_nr, 256);
    let q = p + DOM_REC;
    let nrec: u32 = 0;
    for (let i: u32 = 0; i < nv; i++) {
      let v = load<u32>(d + D_vcpu + (i << 2));
      if (v == 0) continue;
      let now = vcpuNow(v);
      store<u32>(q, load<u32>(v + V_vcpu_id));
      store<u32>(q + 4, load<u32>(v + V_runstate_state));
      store<u32>(q + 8, load<u32>(v + V_pause_flags));
      store<i32>(q + 12, load<i32>(v + V_credit));
      store<i32>(q + 16, load<i32>(v + V_pri));
      store<u32>(q + 20, load<u32>(v + V_processor));
      for (let s: u32 = 0; s < 4; s++) store<u64>(q + 24 + (s << 3), runstateTime(v, s, now));
      store<u64>(q + 56, load<u64>(v + V_stat_instructions));
      store<u64>(q + 64, load<u64>(v + V_stat_hypercalls));
      store<u64>(q + 72, load<u64>(v + V_stat_faults));
      store<u64>(q + 80, load<u64>(v + V_stat_events_sent));
      store<u64>(q + 88, load<u64>(v + V_stat_events_received));
      memory.copy(q + 96, v + V_stat_hypercall_nr, 256);
      q += VCPU_REC;
      nrec++;
    }
    store<u32>(p + 28, nrec);
    p = q;
    count++;
  }
  store<u32>(x, count);
  store<u32>(x + 4, next);
  store<u64>(x + 8, nowNs());
  return <i32>count;
}
