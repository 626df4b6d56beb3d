/*
 * xsbench — xenstore requests over the ring, timed by the host: `n` READs of one
 * node (op=0) or `n` WRITEs to it (op=1), each a full round trip through xenstored.
 */
#include <events.h>
#include <kernel.h>
#include <plat.h>
#include <test.h>
#include <xenstore.h>

static char buf[64];

void kmain(void)
{
    const char *cmd = plat_cmdline();
    unsigned long n = cmdline_ulong(cmd, "n", 1000);
    bool write = cmdline_ulong(cmd, "op", 0) != 0;

    if (events_init())
        test_error("cannot set up events");
    local_irq_enable();
    if (xs_init() || xs_write(XBT_NIL, "data/bench", "0123456789"))
        test_error("xenstore is not usable");
    for (unsigned long i = 0; i < n; i++) {
        long rc = write ? xs_write(XBT_NIL, "data/bench", "0123456789") : xs_read(XBT_NIL, "data/bench", buf, sizeof(buf));
        if (rc < 0)
            test_failure("request %lu failed: %ld", i, rc);
    }
    test_success();
}
