// Whether a vcpu may run (xen/include/xen/sched.h vcpu_runnable).

import { V_pause_flags, V_domain, D_pause_count, D_flags, DOMF_shutdown, DOMF_dying } from "../domain/layout";

/** No pause flag set, and its domain neither paused, shut down nor dying. */
export function vcpuRunnable(v: u32): bool {
  if (load<u32>(v + V_pause_flags) != 0) return false;
  let d = load<u32>(v + V_domain);
  return load<u32>(d + D_pause_count) == 0 && (load<u32>(d + D_flags) & (DOMF_shutdown | DOMF_dying)) == 0;
}
