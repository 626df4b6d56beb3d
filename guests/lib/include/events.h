/*
 * events.h — event channels, the upcall, virtual interrupts and blocking
 * (docs/xen-abi-x86_32.md §6).
 *
 * events_init() registers the event callback (callback.S) with set_callbacks;
 * every upcall scans the pending/selector bits as the 2-level ABI prescribes and
 * calls the handler bound to each pending, unmasked port, with events masked.
 * Guests unmask their vcpu with local_irq_enable() when ready.
 */
#ifndef EVENTS_H
#define EVENTS_H

#include <compiler.h>
#include <xen/event_channel.h>
#include <xen/sched.h>

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);

/* Registers the upcall and failsafe entries; maps shared_info. 0 or -errno. */
long events_init(void);

/* Calls `h` on upcalls for `port` (replaces an earlier handler). */
void bind_evtchn_handler(evtchn_port_t port, evtchn_handler_t h, void *data);

/* Hypercall wrappers: each returns 0 / the port, or a negative errno. */
long evtchn_alloc_unbound(domid_t remote_dom);
long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port);
long evtchn_bind_virq(uint32_t virq, uint32_t vcpu);
long evtchn_bind_ipi(uint32_t vcpu);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_unmask(evtchn_port_t port);
long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu);
long evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *out);

/* Guest-side mask bit operations on shared_info. */
void mask_evtchn(evtchn_port_t port);
void clear_evtchn(evtchn_port_t port);
bool evtchn_pending(evtchn_port_t port);

/* The vcpu running this code (weak: 0; SMP guests override it). */
unsigned int smp_processor_id(void);
struct vcpu_info *this_vcpu_info(void);

/* Virtual interrupt flag: evtchn_upcall_mask of this vcpu. Enabling delivers a
 * pending upcall at once (through a cheap hypercall, as Linux's xen_force_evtchn_callback). */
void local_irq_disable(void);
void local_irq_enable(void);

/* SCHEDOP_block: unmask and sleep until an event is pending. */
void block_domain(void);
long sched_poll(evtchn_port_t *ports, unsigned int nr, uint64_t timeout);

/* Upcalls taken by this vcpu so far (for tests). */
extern volatile unsigned long upcall_count[32];

#endif /* EVENTS_H */
