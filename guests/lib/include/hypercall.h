/*
 * hypercall.h — HYPERVISOR_* wrappers (docs/xen-abi-x86_32.md §1.1, §1.2).
 *
 * Every wrapper calls stub nr of the hypercall page (`call hypercall_page + nr*32`),
 * which the domain builder filled in at the address named by our
 * XEN_ELFNOTE_HYPERCALL_PAGE note. Arguments travel in EBX, ECX, EDX, ESI, EDI; the
 * result comes back in EAX. Each argument register a call uses is an in/out operand
 * so the compiler treats it as clobbered: debug builds of Xen overwrite them with
 * 0xDEADF00D, and a preempted call may rewrite them.
 *
 * Pointer arguments are guest virtual addresses and must lie below
 * HYPERVISOR_VIRT_START, in memory mapped in the current address space.
 */
#ifndef HYPERCALL_H
#define HYPERCALL_H

#include <compiler.h>
#include <xen/xen.h>

extern uint8_t hypercall_page[PAGE_SIZE];

#define __HCALL "call hypercall_page + %c[off]"
#define __HOFF(nr) [off] "i" ((nr) * HYPERCALL_STUB_SIZE)
#define __HARG(a) ((unsigned long)(a))

#define _hypercall0(type, nr) ({                                               \
    long __res;                                                                \
    asm volatile (__HCALL : "=a" (__res) : __HOFF(nr) : "memory");            \
    (type)__res; })

#define _hypercall1(type, nr, a1) ({                                           \
    long __res; unsigned long __b = __HARG(a1);                                \
    asm volatile (__HCALL : "=a" (__res), "+b" (__b) : __HOFF(nr) : "memory"); \
    (type)__res; })

#define _hypercall2(type, nr, a1, a2) ({                                       \
    long __res; unsigned long __b = __HARG(a1), __c = __HARG(a2);              \
    asm volatile (__HCALL : "=a" (__res), "+b" (__b), "+c" (__c)              \
                  : __HOFF(nr) : "memory");                                    \
    (type)__res; })

#define _hypercall3(type, nr, a1, a2, a3) ({                                   \
    long __res; unsigned long __b = __HARG(a1), __c = __HARG(a2),              \
                              __d = __HARG(a3);                                \
    asm volatile (__HCALL : "=a" (__res), "+b" (__b), "+c" (__c), "+d" (__d)  \
                  : __HOFF(nr) : "memory");                                    \
    (type)__res; })

#define _hypercall4(type, nr, a1, a2, a3, a4) ({                               \
    long __res; unsigned long __b = __HARG(a1), __c = __HARG(a2),              \
                              __d = __HARG(a3), __S = __HARG(a4);              \
    asm volatile (__HCALL : "=a" (__res), "+b" (__b), "+c" (__c), "+d" (__d), \
                  "+S" (__S) : __HOFF(nr) : "memory");                         \
    (type)__res; })

#define _hypercall5(type, nr, a1, a2, a3, a4, a5) ({                           \
    long __res; unsigned long __b = __HARG(a1), __c = __HARG(a2),              \
                              __d = __HARG(a3), __S = __HARG(a4),              \
                              __D = __HARG(a5);                                \
    asm volatile (__HCALL : "=a" (__res), "+b" (__b), "+c" (__c), "+d" (__d), \
                  "+S" (__S), "+D" (__D) : __HOFF(nr) : "memory");             \
    (type)__res; })

/*
 * Raw `int $0x82` with EAX = nr and all five argument registers loaded, bypassing
 * the hypercall page (guests/lib/hypercall.S). For tests of the trap gate itself
 * and of hypercall numbers the page has no stub for.
 */
long hypercall_int82(unsigned long nr, unsigned long a1, unsigned long a2,
                     unsigned long a3, unsigned long a4, unsigned long a5);

static inline long HYPERVISOR_set_trap_table(const trap_info_t *table)
{
    return _hypercall1(long, __HYPERVISOR_set_trap_table, table);
}

static inline long HYPERVISOR_mmu_update(mmu_update_t *reqs, unsigned int count,
                                         unsigned int *done, domid_t foreigndom)
{
    return _hypercall4(long, __HYPERVISOR_mmu_update, reqs, count, done, foreigndom);
}

static inline long HYPERVISOR_set_gdt(unsigned long *frames, unsigned int entries)
{
    return _hypercall2(long, __HYPERVISOR_set_gdt, frames, entries);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long esp)
{
    return _hypercall2(long, __HYPERVISOR_stack_switch, ss, esp);
}

static inline long HYPERVISOR_set_callbacks(unsigned long event_cs, unsigned long event_eip,
                                            unsigned long failsafe_cs,
                                            unsigned long failsafe_eip)
{
    return _hypercall4(long, __HYPERVISOR_set_callbacks,
                       event_cs, event_eip, failsafe_cs, failsafe_eip);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
    return _hypercall1(long, __HYPERVISOR_fpu_taskswitch, set);
}

static inline long HYPERVISOR_sched_op_compat(int cmd, unsigned long arg)
{
    return _hypercall2(long, __HYPERVISOR_sched_op_compat, cmd, arg);
}

static inline long HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{
    return _hypercall4(long, __HYPERVISOR_update_descriptor,
                       (uint32_t)maddr, (uint32_t)(maddr >> 32),
                       (uint32_t)desc, (uint32_t)(desc >> 32));
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
    return _hypercall2(long, __HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_multicall(void *call_list, unsigned int nr_calls)
{
    return _hypercall2(long, __HYPERVISOR_multicall, call_list, nr_calls);
}

/* The 64-bit PTE value is split low word first: EBX = va, ECX = lo, EDX = hi,
 * ESI = UVMF_* flags. */
static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t val,
                                                unsigned long flags)
{
    return _hypercall4(long, __HYPERVISOR_update_va_mapping,
                       va, (uint32_t)val, (uint32_t)(val >> 32), flags);
}

/* timeout: absolute system time in ns; 0 cancels the single-shot timer. */
static inline long HYPERVISOR_set_timer_op(uint64_t timeout)
{
    return _hypercall2(long, __HYPERVISOR_set_timer_op,
                       (uint32_t)timeout, (uint32_t)(timeout >> 32));
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return _hypercall2(long, __HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count, char *buf)
{
    return _hypercall3(long, __HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uops,
                                             unsigned int count)
{
    return _hypercall3(long, __HYPERVISOR_grant_table_op, cmd, uops, count);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
    return _hypercall2(long, __HYPERVISOR_vm_assist, cmd, type);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid, void *arg)
{
    return _hypercall3(long, __HYPERVISOR_vcpu_op, cmd, vcpuid, arg);
}

static inline long HYPERVISOR_mmuext_op(mmuext_op_t *ops, unsigned int count,
                                        unsigned int *done, domid_t foreigndom)
{
    return _hypercall4(long, __HYPERVISOR_mmuext_op, ops, count, done, foreigndom);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return _hypercall2(long, __HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
    return _hypercall2(long, __HYPERVISOR_callback_op, cmd, arg);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return _hypercall2(long, __HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
    return _hypercall2(long, __HYPERVISOR_physdev_op, cmd, arg);
}

#endif /* HYPERCALL_H */
