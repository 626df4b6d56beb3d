/*
 * gntpair — two domains share a page through a grant (docs/xen-abi-x86_32.md §7).
 *
 * Command line (the toolstack fills it in): role=granter|mapper peer=<domid>
 * port=<port>. The granter allocated `port` unbound for the mapper, which binds it.
 * Each step ends with one event to the other side, which waits for it:
 *   mapper   ready
 *   granter  grants ref 8 (writable) and ref 9 (read-only) of a page of its own
 *   mapper   maps ref 9 writable (refused), read-only (works); maps ref 8, checks
 *            the granter's text, writes its answer, keeps the mapping
 *   granter  sees GTF_reading|GTF_writing and cannot revoke ref 8 while it is mapped
 *   mapper   unmaps (a second unmap of the handle fails)
 *   granter  reads the answer, revokes ref 8
 *   mapper   its next map of ref 8 fails
 * Both end with "Test result: SUCCESS" unless a check failed.
 */
#include <console.h>
#include <events.h>
#include <gnttab.h>
#include <kernel.h>
#include <plat.h>
#include <string.h>
#include <test.h>

#define REF_RW 8
#define REF_RO 9

static uint8_t shared[PAGE_SIZE] __aligned(PAGE_SIZE);      /* granter: the shared page */
static uint8_t window[2][PAGE_SIZE] __aligned(PAGE_SIZE);   /* mapper: where grants go */
static volatile unsigned long received;
static evtchn_port_t port;

static void put_text(uint8_t *dst, const char *s)
{
    memcpy(dst, s, strlen(s) + 1);
}

static void on_event(evtchn_port_t p, void *data)
{
    (void)p; (void)data;
    received++;
}

/* Sleeps until the peer's n-th event. */
static void wait_for(unsigned long n)
{
    for (;;) {
        local_irq_disable();
        if (READ_ONCE(received) >= n)
            break;
        block_domain();
    }
    local_irq_enable();
}

static void tell_peer(void)
{
    if (evtchn_send(port))
        test_error("evtchn_send failed");
}

static void granter(domid_t peer)
{
    volatile grant_entry_v1_t *e;

    wait_for(1);
    put_text(shared, "granted by the granter");
    gnttab_grant_access(REF_RW, peer, virt_to_mfn(shared), false);
    gnttab_grant_access(REF_RO, peer, virt_to_mfn(shared), true);
    tell_peer();

    wait_for(2);
    e = &gnttab_table[REF_RW];
    check((e->flags & (GTF_reading | GTF_writing)) == (GTF_reading | GTF_writing),
          "a mapped writable grant has GTF_reading|GTF_writing (flags %#x)", e->flags);
    check(!gnttab_end_access(REF_RW), "a grant cannot be revoked while it is mapped");
    check(gnttab_table[REF_RW].flags & GTF_permit_access, "the refused revoke left the grant in place");
    tell_peer();

    wait_for(3);
    check((e->flags & (GTF_reading | GTF_writing)) == 0, "unmapping cleared GTF_reading and GTF_writing");
    check(strcmp((char *)shared + 64, "written by the mapper") == 0, "the mapper's write reached our page");
    check(gnttab_end_access(REF_RW), "the unmapped grant is revoked");
    check(gnttab_end_access(REF_RO), "the read-only grant is revoked");
    tell_peer();

    wait_for(4);
    test_finish();
}

static void mapper(domid_t peer)
{
    grant_handle_t h = 0, hro = 0;
    int st;

    tell_peer();   /* ready */
    wait_for(1);

    st = gnttab_map(peer, REF_RO, window[1], 0, NULL);
    check(st == GNTST_general_error, "a read-only grant mapped writable is refused (%d)", st);
    st = gnttab_map(peer, REF_RO, window[1], GNTMAP_readonly, &hro);
    check(st == GNTST_okay, "the read-only grant maps read-only (%d)", st);
    if (st == GNTST_okay) {
        check(strcmp((char *)window[1], "granted by the granter") == 0, "the read-only mapping shows the page");
        check(gnttab_unmap(window[1], hro) == GNTST_okay, "the read-only mapping unmaps");
    }

    st = gnttab_map(peer, REF_RW, window[0], 0, &h);
    if (st != GNTST_okay)
        test_failure("map of the writable grant: status %d", st);
    check(strcmp((char *)window[0], "granted by the granter") == 0, "the mapping shows the granter's page");
    put_text(window[0] + 64, "written by the mapper");
    tell_peer();

    wait_for(2);
    check(gnttab_unmap(window[0], h) == GNTST_okay, "the mapping unmaps");
    st = gnttab_unmap(window[0], h);
    check(st == GNTST_bad_handle, "unmapping twice is GNTST_bad_handle (%d)", st);
    tell_peer();

    wait_for(3);
    st = gnttab_map(peer, REF_RW, window[0], 0, &h);
    check(st == GNTST_general_error, "after the revoke the next map fails (%d)", st);
    if (gnttab_restore(window[0]) || gnttab_restore(window[1]))
        test_error("cannot map our own pages back");
    tell_peer();
    test_finish();
}

void kmain(void)
{
    const char *cmd = plat_cmdline();
    bool is_granter = strstr(cmd, "role=granter") != NULL;
    unsigned long peer = cmdline_ulong(cmd, "peer", 0xffff);
    unsigned long p = cmdline_ulong(cmd, "port", 0);
    long rc;

    if (events_init())
        test_error("cannot set up events");
    if (gnttab_init())
        test_error("cannot set up the grant table");
    if (is_granter) {
        rc = (long)p;
    } else {
        rc = evtchn_bind_interdomain((domid_t)peer, p);
        if (rc < 0)
            test_error("bind_interdomain(%lu, %lu) = %ld", peer, p, rc);
        clear_evtchn(rc);   /* a fresh binding starts pending */
    }
    port = (evtchn_port_t)rc;
    bind_evtchn_handler(port, on_event, NULL);
    local_irq_enable();
    printk("gntpair: %s, peer d%lu\n", is_granter ? "granter" : "mapper", peer);
    if (is_granter)
        granter((domid_t)peer);
    else
        mapper((domid_t)peer);
}
