/*
 * xencons.c — the PV console ring, the guest's side (docs/xen-io-toolstack.md §3.1).
 *
 * Output: copy into out[prod & 2047] while there is room, write barrier, publish
 * out_prod, signal. Input: read in_prod, read barrier, copy from in[cons & 1023],
 * full barrier, publish in_cons, signal. Indices run freely and wrap at 2^32: only
 * differences of them are ever compared. Writers hold a lock with this vcpu's events
 * masked, so lines from different vcpus or from an event handler do not interleave.
 */
#include <xencons.h>
#include <hypercall.h>
#include <kernel.h>
#include <shared-info.h>
#include <events.h>
#include <xen/io/console.h>

static uint8_t ring_va[PAGE_SIZE] __aligned(PAGE_SIZE);
static volatile struct xencons_interface *ring;
static volatile int ring_lock;

#define wmb() asm volatile("" ::: "memory")   /* x86: stores are not reordered with stores */
#define rmb() asm volatile("" ::: "memory")
#define mb()  asm volatile("lock; addl $0,0(%%esp)" ::: "memory")

long xencons_init(void)
{
    uint64_t pte;
    long rc;

    if (ring)
        return 0;
    if (!xen_start_info->console.domU.mfn)
        return -1;
    pte = ((uint64_t)xen_start_info->console.domU.mfn << PAGE_SHIFT) |
          _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
    rc = HYPERVISOR_update_va_mapping((unsigned long)ring_va, pte, UVMF_INVLPG);
    if (rc)
        return rc;
    ring = (volatile struct xencons_interface *)ring_va;
    return 0;
}

bool xencons_connected(void)
{
    return ring && READ_ONCE(ring->connection) == XENCONSOLE_CONNECTED;
}

static void notify(void)
{
    evtchn_send(xen_start_info->console.domU.evtchn);
}

/* Masks this vcpu's events (if events are set up) and takes the ring lock. */
static uint8_t lock(void)
{
    uint8_t old = 1;
    if (HYPERVISOR_shared_info) {
        old = this_vcpu_info()->evtchn_upcall_mask;
        WRITE_ONCE(this_vcpu_info()->evtchn_upcall_mask, 1);
        barrier();
    }
    while (__atomic_exchange_n(&ring_lock, 1, __ATOMIC_ACQUIRE))
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    return old;
}

static void unlock(uint8_t old)
{
    __atomic_store_n(&ring_lock, 0, __ATOMIC_RELEASE);
    if (HYPERVISOR_shared_info && !old) {
        barrier();
        WRITE_ONCE(this_vcpu_info()->evtchn_upcall_mask, 0);
        barrier();
        if (READ_ONCE(this_vcpu_info()->evtchn_upcall_pending))
            HYPERVISOR_xen_version(0, NULL);   /* take the upcall now */
    }
}

size_t xencons_write(const char *s, size_t n)
{
    size_t done = 0;
    uint8_t old = lock();

    while (done < n) {
        XENCONS_RING_IDX cons = READ_ONCE(ring->out_cons), prod = ring->out_prod;
        XENCONS_RING_IDX room = sizeof(ring->out) - (prod - cons);

        mb();
        if (room == 0 || room > sizeof(ring->out)) {
            /* Full (or the back end wrote nonsense): let it drain, then retry. */
            notify();
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
            continue;
        }
        while (room-- && done < n)
            ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = s[done++];
        wmb();
        WRITE_ONCE(ring->out_prod, prod);
        notify();
    }
    unlock(old);
    return n;
}

size_t xencons_read(char *buf, size_t max)
{
    size_t n = 0;
    XENCONS_RING_IDX cons, prod;

    if (!ring)
        return 0;
    cons = ring->in_cons;
    prod = READ_ONCE(ring->in_prod);
    rmb();
    if (prod - cons > sizeof(ring->in))
        return 0;   /* corrupt indices: ignore the ring */
    while (cons != prod && n < max)
        buf[n++] = ring->in[MASK_XENCONS_IDX(cons++, ring->in)];
    mb();
    WRITE_ONCE(ring->in_cons, cons);
    if (n)
        notify();
    return n;
}
