/*
 * events.c — event channels and the upcall handler (docs/xen-abi-x86_32.md §6.4).
 */
#include <events.h>
#include <hypercall.h>
#include <shared-info.h>
#include <xen/arch-x86_32.h>

extern char hypervisor_callback[], failsafe_callback[];   /* callback.S */
unsigned long failsafe_count;
volatile unsigned long upcall_count[32];

static struct { evtchn_handler_t fn; void *data; } handlers[NR_EVENT_CHANNELS];

__weak unsigned int smp_processor_id(void)
{
    return 0;
}

struct vcpu_info *this_vcpu_info(void)
{
    return &HYPERVISOR_shared_info->vcpu_info[smp_processor_id()];
}

long events_init(void)
{
    long rc = map_shared_info();

    if (rc)
        return rc;
    return HYPERVISOR_set_callbacks(FLAT_RING1_CS, (unsigned long)hypervisor_callback,
                                    FLAT_RING1_CS, (unsigned long)failsafe_callback);
}

void bind_evtchn_handler(evtchn_port_t port, evtchn_handler_t h, void *data)
{
    if (port < NR_EVENT_CHANNELS) {
        handlers[port].data = data;
        WRITE_ONCE(handlers[port].fn, h);
    }
}

#define EVTCHN_OP(cmd, arg) HYPERVISOR_event_channel_op(cmd, arg)

long evtchn_alloc_unbound(domid_t remote_dom)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote_dom };
    long rc = EVTCHN_OP(EVTCHNOP_alloc_unbound, &a);
    return rc ? rc : (long)a.port;
}

long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port)
{
    struct evtchn_bind_interdomain a = { .remote_dom = remote_dom, .remote_port = remote_port };
    long rc = EVTCHN_OP(EVTCHNOP_bind_interdomain, &a);
    return rc ? rc : (long)a.local_port;
}

long evtchn_bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq a = { .virq = virq, .vcpu = vcpu };
    long rc = EVTCHN_OP(EVTCHNOP_bind_virq, &a);
    return rc ? rc : (long)a.port;
}

long evtchn_bind_ipi(uint32_t vcpu)
{
    struct evtchn_bind_ipi a = { .vcpu = vcpu };
    long rc = EVTCHN_OP(EVTCHNOP_bind_ipi, &a);
    return rc ? rc : (long)a.port;
}

long evtchn_send(evtchn_port_t port)
{
    struct evtchn_send a = { .port = port };
    return EVTCHN_OP(EVTCHNOP_send, &a);
}

long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close a = { .port = port };
    return EVTCHN_OP(EVTCHNOP_close, &a);
}

long evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask a = { .port = port };
    return EVTCHN_OP(EVTCHNOP_unmask, &a);
}

long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu a = { .port = port, .vcpu = vcpu };
    return EVTCHN_OP(EVTCHNOP_bind_vcpu, &a);
}

long evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *out)
{
    out->dom = dom;
    out->port = port;
    return EVTCHN_OP(EVTCHNOP_status, out);
}

void mask_evtchn(evtchn_port_t port)
{
    asm volatile ("lock btsl %1, %0" : "+m" (HYPERVISOR_shared_info->evtchn_mask[0]) : "r" (port) : "memory");
}

void clear_evtchn(evtchn_port_t port)
{
    asm volatile ("lock btrl %1, %0" : "+m" (HYPERVISOR_shared_info->evtchn_pending[0]) : "r" (port) : "memory");
}

bool evtchn_pending(evtchn_port_t port)
{
    return (READ_ONCE(HYPERVISOR_shared_info->evtchn_pending[port / 32]) >> (port % 32)) & 1;
}

void local_irq_disable(void)
{
    WRITE_ONCE(this_vcpu_info()->evtchn_upcall_mask, 1);
    barrier();
}

void local_irq_enable(void)
{
    struct vcpu_info *vi = this_vcpu_info();

    barrier();
    WRITE_ONCE(vi->evtchn_upcall_mask, 0);
    barrier();
    if (READ_ONCE(vi->evtchn_upcall_pending))
        HYPERVISOR_xen_version(0, NULL);   /* the upcall arrives on its way out */
}

void block_domain(void)
{
    HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

long sched_poll(evtchn_port_t *ports, unsigned int nr, uint64_t timeout)
{
    struct { evtchn_port_t *ports; uint32_t nr_ports; uint64_t timeout; } __attribute__((packed)) p =
        { ports, nr, timeout };
    return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

/* Called from callback.S with events masked. */
void do_hypervisor_callback(void);
void do_hypervisor_callback(void)
{
    struct vcpu_info *vi = this_vcpu_info();
    shared_info_t *s = HYPERVISOR_shared_info;

    upcall_count[smp_processor_id() & 31]++;
    do {
        unsigned long sel;

        WRITE_ONCE(vi->evtchn_upcall_pending, 0);
        barrier();
        asm volatile ("xchg %0, %1" : "=r" (sel), "+m" (vi->evtchn_pending_sel) : "0" (0UL) : "memory");
        while (sel) {
            unsigned int i = __builtin_ctzl(sel);
            unsigned long bits;

            sel &= sel - 1;
            while ((bits = READ_ONCE(s->evtchn_pending[i]) & ~READ_ONCE(s->evtchn_mask[i]))) {
                unsigned int j = __builtin_ctzl(bits);
                evtchn_port_t port = i * 32 + j;
                evtchn_handler_t h;

                clear_evtchn(port);
                h = READ_ONCE(handlers[port].fn);
                if (h)
                    h(port, handlers[port].data);
            }
        }
    } while (READ_ONCE(vi->evtchn_upcall_pending));
}
