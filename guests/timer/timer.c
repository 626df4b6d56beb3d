/*
 * timer — ticks on VIRQ_TIMER and blocks in between.
 *
 * Binds VIRQ_TIMER, stops the default periodic timer, then `ticks` times arms a
 * single-shot timer `period_us` ahead and blocks until it fires. Checks that each
 * tick came no earlier than its deadline, that time never ran backwards, that
 * rdtsc agrees with vcpu_time_info, and finally that a periodic timer delivers too.
 * Command line: ticks=<n> period_us=<us>.
 */
#include <console.h>
#include <events.h>
#include <kernel.h>
#include <plat.h>
#include <test.h>
#include <xtime.h>
#include <hypercall.h>
#include <xen/errno.h>

static volatile unsigned long ticks;

static void on_timer(evtchn_port_t port, void *data)
{
    (void)port; (void)data;
    ticks++;
}

static void wait_tick(unsigned long seen)
{
    for (;;) {
        local_irq_disable();
        if (READ_ONCE(ticks) > seen)
            break;
        block_domain();
    }
    local_irq_enable();
}

void kmain(void)
{
    const char *cmd = plat_cmdline();
    unsigned long n = cmdline_ulong(cmd, "ticks", 10);
    uint64_t period = (uint64_t)cmdline_ulong(cmd, "period_us", 10000) * 1000;
    struct vcpu_runstate_info rs;
    long port;

    if (events_init())
        test_error("cannot set up events");
    port = evtchn_bind_virq(VIRQ_TIMER, 0);
    if (!check(port > 0, "bind_virq(VIRQ_TIMER) gives a port (%ld)", port))
        test_finish();
    check(evtchn_bind_virq(VIRQ_TIMER, 0) == -XEN_EEXIST, "binding VIRQ_TIMER twice is -EEXIST");
    bind_evtchn_handler(port, on_timer, NULL);
    stop_periodic_timer(0);
    local_irq_enable();

    uint64_t start = xen_system_time(), last = start;
    bool late_ok = true, mono = true;
    for (unsigned long i = 0; i < n; i++) {
        uint64_t deadline = xen_system_time() + period;
        unsigned long seen = READ_ONCE(ticks);
        set_singleshot_timer(0, deadline);
        wait_tick(seen);
        uint64_t now = xen_system_time();
        if (now < deadline)
            late_ok = false;
        if (now < last)
            mono = false;
        last = now;
    }
    uint64_t elapsed = last - start;
    printk("timer: %lu ticks in %llu ns\n", n, (unsigned long long)elapsed);
    check(late_ok, "no tick arrived before its deadline");
    check(mono, "system time never went backwards");
    check(elapsed >= n * period, "%lu ticks of %llu ns took at least that long", n, (unsigned long long)period);

    /* rdtsc and vcpu_time_info agree: system time computed twice moves forward only. */
    uint64_t a = xen_system_time(), b = xen_system_time();
    check(b >= a, "consecutive reads of system time are ordered");

    /* set_timer_op works too. */
    unsigned long seen = READ_ONCE(ticks);
    HYPERVISOR_set_timer_op(xen_system_time() + period);
    wait_tick(seen);
    check(READ_ONCE(ticks) > seen, "set_timer_op delivers VIRQ_TIMER");

    /* The periodic timer delivers while we run (spin, not block). */
    seen = READ_ONCE(ticks);
    check(set_periodic_timer(0, 1000000) == 0, "set_periodic_timer(1 ms)");
    check(set_periodic_timer(0, 999999) == -XEN_EINVAL, "a period under 1 ms is -EINVAL");
    while (READ_ONCE(ticks) < seen + 3)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    stop_periodic_timer(0);
    check(true, "three periodic ticks arrived");

    check(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs) == 0, "get_runstate_info");
    check(rs.state == RUNSTATE_running, "runstate is running (%d)", rs.state);
    check(rs.time[RUNSTATE_blocked] >= (n - 1) * period / 2, "blocked time accounted (%llu ns)",
          (unsigned long long)rs.time[RUNSTATE_blocked]);
    test_finish();
}
