// sched_op (xen/include/public/sched.h). Fact sheet §6.5.
//
//   sched_op(cmd, arg)         (#29) arg is a pointer to the struct named below.
//   sched_op_compat(cmd, arg)  (#6)  legacy: yield, block, shutdown(arg = reason).

export const SCHEDOP_yield: u32 = 0;           // NULL
export const SCHEDOP_block: u32 = 1;           // NULL; clears evtchn_upcall_mask, blocks
export const SCHEDOP_shutdown: u32 = 2;        // sched_shutdown { reason u32 @0 } (4)
export const SCHEDOP_poll: u32 = 3;            // sched_poll { ports @0, nr_ports @4, timeout u64 @8 } (16)
export const SCHEDOP_remote_shutdown: u32 = 4; // sched_remote_shutdown { domain_id u16 @0, reason u32 @4 } (8)
export const SCHEDOP_shutdown_code: u32 = 5;   // sched_shutdown
export const SCHEDOP_watchdog: u32 = 6;        // sched_watchdog { id u32 @0, timeout u32 @4 } (8)
export const SCHEDOP_pin_override: u32 = 7;    // hardware domain only

export const SHUTDOWN_poweroff: u32 = 0;
export const SHUTDOWN_reboot: u32 = 1;
export const SHUTDOWN_suspend: u32 = 2;
export const SHUTDOWN_crash: u32 = 3;
export const SHUTDOWN_watchdog: u32 = 4;
export const SHUTDOWN_soft_reset: u32 = 5;
export const SHUTDOWN_MAX: u32 = 5;
