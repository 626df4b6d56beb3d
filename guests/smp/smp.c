/*
 * smp — brings up every vcpu with VCPUOP_initialise/up and passes IPIs.
 *
 * vcpu 0 binds one IPI port per vcpu, starts the others on their own stacks
 * (each sets its trap table and waits for IPIs), then sends `rounds` IPIs to each
 * and waits for the answer on its own port. Finally it takes them down again.
 * Command line: rounds=<n>. The number of vcpus comes from the domain config.
 */
#include <console.h>
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <plat.h>
#include <string.h>
#include <test.h>
#include <traps.h>
#include <xen/vcpu.h>
#include <xen/errno.h>

#define MAX_CPUS    8
#define STACK_SIZE  8192

static uint8_t stacks[MAX_CPUS][STACK_SIZE] __aligned(STACK_SIZE);
static uint8_t ctx[2800] __aligned(16);
static evtchn_port_t ipi_port[MAX_CPUS];
static volatile unsigned long ipis[MAX_CPUS];
static volatile unsigned long online[MAX_CPUS];

unsigned int smp_processor_id(void)
{
    unsigned long sp;

    asm volatile ("mov %%esp, %0" : "=r" (sp));
    if (sp >= (unsigned long)stacks && sp < (unsigned long)stacks + sizeof(stacks))
        return (sp - (unsigned long)stacks) / STACK_SIZE;
    return 0;
}

static void on_ipi(evtchn_port_t port, void *data)
{
    (void)port;
    ipis[(unsigned long)data]++;
}

static void wait_ipi(unsigned int cpu, unsigned long seen)
{
    for (;;) {
        local_irq_disable();
        if (READ_ONCE(ipis[cpu]) > seen)
            break;
        block_domain();
    }
    local_irq_enable();
}

/* Entered on a fresh vcpu, on its own stack, events masked. */
void secondary_main(void);
void secondary_main(void)
{
    unsigned int cpu = smp_processor_id();

    traps_init();
    online[cpu] = 1;
    local_irq_enable();
    evtchn_send(ipi_port[0]);
    for (unsigned long seen = 0;; seen++) {
        wait_ipi(cpu, seen);
        evtchn_send(ipi_port[0]);
    }
}

static void put32(unsigned int off, uint32_t v) { memcpy(ctx + off, &v, 4); }

static long start_cpu(unsigned int cpu)
{
    extern char secondary_entry[];
    uint32_t cr3;

    asm volatile ("mov %%cr3, %0" : "=r" (cr3));
    memset(ctx, 0, sizeof(ctx));
    put32(512, (1 << 2) | (1 << 5));               /* VGCF_in_kernel | VGCF_online */
    put32(516 + 32, (uint32_t)secondary_entry);   /* eip */
    put32(516 + 36, FLAT_RING1_CS);
    put32(516 + 40, 0x202);                       /* eflags */
    put32(516 + 44, (uint32_t)stacks[cpu + 1] - 16);  /* esp: top of stacks[cpu] */
    for (unsigned int off = 48; off <= 64; off += 4)
        put32(516 + off, FLAT_RING1_DS);          /* ss es ds fs gs */
    put32(2708, FLAT_RING1_DS);                   /* kernel_ss */
    put32(2712, (uint32_t)stacks[cpu + 1] - 16);  /* kernel_sp */
    put32(2716 + 12, cr3);                        /* ctrlreg[3] */
    extern char hypervisor_callback[], failsafe_callback[];
    put32(2780, FLAT_RING1_CS);
    put32(2784, (uint32_t)hypervisor_callback);
    put32(2788, FLAT_RING1_CS);
    put32(2792, (uint32_t)failsafe_callback);
    long rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, cpu, ctx);
    if (rc)
        return rc;
    return HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
}

asm (".text\n"
     "secondary_entry:\n"
     "    cld\n"
     "    call secondary_main\n"
     "1:  jmp 1b\n");

void kmain(void)
{
    unsigned long rounds = cmdline_ulong(plat_cmdline(), "rounds", 10);
    unsigned int n = 1;
    struct vcpu_runstate_info rs;

    traps_init();
    if (events_init())
        test_error("cannot set up events");
    while (n < MAX_CPUS && HYPERVISOR_vcpu_op(VCPUOP_is_up, n, NULL) >= 0)
        n++;
    printk("smp: %u vcpus\n", n);
    check(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL) == 1, "vcpu 0 is up");
    check(HYPERVISOR_vcpu_op(VCPUOP_is_up, n, NULL) == -XEN_ENOENT, "vcpu %u does not exist: -ENOENT", n);
    check(HYPERVISOR_vcpu_op(VCPUOP_up, n - 1, NULL) == (n > 1 ? -XEN_EINVAL : 0),
          "bringing up an uninitialised vcpu is -EINVAL");
    for (unsigned int c = 0; c < n; c++) {
        long p = evtchn_bind_ipi(c);
        if (!check(p > 0, "bind_ipi(%u) = %ld", c, p))
            test_finish();
        ipi_port[c] = p;
        bind_evtchn_handler(p, on_ipi, (void *)(unsigned long)c);
    }
    local_irq_enable();
    for (unsigned int c = 1; c < n; c++) {
        unsigned long seen = READ_ONCE(ipis[0]);
        long rc = start_cpu(c);
        if (!check(rc == 0, "vcpu %u initialised and up (%ld)", c, rc))
            test_finish();
        wait_ipi(0, seen);
        check(online[c] == 1, "vcpu %u runs and answers", c);
        check(HYPERVISOR_vcpu_op(VCPUOP_initialise, c, ctx) == -XEN_EEXIST, "initialising vcpu %u twice is -EEXIST", c);
    }
    for (unsigned long r = 0; r < rounds; r++) {
        for (unsigned int c = 1; c < n; c++) {
            unsigned long seen = READ_ONCE(ipis[0]);
            evtchn_send(ipi_port[c]);
            wait_ipi(0, seen);
        }
    }
    unsigned long total = 0;
    for (unsigned int c = 1; c < n; c++)
        total += ipis[c];
    check(total == rounds * (n - 1), "every IPI arrived once (%lu of %lu)", total, rounds * (n - 1));
    for (unsigned int c = 1; c < n; c++) {
        long rc = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, c, &rs);
        check(rc == 0 && rs.state == RUNSTATE_blocked, "vcpu %u is blocked waiting for IPIs (state %d)", c, rs.state);
        check(HYPERVISOR_vcpu_op(VCPUOP_down, c, NULL) == 0, "vcpu %u down", c);
        check(HYPERVISOR_vcpu_op(VCPUOP_is_up, c, NULL) == 0, "vcpu %u reports down", c);
    }
    test_finish();
}
