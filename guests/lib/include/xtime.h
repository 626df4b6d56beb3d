/*
 * xtime.h — system time from vcpu_time_info and the TSC, timers
 * (docs/xen-abi-x86_32.md §3.3, §3.5, §6.6).
 */
#ifndef XTIME_H
#define XTIME_H

#include <compiler.h>
#include <xen/vcpu.h>

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    asm volatile ("rdtsc" : "=a" (lo), "=d" (hi));
    return ((uint64_t)hi << 32) | lo;
}

/* Nanoseconds since boot, read with the version protocol. */
uint64_t xen_system_time(void);
/* Wallclock seconds (UTC) now. */
uint64_t xen_wallclock_sec(void);

long set_singleshot_timer(unsigned int vcpu, uint64_t deadline_ns);
long set_periodic_timer(unsigned int vcpu, uint64_t period_ns);
long stop_periodic_timer(unsigned int vcpu);

#endif /* XTIME_H */
