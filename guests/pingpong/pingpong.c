/*
 * pingpong — two domains bounce an event across an interdomain channel.
 *
 * Command line (the toolstack fills it in): role=ping|pong peer=<domid> port=<port>
 * rounds=<n>. The toolstack allocated `port` in the ping domain, unbound for the
 * pong domain. pong binds to it and sends once to say it is ready; then ping sends
 * `rounds` times, each time waiting for pong's answer, and reports the average
 * round trip in system time.
 */
#include <console.h>
#include <events.h>
#include <kernel.h>
#include <plat.h>
#include <test.h>
#include <xtime.h>

static volatile unsigned long received;

static void on_event(evtchn_port_t port, void *data)
{
    (void)port; (void)data;
    received++;
}

/* Sleeps until the handler has seen more than `seen` events. */
static void wait_for(unsigned long seen)
{
    for (;;) {
        local_irq_disable();
        if (READ_ONCE(received) > seen)
            break;
        block_domain();   /* unmasks and sleeps, atomically */
    }
    local_irq_enable();
}

void kmain(void)
{
    const char *cmd = plat_cmdline();
    bool ping = cmdline_ulong(cmd, "ping", 0) != 0;
    unsigned long peer = cmdline_ulong(cmd, "peer", 0xffff);
    unsigned long port = cmdline_ulong(cmd, "port", 0);
    unsigned long rounds = cmdline_ulong(cmd, "rounds", 100);
    long rc;

    if (events_init())
        test_error("cannot set up events");
    if (ping) {
        rc = (long)port;
    } else {
        rc = evtchn_bind_interdomain((domid_t)peer, port);
        if (rc < 0)
            test_failure("bind_interdomain(%lu, %lu) = %ld", peer, port, rc);
        /* A freshly bound port starts pending: not a message from the peer. */
        clear_evtchn(rc);
    }
    evtchn_port_t me = (evtchn_port_t)rc;
    bind_evtchn_handler(me, on_event, NULL);
    local_irq_enable();

    if (ping) {
        wait_for(0);   /* pong is ready */
        uint64_t t0 = xen_system_time();
        for (unsigned long i = 0; i < rounds; i++) {
            unsigned long seen = READ_ONCE(received);
            if (evtchn_send(me))
                test_failure("send failed");
            wait_for(seen);
        }
        uint64_t ns = xen_system_time() - t0;
        printk("ping: %lu round trips in %llu ns (%llu ns each)\n", rounds,
               (unsigned long long)ns, (unsigned long long)(ns / (rounds ? rounds : 1)));
    } else {
        evtchn_send(me);
        for (unsigned long i = 0; i < rounds; i++) {
            wait_for(i);
            evtchn_send(me);
        }
        printk("pong: answered %lu events\n", rounds);
    }
    test_success();
}
