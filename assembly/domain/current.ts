// The vcpu the CPU is running, and its domain.

export let curVcpu: u32 = 0;     // struct vcpu address (domain/layout.ts), 0 = none
export let curDomain: u32 = 0;   // struct domain address
export let curDomid: u32 = 0;
/** Host address of the running vcpu's vcpu_info (in shared_info unless registered). */
export let curVcpuInfo: u32 = 0;

export function setCurrent(v: u32, d: u32, domid: u32, vcpuInfo: u32): void {
  curVcpu = v;
  curDomain = d;
  curDomid = domid;
  curVcpuInfo = vcpuInfo;
}
