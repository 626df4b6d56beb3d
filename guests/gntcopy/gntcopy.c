/*
 * gntcopy — grant copy throughput, next to a plain memcpy of the same bytes, and the
 * cost of a map+unmap pair (test/bench/grants.ts runs it with the host clock).
 *
 * Command line: domid=<our domid> kb=<KiB to copy> pairs=<map+unmap pairs>. The
 * guest grants its own source pages to itself (a grant copy names the granted
 * domain by number, so it must know its domid), copies them into other pages of its
 * own with GNTTABOP_copy (16 pages per call), checks the bytes, then copies the same
 * amount with memcpy. A batch of 200 small copies in one call exercises the
 * hypercall's continuation.
 */
#include <console.h>
#include <gnttab.h>
#include <shared-info.h>
#include <kernel.h>
#include <plat.h>
#include <string.h>
#include <test.h>
#include <xtime.h>

#define NPAGES 16
#define REF0 8

static uint8_t src[NPAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t dst[NPAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t window[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct gnttab_copy ops[200];

static void fill(void)
{
    for (unsigned int p = 0; p < NPAGES; p++)
        for (unsigned int i = 0; i < PAGE_SIZE; i++)
            src[p][i] = (uint8_t)(p * 31 + i * 7 + (i >> 8));
}

static void setup_page_copies(domid_t self)
{
    for (unsigned int p = 0; p < NPAGES; p++) {
        ops[p] = (struct gnttab_copy){
            .source = { .u.ref = REF0 + p, .domid = self, .offset = 0 },
            .dest = { .u.gmfn = virt_to_mfn(dst[p]), .domid = DOMID_SELF, .offset = 0 },
            .len = PAGE_SIZE, .flags = GNTCOPY_source_gref,
        };
    }
}

void kmain(void)
{
    const char *cmd = plat_cmdline();
    domid_t self = (domid_t)cmdline_ulong(cmd, "domid", 0xffff);
    unsigned long kb = cmdline_ulong(cmd, "kb", 4096);
    unsigned long pairs = cmdline_ulong(cmd, "pairs", 1000);
    unsigned long calls = (kb * 1024) / (NPAGES * PAGE_SIZE);
    uint64_t t0, t_copy, t_memcpy, t_map;
    long rc;

    if (map_shared_info())
        test_error("cannot map shared_info (for the system time)");
    if (gnttab_init())
        test_error("cannot set up the grant table");
    fill();
    for (unsigned int p = 0; p < NPAGES; p++)
        gnttab_grant_access(REF0 + p, self, virt_to_mfn(src[p]), true);

    /* Continuation: 200 copies of 16 bytes in one call. */
    for (unsigned int i = 0; i < 200; i++) {
        ops[i] = (struct gnttab_copy){
            .source = { .u.ref = REF0 + i % NPAGES, .domid = self, .offset = (uint16_t)(i * 16) },
            .dest = { .u.gmfn = virt_to_mfn(dst[i % NPAGES]), .domid = DOMID_SELF, .offset = (uint16_t)(i * 16) },
            .len = 16, .flags = GNTCOPY_source_gref, .status = 1,
        };
    }
    rc = gnttab_copy(ops, 200);
    bool all = rc == 0;
    for (unsigned int i = 0; i < 200; i++)
        all = all && ops[i].status == GNTST_okay &&
              memcmp(dst[i % NPAGES] + i * 16, src[i % NPAGES] + i * 16, 16) == 0;
    check(all, "a batch of 200 copies completes, continued across calls (rc %ld)", rc);

    setup_page_copies(self);
    memset(dst, 0, sizeof(dst));
    t0 = xen_system_time();
    for (unsigned long c = 0; c < calls; c++) {
        rc = gnttab_copy(ops, NPAGES);
        if (rc || ops[0].status != GNTST_okay || ops[NPAGES - 1].status != GNTST_okay)
            test_failure("grant copy: rc %ld, status %d", rc, ops[0].status);
    }
    t_copy = xen_system_time() - t0;
    check(memcmp(dst, src, sizeof(src)) == 0, "grant copies delivered every byte");

    memset(dst, 0, sizeof(dst));
    t0 = xen_system_time();
    for (unsigned long c = 0; c < calls; c++)
        memcpy(dst, src, sizeof(src));
    t_memcpy = xen_system_time() - t0;
    check(memcmp(dst, src, sizeof(src)) == 0, "memcpy delivered every byte");

    t0 = xen_system_time();
    for (unsigned long i = 0; i < pairs; i++) {
        grant_handle_t h;
        int st = gnttab_map(self, REF0, window, GNTMAP_readonly, &h);
        if (st != GNTST_okay || gnttab_unmap(window, h) != GNTST_okay)
            test_failure("map+unmap pair %lu: status %d", i, st);
    }
    t_map = xen_system_time() - t0;
    if (gnttab_restore(window))
        test_error("cannot map our page back");

    printk("gntcopy: grant copy %lu KiB in %llu ns; memcpy %lu KiB in %llu ns; %lu map+unmap pairs in %llu ns\n",
           calls * NPAGES * 4, (unsigned long long)t_copy, calls * NPAGES * 4, (unsigned long long)t_memcpy,
           pairs, (unsigned long long)t_map);
    test_finish();
}
