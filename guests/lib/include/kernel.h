/*
 * kernel.h — start-of-day state and shutdown for guests/lib kernels.
 *
 * head.S enters kmain() on its own stack with xen_start_info set; if kmain returns,
 * the domain powers off. A guest either defines kmain() (it owns the machine) or,
 * as a portable program, only plat_main() (<plat.h>): then the runtime's default
 * kmain runs plat_main and passes its result to plat_exit().
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <compiler.h>
#include <xen/xen.h>
#include <xen/sched.h>

/* The start_info page the domain builder passed in ESI. */
extern start_info_t *xen_start_info;

void kmain(void);

/* SCHEDOP_shutdown with the given SHUTDOWN_* reason. Never returns: if Xen lets
 * the call return, falls back to sched_op_compat and then yields forever. */
__noreturn void shutdown(unsigned int reason);
__noreturn void poweroff(void);   /* SHUTDOWN_poweroff */
__noreturn void crash(void);      /* SHUTDOWN_crash */

#endif /* KERNEL_H */
