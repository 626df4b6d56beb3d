/*
 * xsexercise — the xenstore client against the toolstack's tree, end to end:
 * reads of its home, writes and directories in ~/data, permissions (its own nodes,
 * a node handed to dom0 refused, dom0's nodes refused), a watch firing for a child
 * write, two of its own transactions conflicting (EAGAIN, nothing applied), a
 * retried transaction, quotas and malformed requests. Ends with Test result.
 */
#include <console.h>
#include <events.h>
#include <kernel.h>
#include <plat.h>
#include <string.h>
#include <test.h>
#include <xenstore.h>
#include <xen/errno.h>

static char buf[1024];

/* Is `name` one of the n NUL-separated strings in `list`? */
static bool listed(const char *list, long n, const char *name)
{
    for (long i = 0; i < n; i++) {
        if (!strcmp(list, name))
            return true;
        list += strlen(list) + 1;
    }
    return false;
}

static unsigned long to_ulong(const char *s)
{
    unsigned long v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (unsigned long)(*s++ - '0');
    return v;
}

static void basics(unsigned long *domid)
{
    long rc;

    rc = xs_read(XBT_NIL, "domid", buf, sizeof(buf));
    check(rc > 0, "read ~/domid: %ld '%s'", rc, rc > 0 ? buf : "");
    *domid = to_ulong(buf);
    rc = xs_read(XBT_NIL, "name", buf, sizeof(buf));
    check(rc > 0, "read ~/name: '%s'", rc > 0 ? buf : "");
    snprintf(buf, sizeof(buf), "/local/domain/%lu/domid", *domid);
    rc = xs_read(XBT_NIL, buf, buf, sizeof(buf));
    check(rc > 0 && to_ulong(buf) == *domid, "the same node by its absolute path");

    check(xs_write(XBT_NIL, "data/greeting", "hello xenstore") == 0, "write data/greeting");
    rc = xs_read(XBT_NIL, "data/greeting", buf, sizeof(buf));
    check(rc == 14 && !strcmp(buf, "hello xenstore"), "read it back: %ld '%s'", rc, buf);

    static const char bin[] = { 'a', 0, 'b', 0, 'c' };
    check(xs_write_bytes(XBT_NIL, "data/binary", bin, sizeof(bin)) == 0, "write a value with NULs in it");
    rc = xs_read(XBT_NIL, "data/binary", buf, sizeof(buf));
    check(rc == 5 && !memcmp(buf, bin, 5), "and read the same 5 bytes back: %ld", rc);

    check(xs_mkdir(XBT_NIL, "data/dir/sub") == 0, "mkdir data/dir/sub");
    rc = xs_directory(XBT_NIL, "data", buf, sizeof(buf));
    check(rc == 3 && listed(buf, rc, "greeting") && listed(buf, rc, "dir") && listed(buf, rc, "binary"),
          "directory data lists greeting, binary and dir: %ld", rc);

    check(xs_rm(XBT_NIL, "data/dir") == 0, "rm data/dir");
    rc = xs_read(XBT_NIL, "data/dir/sub", buf, sizeof(buf));
    check(rc == -XEN_ENOENT, "data/dir/sub is gone: %ld", rc);
    check(xs_rm(XBT_NIL, "data/dir") == 0, "rm of a missing node whose parent exists is fine");
    rc = xs_rm(XBT_NIL, "data/nothing/below");
    check(rc == -XEN_ENOENT, "rm below a missing parent is ENOENT: %ld", rc);
}

static void permissions(unsigned long domid)
{
    char me[16], other[16];
    long rc;

    rc = xs_get_perms(XBT_NIL, "data/greeting", buf, sizeof(buf));
    snprintf(me, sizeof(me), "n%lu", domid);
    check(rc == 1 && !strcmp(buf, me), "data/greeting is ours: %ld '%s'", rc, rc > 0 ? buf : "");

    const char *share[] = { me, "r0" };
    check(xs_set_perms(XBT_NIL, "data/greeting", share, 2) == 0, "we may let dom0 read our node");
    rc = xs_get_perms(XBT_NIL, "data/greeting", buf, sizeof(buf));
    check(rc == 2 && listed(buf, rc, "r0"), "and the list says so");

    const char *give[] = { "n0" };
    rc = xs_set_perms(XBT_NIL, "data/greeting", give, 1);
    check(rc == -XEN_EPERM, "but not hand it to dom0: %ld", rc);

    rc = xs_write(XBT_NIL, "name", "renamed");
    check(rc == -XEN_EACCES, "writing dom0's ~/name is refused: %ld", rc);
    rc = xs_write(XBT_NIL, "newkey", "x");
    check(rc == -XEN_EACCES, "creating a node in dom0's ~ is refused: %ld", rc);
    rc = xs_read(XBT_NIL, "/local/domain/0", buf, sizeof(buf));
    check(rc == -XEN_EACCES || rc == -XEN_ENOENT, "dom0's home is not ours to read: %ld", rc);
    rc = xs_read(XBT_NIL, "/tool/xenstored", buf, sizeof(buf));
    check(rc == -XEN_EACCES, "nor is /tool/xenstored: %ld", rc);
    snprintf(other, sizeof(other), "/local/domain/%lu", domid + 1000);
    rc = xs_write(XBT_NIL, other, "x");
    check(rc == -XEN_EACCES, "nor may we create another domain's home: %ld", rc);
    check(xs_write(XBT_NIL, "control/shutdown", "") == 0, "but ~/control/shutdown is writable");
}

static void watches(void)
{
    char path[128], token[32];
    long rc;

    check(xs_watch("data/watched", "w1") == 0, "watch data/watched");
    rc = xs_read_watch(path, sizeof(path), token, sizeof(token));
    check(rc == 0 && !strcmp(path, "data/watched") && !strcmp(token, "w1"), "the initial event: '%s' '%s'", path, token);
    check(!xs_watch_pending(), "and only that one");
    rc = xs_watch("data/watched", "w1");
    check(rc == -XEN_EEXIST, "the same watch twice is EEXIST: %ld", rc);

    check(xs_write(XBT_NIL, "data/watched/child", "1") == 0, "write a child of the watched node");
    rc = xs_read_watch(path, sizeof(path), token, sizeof(token));
    check(rc == 0 && !strcmp(path, "data/watched/child") && !strcmp(token, "w1"),
          "the watch fired for the child, with a relative path: '%s'", path);

    check(xs_write(XBT_NIL, "data/unwatched", "1") == 0 && !xs_watch_pending(), "a sibling does not fire it");
    check(xs_unwatch("data/watched", "w1") == 0, "unwatch");
    check(xs_write(XBT_NIL, "data/watched/child", "2") == 0 && !xs_watch_pending(), "no event after unwatch");
    rc = xs_unwatch("data/watched", "w1");
    check(rc == -XEN_ENOENT, "unwatching again is ENOENT: %ld", rc);
}

static void transactions(void)
{
    xs_transaction_t t1 = 0, t2 = 0;
    long rc;

    check(xs_write(XBT_NIL, "data/tx", "0") == 0, "data/tx = 0");
    rc = xs_transaction_start(&t1);
    if (!rc)
        rc = xs_transaction_start(&t2);
    check(rc == 0 && t1 && t2 && t1 != t2, "two transactions: %u and %u", t1, t2);
    rc = xs_read(t1, "data/tx", buf, sizeof(buf));
    check(rc == 1 && xs_write(t1, "data/tx", "1") == 0, "t1 reads data/tx and writes 1");
    rc = xs_read(t2, "data/tx", buf, sizeof(buf));
    check(rc == 1 && buf[0] == '0', "t2 still sees 0");
    check(xs_write(t2, "data/tx", "2") == 0 && xs_write(t2, "data/from-t2", "x") == 0, "t2 writes 2 and a new node");
    check(xs_transaction_end(t1, false) == 0, "t1 commits");
    rc = xs_transaction_end(t2, false);
    check(rc == -XEN_EAGAIN, "t2's commit conflicts: %ld", rc);
    rc = xs_read(XBT_NIL, "data/tx", buf, sizeof(buf));
    check(rc == 1 && buf[0] == '1', "data/tx is t1's 1");
    rc = xs_read(XBT_NIL, "data/from-t2", buf, sizeof(buf));
    check(rc == -XEN_ENOENT, "nothing of t2 was applied: %ld", rc);
    rc = xs_transaction_end(t2, false);
    check(rc == -XEN_ENOENT, "t2 is gone after its end: %ld", rc);

    /* The usual client loop: start over on EAGAIN. One conflict is forced. */
    unsigned int attempts = 0;
    do {
        xs_transaction_t t;
        if (xs_transaction_start(&t))
            break;
        xs_read(t, "data/tx", buf, sizeof(buf));
        unsigned long v = to_ulong(buf) + 1;
        if (attempts++ == 0)
            xs_write(XBT_NIL, "data/tx", "10");
        snprintf(buf, sizeof(buf), "%lu", v);
        xs_write(t, "data/tx", buf);
        rc = xs_transaction_end(t, false);
    } while (rc == -XEN_EAGAIN && attempts < 5);
    xs_read(XBT_NIL, "data/tx", buf, sizeof(buf));
    check(rc == 0 && attempts == 2 && !strcmp(buf, "11"), "a retried increment commits on the second try: %s", buf);

    check(xs_transaction_start(&t1) == 0, "start one more");
    check(xs_write(t1, "data/aborted", "x") == 0 && xs_transaction_end(t1, true) == 0, "write in it and abort");
    check(xs_read(XBT_NIL, "data/aborted", buf, sizeof(buf)) == -XEN_ENOENT, "the write is gone");
}

static void limits(void)
{
    char token[16];
    long rc = 0;
    int i;

    for (i = 0; i < 200 && rc == 0; i++) {
        snprintf(token, sizeof(token), "q%d", i);
        rc = xs_watch("data", token);
        while (xs_watch_pending())
            xs_read_watch(buf, sizeof(buf), token, sizeof(token));
    }
    check(rc == -XEN_ENOSPC && i == 129, "the 129th watch is over quota: %ld after %d", rc, i);
    check(xs_talk(XS_RESET_WATCHES, XBT_NIL, (const void *const[]){ "" }, (const size_t[]){ 1 }, 1, NULL, 0, NULL) == 0,
          "RESET_WATCHES drops them");
    check(xs_watch("data", "after-reset") == 0, "and watching works again");
    xs_read_watch(buf, sizeof(buf), token, sizeof(token));

    rc = xs_talk(XS_RESTRICT, XBT_NIL, (const void *const[]){ "1" }, (const size_t[]){ 2 }, 1, NULL, 0, NULL);
    check(rc == -XEN_ENOSYS, "the removed RESTRICT request is ENOSYS: %ld", rc);
    rc = xs_talk(XS_INTRODUCE, XBT_NIL, (const void *const[]){ "5" }, (const size_t[]){ 2 }, 1, NULL, 0, NULL);
    check(rc == -XEN_EACCES, "INTRODUCE is dom0's: %ld", rc);
    rc = xs_talk(XS_READ, XBT_NIL, (const void *const[]){ "data" }, (const size_t[]){ 4 }, 1, NULL, 0, NULL);
    check(rc == -XEN_EINVAL, "a path without its NUL is EINVAL: %ld", rc);
    rc = xs_write(XBT_NIL, "data/bad path", "x");
    check(rc == -XEN_EINVAL, "a space in a path is EINVAL: %ld", rc);
    check(xs_intf->error == XENSTORE_ERROR_NONE, "and the connection is still good");
}

void kmain(void)
{
    unsigned long domid = 0;

    if (events_init())
        test_error("cannot set up events");
    local_irq_enable();
    if (xs_init())
        test_error("no xenstore ring in start_info");
    printk("xsexercise: ring at %p, port %u, server features 0x%x\n", (void *)xs_intf,
           (unsigned int)xen_start_info->store_evtchn, (unsigned int)xs_intf->server_features);

    basics(&domid);
    permissions(domid);
    watches();
    transactions();
    limits();
    test_finish();
}
