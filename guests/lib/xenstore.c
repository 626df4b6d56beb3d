/*
 * xenstore.c — the guest's xenstore client (see xenstore.h).
 *
 * One request at a time: the header and payload are streamed into the request ring
 * (waiting for room when it is full), the port is signalled, and replies are read
 * from the response ring until the one with our req_id arrives. Watch events read on
 * the way are queued. Indices are read once per step and checked; the ring page is
 * shared with xenstored, so barriers order the data against the index updates.
 */
#include <xenstore.h>
#include <events.h>
#include <kernel.h>
#include <string.h>
#include <xen/arch-x86_32.h>
#include <xen/errno.h>

extern char __xen_virt_base[];   /* guest.ld */

struct xenstore_domain_interface *xs_intf;
static evtchn_port_t xs_port;
static uint32_t xs_req_id;

/* Payload of the message being read. */
static char msg_buf[XENSTORE_PAYLOAD_MAX];

/* Watch events not yet taken by xs_read_watch (longer ones are dropped). */
#define WATCH_QUEUE 8
#define WATCH_EVENT_MAX 512
static struct { uint32_t len; char data[WATCH_EVENT_MAX]; } watch_q[WATCH_QUEUE];
static unsigned int wq_head, wq_count;

/* Full barrier: orders the index store before the next load (x86 may reorder those). */
static inline void mb(void)
{
    asm volatile ("lock; addl $0, 0(%%esp)" ::: "memory");
}

static void xs_event(evtchn_port_t port, void *data)
{
    (void)port;
    (void)data;   /* waking up is all it is for: the waiters re-read the ring */
}

long xs_init(void)
{
    const volatile unsigned long *m2p = (const volatile unsigned long *)MACH2PHYS_VIRT_START;
    unsigned long pfn = m2p[xen_start_info->store_mfn];

    if (pfn >= xen_start_info->nr_pages)
        return -XEN_EINVAL;
    xs_intf = (struct xenstore_domain_interface *)(__xen_virt_base + pfn * PAGE_SIZE);
    xs_port = xen_start_info->store_evtchn;
    bind_evtchn_handler(xs_port, xs_event, NULL);
    return 0;
}

static bool req_has_room(void)
{
    return xs_intf->req_prod - READ_ONCE(xs_intf->req_cons) < XENSTORE_RING_SIZE;
}

static bool rsp_has_data(void)
{
    return READ_ONCE(xs_intf->rsp_prod) != xs_intf->rsp_cons;
}

/* Sleeps until ready() holds; -XEN_EIO if xenstored gave up on us meanwhile. */
static long wait_ring(bool (*ready)(void))
{
    for (;;) {
        local_irq_disable();
        if (READ_ONCE(xs_intf->error)) {
            local_irq_enable();
            return -XEN_EIO;
        }
        if (ready())
            break;
        block_domain();   /* unmasks and sleeps, atomically */
    }
    local_irq_enable();
    return 0;
}

static long write_ring(const void *src, size_t len)
{
    const char *data = src;

    while (len) {
        XENSTORE_RING_IDX cons = READ_ONCE(xs_intf->req_cons), prod = xs_intf->req_prod;
        uint32_t space, off, n;
        long rc;

        mb();
        if (prod - cons > XENSTORE_RING_SIZE)
            return -XEN_EIO;
        space = XENSTORE_RING_SIZE - (prod - cons);
        if (!space) {
            evtchn_send(xs_port);
            if ((rc = wait_ring(req_has_room)))
                return rc;
            continue;
        }
        off = MASK_XENSTORE_IDX(prod);
        n = XENSTORE_RING_SIZE - off;
        if (n > space)
            n = space;
        if (n > len)
            n = len;
        memcpy(xs_intf->req + off, data, n);
        barrier();   /* x86 keeps stores in order: data before the index */
        WRITE_ONCE(xs_intf->req_prod, prod + n);
        data += n;
        len -= n;
    }
    return 0;
}

static long read_ring(void *dst, size_t len)
{
    char *out = dst;

    while (len) {
        XENSTORE_RING_IDX cons = xs_intf->rsp_cons, prod = READ_ONCE(xs_intf->rsp_prod);
        uint32_t avail, off, n;
        long rc;

        barrier();   /* x86 keeps loads in order: index before the data */
        if (prod - cons > XENSTORE_RING_SIZE)
            return -XEN_EIO;
        avail = prod - cons;
        if (!avail) {
            if ((rc = wait_ring(rsp_has_data)))
                return rc;
            continue;
        }
        off = MASK_XENSTORE_IDX(cons);
        n = XENSTORE_RING_SIZE - off;
        if (n > avail)
            n = avail;
        if (n > len)
            n = len;
        memcpy(out, xs_intf->rsp + off, n);
        mb();   /* done with the bytes before handing the space back */
        WRITE_ONCE(xs_intf->rsp_cons, cons + n);
        evtchn_send(xs_port);   /* no event suppression: xenstored may wait for room */
        out += n;
        len -= n;
    }
    return 0;
}

/* Reads one message: header into *h, payload into msg_buf. */
static long read_msg(struct xsd_sockmsg *h)
{
    long rc = read_ring(h, sizeof(*h));

    if (rc)
        return rc;
    if (h->len > XENSTORE_PAYLOAD_MAX)
        return -XEN_EIO;
    return read_ring(msg_buf, h->len);
}

static void queue_watch(uint32_t len)
{
    unsigned int slot;

    if (wq_count == WATCH_QUEUE || len > WATCH_EVENT_MAX)
        return;   /* dropped: clients must re-read the store anyway */
    slot = (wq_head + wq_count++) % WATCH_QUEUE;
    watch_q[slot].len = len;
    memcpy(watch_q[slot].data, msg_buf, len);
}

static const struct { const char *name; long err; } xsd_errors[] = {
    { "EINVAL", XEN_EINVAL }, { "EACCES", XEN_EACCES }, { "EEXIST", XEN_EEXIST },
    { "EISDIR", XEN_EISDIR }, { "ENOENT", XEN_ENOENT }, { "ENOMEM", XEN_ENOMEM },
    { "ENOSPC", XEN_ENOSPC }, { "EIO", XEN_EIO }, { "ENOTEMPTY", XEN_ENOTEMPTY },
    { "ENOSYS", XEN_ENOSYS }, { "EROFS", XEN_EROFS }, { "EBUSY", XEN_EBUSY },
    { "EAGAIN", XEN_EAGAIN }, { "EISCONN", XEN_EISCONN }, { "E2BIG", XEN_E2BIG },
    { "EPERM", XEN_EPERM },
};

static long errno_of(uint32_t len)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(xsd_errors); i++) {
        size_t n = strlen(xsd_errors[i].name);
        if (len == n + 1 && !memcmp(msg_buf, xsd_errors[i].name, n + 1))
            return -xsd_errors[i].err;
    }
    return -XEN_EIO;
}

long xs_talk(uint32_t type, xs_transaction_t t, const void *const parts[], const size_t lens[],
             unsigned int n, void *reply, size_t rsize, uint32_t *rlen)
{
    struct xsd_sockmsg h = { .type = type, .req_id = ++xs_req_id, .tx_id = t, .len = 0 };
    long rc;

    for (unsigned int i = 0; i < n; i++)
        h.len += lens[i];
    if (h.len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    if ((rc = write_ring(&h, sizeof(h))))
        return rc;
    for (unsigned int i = 0; i < n; i++)
        if ((rc = write_ring(parts[i], lens[i])))
            return rc;
    evtchn_send(xs_port);

    for (;;) {
        struct xsd_sockmsg r;

        if ((rc = read_msg(&r)))
            return rc;
        if (r.type == XS_WATCH_EVENT) {
            queue_watch(r.len);
            continue;
        }
        if (r.req_id != h.req_id)
            continue;   /* a reply to nothing we asked: ignore it */
        if (r.type == XS_ERROR)
            return errno_of(r.len);
        if (reply)
            memcpy(reply, msg_buf, r.len < rsize ? r.len : rsize);
        if (rlen)
            *rlen = r.len;
        return 0;
    }
}

/* A request whose payload is the given NUL-terminated strings. */
static long talk_strings(uint32_t type, xs_transaction_t t, const char *const strs[], unsigned int n,
                         void *reply, size_t rsize, uint32_t *rlen)
{
    size_t lens[8];

    if (n > ARRAY_SIZE(lens))
        return -XEN_E2BIG;
    for (unsigned int i = 0; i < n; i++)
        lens[i] = strlen(strs[i]) + 1;
    return xs_talk(type, t, (const void *const *)strs, lens, n, reply, rsize, rlen);
}

static long talk1(uint32_t type, xs_transaction_t t, const char *arg)
{
    const char *strs[] = { arg };
    return talk_strings(type, t, strs, 1, NULL, 0, NULL);
}

long xs_read(xs_transaction_t t, const char *path, char *buf, size_t size)
{
    const char *strs[] = { path };
    uint32_t len = 0;
    long rc = talk_strings(XS_READ, t, strs, 1, buf, size ? size - 1 : 0, &len);

    if (rc)
        return rc;
    if (size)
        buf[len < size - 1 ? len : size - 1] = 0;
    return len;
}

long xs_write_bytes(xs_transaction_t t, const char *path, const void *value, size_t len)
{
    const void *parts[] = { path, value };
    size_t lens[] = { strlen(path) + 1, len };

    return xs_talk(XS_WRITE, t, parts, lens, 2, NULL, 0, NULL);
}

long xs_write(xs_transaction_t t, const char *path, const char *value)
{
    return xs_write_bytes(t, path, value, strlen(value));
}

long xs_mkdir(xs_transaction_t t, const char *path) { return talk1(XS_MKDIR, t, path); }
long xs_rm(xs_transaction_t t, const char *path) { return talk1(XS_RM, t, path); }

/* How many NUL-terminated strings the first `len` bytes of buf hold. */
static long count_strings(const char *buf, uint32_t len)
{
    long n = 0;

    for (uint32_t i = 0; i < len; i++)
        if (!buf[i])
            n++;
    return n;
}

static long list_request(uint32_t type, xs_transaction_t t, const char *path, char *buf, size_t size)
{
    const char *strs[] = { path };
    uint32_t len = 0;
    long rc = talk_strings(type, t, strs, 1, buf, size, &len);

    if (rc)
        return rc;
    if (len > size)
        return -XEN_E2BIG;
    return count_strings(buf, len);
}

long xs_directory(xs_transaction_t t, const char *path, char *buf, size_t size)
{
    return list_request(XS_DIRECTORY, t, path, buf, size);
}

long xs_get_perms(xs_transaction_t t, const char *path, char *buf, size_t size)
{
    return list_request(XS_GET_PERMS, t, path, buf, size);
}

long xs_set_perms(xs_transaction_t t, const char *path, const char *const perms[], unsigned int n)
{
    const char *strs[8];

    if (n + 1 > ARRAY_SIZE(strs))
        return -XEN_E2BIG;
    strs[0] = path;
    for (unsigned int i = 0; i < n; i++)
        strs[i + 1] = perms[i];
    return talk_strings(XS_SET_PERMS, t, strs, n + 1, NULL, 0, NULL);
}

long xs_watch(const char *path, const char *token)
{
    const char *strs[] = { path, token };
    return talk_strings(XS_WATCH, XBT_NIL, strs, 2, NULL, 0, NULL);
}

long xs_unwatch(const char *path, const char *token)
{
    const char *strs[] = { path, token };
    return talk_strings(XS_UNWATCH, XBT_NIL, strs, 2, NULL, 0, NULL);
}

bool xs_watch_pending(void)
{
    return wq_count > 0;
}

/* Copies a NUL-terminated string of at most `max` bytes into dst (size dsize). */
static size_t take_string(char *dst, size_t dsize, const char *src, size_t max)
{
    size_t n = strnlen(src, max);

    if (dsize) {
        size_t c = n < dsize - 1 ? n : dsize - 1;
        memcpy(dst, src, c);
        dst[c] = 0;
    }
    return n + 1;
}

long xs_read_watch(char *path, size_t psize, char *token, size_t tsize)
{
    while (!wq_count) {
        struct xsd_sockmsg r;
        long rc = read_msg(&r);

        if (rc)
            return rc;
        if (r.type == XS_WATCH_EVENT)
            queue_watch(r.len);
    }
    {
        const char *e = watch_q[wq_head].data;
        uint32_t len = watch_q[wq_head].len;
        size_t used = take_string(path, psize, e, len);

        take_string(token, tsize, e + used, used < len ? len - used : 0);
        wq_head = (wq_head + 1) % WATCH_QUEUE;
        wq_count--;
    }
    return 0;
}

long xs_transaction_start(xs_transaction_t *t)
{
    char id[16];
    uint32_t len = 0;
    unsigned long v = 0;
    long rc = talk_strings(XS_TRANSACTION_START, XBT_NIL, (const char *const[]){ "" }, 1, id, sizeof(id) - 1, &len);

    if (rc)
        return rc;
    id[len < sizeof(id) - 1 ? len : sizeof(id) - 1] = 0;
    for (const char *p = id; *p >= '0' && *p <= '9'; p++)
        v = v * 10 + (unsigned long)(*p - '0');
    *t = (xs_transaction_t)v;
    return 0;
}

long xs_transaction_end(xs_transaction_t t, bool abort)
{
    return talk1(XS_TRANSACTION_END, t, abort ? "F" : "T");
}
