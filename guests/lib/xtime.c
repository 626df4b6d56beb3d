/*
 * xtime.c — reading system time (docs/xen-abi-x86_32.md §3.5) and setting timers.
 */
#include <xtime.h>
#include <events.h>
#include <hypercall.h>
#include <shared-info.h>

uint64_t xen_system_time(void)
{
    struct vcpu_time_info *t = &this_vcpu_info()->time;
    uint32_t version, mul;
    uint64_t stamp, sys, delta;
    int8_t shift;

    do {
        version = READ_ONCE(t->version);
        barrier();
        stamp = t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        delta = rdtsc() - stamp;
        barrier();
    } while ((version & 1) || version != READ_ONCE(t->version));
    if (shift >= 0)
        delta <<= shift;
    else
        delta >>= -shift;
    /* (delta * mul) >> 32 with a 64 x 32 bit product, in two halves. */
    return sys + (((delta & 0xffffffffULL) * mul) >> 32) + (delta >> 32) * mul;
}

uint64_t xen_wallclock_sec(void)
{
    shared_info_t *s = HYPERVISOR_shared_info;
    uint32_t version;
    uint64_t sec;

    do {
        version = READ_ONCE(s->wc_version);
        barrier();
        sec = ((uint64_t)s->arch.wc_sec_hi << 32) | s->wc_sec;
        barrier();
    } while ((version & 1) || version != READ_ONCE(s->wc_version));
    return sec + xen_system_time() / 1000000000ULL;
}

long set_singleshot_timer(unsigned int vcpu, uint64_t deadline_ns)
{
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline_ns, .flags = 0 };
    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, vcpu, &t);
}

long set_periodic_timer(unsigned int vcpu, uint64_t period_ns)
{
    struct vcpu_set_periodic_timer t = { .period_ns = period_ns };
    return HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, vcpu, &t);
}

long stop_periodic_timer(unsigned int vcpu)
{
    return HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, vcpu, NULL);
}
