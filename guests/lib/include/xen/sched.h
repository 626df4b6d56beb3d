/*
 * xen/sched.h — sched_op(cmd, arg) (#29) and the legacy sched_op_compat(cmd, arg)
 * (#6) (docs/xen-abi-x86_32.md §6.5, xen/include/public/sched.h).
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#define SCHEDOP_yield            0   /* arg NULL */
#define SCHEDOP_block            1   /* arg NULL; clears evtchn_upcall_mask, then blocks */
#define SCHEDOP_shutdown         2   /* struct sched_shutdown; does not return */
#define SCHEDOP_poll             3   /* struct sched_poll */
#define SCHEDOP_remote_shutdown  4   /* struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code    5   /* struct sched_shutdown: reason for a later shutdown */
#define SCHEDOP_watchdog         6   /* struct sched_watchdog */
#define SCHEDOP_pin_override     7   /* hardware domain only */

/* Shutdown reasons, reported to the toolstack. Xen crashing a domain reports crash. */
#define SHUTDOWN_poweroff    0
#define SHUTDOWN_reboot      1
#define SHUTDOWN_suspend     2   /* EDX must hold the MFN of start_info */
#define SHUTDOWN_crash       3
#define SHUTDOWN_watchdog    4
#define SHUTDOWN_soft_reset  5
#define SHUTDOWN_MAX         5

#ifndef __ASSEMBLER__
#include <stdint.h>

struct sched_shutdown {              /* 4 bytes */
    unsigned int reason;             /* SHUTDOWN_* */
};

struct sched_poll {                  /* 16 bytes on x86_32 */
    uint32_t *ports;                 /* event-channel ports to wait on */
    unsigned int nr_ports;           /* <= 128 */
    uint64_t timeout;                /* absolute system time in ns; 0 = none */
};
_Static_assert(sizeof(struct sched_poll) == 16, "sched_poll is 16 bytes");

struct sched_remote_shutdown {       /* 8 bytes */
    uint16_t domain_id;
    unsigned int reason;
};

struct sched_watchdog {              /* 8 bytes */
    uint32_t id;                     /* 0 = create */
    uint32_t timeout;                /* seconds; 0 = destroy */
};

#endif /* __ASSEMBLER__ */
#endif /* XEN_SCHED_H */
