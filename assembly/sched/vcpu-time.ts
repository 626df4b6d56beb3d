// What a guest reads the time from: vcpu_time_info and the wallclock in shared_info
// (xen/arch/x86/time.c __update_vcpu_system_time, update_domain_wallclock_time;
// fact sheet §3.3, §3.5).
//
// Both are written with the version protocol: version becomes odd, the fields are
// written, version becomes even again. Our TSC runs at 1 GHz, so the scale is
// exactly 1 (mul 2^31 with shift 1) and system_time + (tsc - tsc_timestamp) is the
// current system time at any later rdtsc.

import { frameAddr } from "../layout";
import { D_shared_info_mfn } from "../domain/layout";
import {
  VCPU_INFO_time, VCPU_TIME_version, VCPU_TIME_tsc_timestamp, VCPU_TIME_system_time, VCPU_TIME_tsc_to_system_mul,
  VCPU_TIME_tsc_shift, VCPU_TIME_flags, SHARED_INFO_wc_version, SHARED_INFO_wc_sec, SHARED_INFO_wc_nsec, SHARED_INFO_arch_wc_sec_hi,
} from "../public/xen";
import { vcpuInfoAddr } from "../domain/vcpu";
import { domainListHead } from "../domain/domain";
import { D_next } from "../domain/layout";
import { nowNs, tscAt } from "./time";

const XEN_PVCLOCK_TSC_STABLE_BIT: u8 = 1;
const TSC_TO_SYSTEM_MUL: u32 = 0x80000000;
const TSC_SHIFT: i8 = 1;

/** Wallclock at system time 0 (seconds, ns); the host sets it (a fixed value keeps virtual runs reproducible). */
let wcSec: u64 = 0;
let wcNsec: u32 = 0;

export function updateVcpuSystemTime(v: u32): void {
  let vi = vcpuInfoAddr(v);
  if (vi == 0) return;
  let t = vi + VCPU_INFO_time;
  let now = nowNs();
  let ver = load<u32>(t + VCPU_TIME_version);
  store<u32>(t + VCPU_TIME_version, ver | 1);
  store<u64>(t + VCPU_TIME_tsc_timestamp, tscAt(now));
  store<u64>(t + VCPU_TIME_system_time, now);
  store<u32>(t + VCPU_TIME_tsc_to_system_mul, TSC_TO_SYSTEM_MUL);
  store<i8>(t + VCPU_TIME_tsc_shift, TSC_SHIFT);
  store<u8>(t + VCPU_TIME_flags, XEN_PVCLOCK_TSC_STABLE_BIT);
  store<u32>(t + VCPU_TIME_version, (ver | 1) + 1);
}

export function updateDomainWallclock(d: u32): void {
  let si = frameAddr(load<u32>(d + D_shared_info_mfn));
  let ver = load<u32>(si + SHARED_INFO_wc_version);
  store<u32>(si + SHARED_INFO_wc_version, ver | 1);
  store<u32>(si + SHARED_INFO_wc_sec, <u32>wcSec);
  store<u32>(si + SHARED_INFO_wc_nsec, wcNsec);
  store<u32>(si + SHARED_INFO_arch_wc_sec_hi, <u32>(wcSec >> 32));
  store<u32>(si + SHARED_INFO_wc_version, (ver | 1) + 1);
}

/** do_settime: the wallclock at system time 0, for every domain now and later. */
export function setWallclock(sec: u64, nsec: u32): void {
  wcSec = sec;
  wcNsec = nsec % 1000000000;
  for (let d = domainListHead; d != 0; d = load<u32>(d + D_next)) updateDomainWallclock(d);
}
