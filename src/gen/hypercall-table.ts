// The one hypercall table (the counterpart of Xen's xen/include/hypercall-defs.c).
//
// Number, name, argument count and handler of every hypercall a 32-bit PV guest can
// make. src/gen/gen-hypercalls.ts turns it into the core's dispatcher
// (assembly/generated/hypercall-dispatch.ts); the README's hypercall table is checked
// against it by test/readme.test.ts. A row without a handler returns -ENOSYS.
//
// Arguments arrive in EBX, ECX, EDX, ESI, EDI (fact sheet §1.1); a handler receives the
// first `args` of them as u32 and returns the value for EAX as i32.

export type HypercallStatus = "implemented" | "partial" | "enosys";

export interface HypercallDef {
  nr: number;
  name: string;
  args: number;
  /** Handler function, exported from the named module under assembly/. */
  handler?: string;
  module?: string;
  status: HypercallStatus;
  /** What is missing, for "partial" and "enosys" rows. */
  note?: string;
}

export const HYPERCALLS: readonly HypercallDef[] = [
  { nr: 0, name: "set_trap_table", args: 1, handler: "doSetTrapTable", module: "arch/traps-hypercalls", status: "implemented" },
  { nr: 1, name: "mmu_update", args: 4, handler: "doMmuUpdate", module: "mm/mmu-update", status: "implemented" },
  { nr: 2, name: "set_gdt", args: 2, handler: "doSetGdt", module: "mm/descriptor-tables", status: "implemented" },
  { nr: 3, name: "stack_switch", args: 2, handler: "doStackSwitch", module: "arch/traps-hypercalls", status: "implemented" },
  { nr: 4, name: "set_callbacks", args: 4, handler: "doSetCallbacks", module: "arch/traps-hypercalls", status: "implemented" },
  { nr: 5, name: "fpu_taskswitch", args: 1, handler: "doFpuTaskswitch", module: "arch/fpu-taskswitch", status: "implemented" },
  { nr: 6, name: "sched_op_compat", args: 2, handler: "doSchedOpCompat", module: "hypercall/sched-op", status: "implemented" },
  { nr: 7, name: "platform_op", args: 1, status: "enosys", note: "privileged; no physical platform" },
  { nr: 8, name: "set_debugreg", args: 2, status: "enosys" },
  { nr: 9, name: "get_debugreg", args: 1, status: "enosys" },
  { nr: 10, name: "update_descriptor", args: 4, handler: "doUpdateDescriptor", module: "mm/descriptor-tables", status: "implemented" },
  { nr: 12, name: "memory_op", args: 2, handler: "doMemoryOp", module: "mm/memory-op", status: "partial", note: "reservations, populate_physmap, M2P and E820 queries; exchange, physmap and tooling ops return -ENOSYS" },
  { nr: 13, name: "multicall", args: 2, handler: "doMulticall", module: "hypercall/multicall", status: "implemented" },
  { nr: 14, name: "update_va_mapping", args: 4, handler: "doUpdateVaMapping", module: "mm/update-va-mapping", status: "implemented" },
  { nr: 15, name: "set_timer_op", args: 2, handler: "doSetTimerOp", module: "hypercall/set-timer-op", status: "implemented" },
  { nr: 16, name: "event_channel_op_compat", args: 1, handler: "doEventChannelOpCompat", module: "hypercall/event-channel-op", status: "implemented" },
  { nr: 17, name: "xen_version", args: 2, handler: "doXenVersion", module: "hypercall/xen-version", status: "implemented" },
  { nr: 18, name: "console_io", args: 3, handler: "doConsoleIo", module: "hypercall/console-io", status: "implemented" },
  { nr: 19, name: "physdev_op_compat", args: 1, status: "enosys" },
  { nr: 20, name: "grant_table_op", args: 3, handler: "doGrantTableOp", module: "hypercall/grant-table-op", status: "implemented", note: "version 1 (set_version 2: -ENOSYS, as Xen built for v1 only); dump_table kept as the public header documents it" },
  { nr: 21, name: "vm_assist", args: 2, handler: "doVmAssist", module: "hypercall/vm-assist", status: "implemented" },
  { nr: 22, name: "update_va_mapping_otherdomain", args: 5, handler: "doUpdateVaMappingOtherdomain", module: "mm/update-va-mapping", status: "implemented" },
  { nr: 23, name: "iret", args: 0, handler: "doIret", module: "arch/iret", status: "implemented" },
  { nr: 24, name: "vcpu_op", args: 3, handler: "doVcpuOp", module: "hypercall/vcpu-op", status: "partial", note: "send_nmi and the time-memory/phys-area registrations missing" },
  { nr: 25, name: "set_segment_base", args: 2, status: "enosys", note: "x86-64 only, as in Xen" },
  { nr: 26, name: "mmuext_op", args: 4, handler: "doMmuextOp", module: "mm/mmuext-op", status: "implemented" },
  { nr: 27, name: "xsm_op", args: 1, status: "enosys", note: "no XSM" },
  { nr: 28, name: "nmi_op", args: 2, status: "enosys" },
  { nr: 29, name: "sched_op", args: 2, handler: "doSchedOp", module: "hypercall/sched-op", status: "partial", note: "watchdog missing" },
  { nr: 30, name: "callback_op", args: 2, handler: "doCallbackOp", module: "hypercall/callback-op", status: "partial", note: "event and failsafe only; NMI, syscall and sysenter entries missing" },
  { nr: 31, name: "xenoprof_op", args: 2, status: "enosys", note: "dropped upstream" },
  { nr: 32, name: "event_channel_op", args: 2, handler: "doEventChannelOp", module: "hypercall/event-channel-op", status: "partial", note: "2-level ABI only (FIFO: -EOPNOTSUPP, as Xen without it); no physical IRQs" },
  { nr: 33, name: "physdev_op", args: 2, status: "enosys" },
  { nr: 34, name: "hvm_op", args: 2, status: "enosys", note: "HVM only" },
  { nr: 35, name: "sysctl", args: 1, status: "enosys", note: "privileged" },
  { nr: 36, name: "domctl", args: 1, status: "enosys", note: "privileged; the host uses core exports" },
  { nr: 37, name: "kexec_op", args: 2, status: "enosys" },
  { nr: 38, name: "tmem_op", args: 1, status: "enosys", note: "removed upstream" },
  { nr: 39, name: "argo_op", args: 5, status: "enosys" },
  { nr: 40, name: "xenpmu_op", args: 2, status: "enosys" },
  { nr: 41, name: "dm_op", args: 3, status: "enosys", note: "device models only" },
  { nr: 42, name: "hypfs_op", args: 5, status: "enosys" },
  { nr: 48, name: "mca", args: 1, status: "enosys" },
  { nr: 49, name: "paging_domctl_cont", args: 1, status: "enosys", note: "privileged" },
];

/** Hypercall numbers a guest can name (the hypercall page has 128 stubs). */
export const NR_HYPERCALLS = 64;
