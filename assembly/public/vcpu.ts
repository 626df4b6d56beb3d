// vcpu_op (xen/include/public/vcpu.h). Fact sheet §8.4.
//
//   vcpu_op(cmd, vcpuid, arg)  (#24). A vcpuid the domain does not have -> -ENOENT;
//   unknown cmd -> -ENOSYS.

export const VCPUOP_initialise: u32 = 0;            // vcpu_guest_context (2800): once, else -EEXIST
export const VCPUOP_up: u32 = 1;                    // NULL: not initialised -> -EINVAL
export const VCPUOP_down: u32 = 2;                  // NULL
export const VCPUOP_is_up: u32 = 3;                 // NULL: returns 1 or 0
export const VCPUOP_get_runstate_info: u32 = 4;     // OUT vcpu_runstate_info (44)
export const VCPUOP_register_runstate_memory_area: u32 = 5; // { addr.v u32 @0 } (8)
export const VCPUOP_set_periodic_timer: u32 = 6;    // { period_ns u64 @0 } (8): < 1 ms -> -EINVAL
export const VCPUOP_stop_periodic_timer: u32 = 7;   // NULL
export const VCPUOP_set_singleshot_timer: u32 = 8;  // { timeout_abs_ns u64 @0, flags u32 @8 } (12)
export const VCPUOP_stop_singleshot_timer: u32 = 9; // NULL
export const VCPUOP_register_vcpu_info: u32 = 10;   // { mfn u64 @0, offset u32 @8, rsvd u32 @12 } (16)
export const VCPUOP_send_nmi: u32 = 11;
export const VCPUOP_get_physid: u32 = 12;
export const VCPUOP_register_vcpu_time_memory_area: u32 = 13;

export const VCPU_SSHOTTMR_future: u32 = 1;

// struct vcpu_runstate_info (44 bytes on x86_32: the u64s are 4-byte aligned)
export const RUNSTATE_INFO_state: u32 = 0;             // i32 RUNSTATE_*
export const RUNSTATE_INFO_state_entry_time: u32 = 4;  // u64 system time (ns)
export const RUNSTATE_INFO_time: u32 = 12;             // u64[4] ns spent in each state
export const RUNSTATE_INFO_SIZE: u32 = 44;

export const RUNSTATE_running: u32 = 0;   // running on a physical CPU
export const RUNSTATE_runnable: u32 = 1;  // runnable, waiting for a physical CPU
export const RUNSTATE_blocked: u32 = 2;   // blocked (SCHEDOP_block/poll)
export const RUNSTATE_offline: u32 = 3;   // down, paused or shut down

export const VCPU_GUEST_CONTEXT_SIZE: u32 = 2800;
