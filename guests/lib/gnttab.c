/*
 * gnttab.c — the grant-table client (docs/xen-abi-x86_32.md §7.1-7.4).
 */
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>

extern char __xen_virt_base[];

static uint8_t table_va[PAGE_SIZE] __aligned(PAGE_SIZE);
volatile grant_entry_v1_t *gnttab_table;

#define wmb() asm volatile("" ::: "memory")

unsigned long virt_to_mfn(const void *va)
{
    const unsigned long *p2m = (const unsigned long *)xen_start_info->mfn_list;
    return p2m[((unsigned long)va - (unsigned long)__xen_virt_base) >> PAGE_SHIFT];
}

long gnttab_init(void)
{
    uint32_t frame = 0;
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1, .frame_list = &frame };
    uint64_t pte;
    long rc;

    if (gnttab_table)
        return 0;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
    if (rc)
        return rc;
    if (setup.status != GNTST_okay)
        return setup.status;
    pte = ((uint64_t)frame << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
    rc = HYPERVISOR_update_va_mapping((unsigned long)table_va, pte, UVMF_INVLPG);
    if (rc)
        return rc;
    gnttab_table = (volatile grant_entry_v1_t *)table_va;
    return 0;
}

void gnttab_grant_access(grant_ref_t ref, domid_t domid, unsigned long mfn, bool readonly)
{
    gnttab_table[ref].domid = domid;
    gnttab_table[ref].frame = mfn;
    wmb();
    gnttab_table[ref].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
}

void gnttab_grant_transfer(grant_ref_t ref, domid_t domid, unsigned long pfn)
{
    gnttab_table[ref].domid = domid;
    gnttab_table[ref].frame = pfn;
    wmb();
    gnttab_table[ref].flags = GTF_accept_transfer;
}

bool gnttab_end_access(grant_ref_t ref)
{
    uint16_t flags = gnttab_table[ref].flags;

    for (;;) {
        if (flags & (GTF_reading | GTF_writing))
            return false;
        /* Xen may set the flags between our read and our write: only a clean
         * exchange revokes. */
        if (__atomic_compare_exchange_n(&gnttab_table[ref].flags, &flags, 0, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            return true;
    }
}

int gnttab_map(domid_t dom, grant_ref_t ref, void *va, uint32_t extra, grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = (unsigned long)va, .flags = GNTMAP_host_map | extra, .ref = ref, .dom = dom,
    };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if (rc)
        return (int)rc;
    if (op.status == GNTST_okay && handle)
        *handle = op.handle;
    return op.status;
}

int gnttab_unmap(void *va, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = (unsigned long)va, .handle = handle };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

    return rc ? (int)rc : op.status;
}

long gnttab_restore(void *va)
{
    uint64_t pte = ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) |
                   _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
    return HYPERVISOR_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG);
}

long gnttab_copy(struct gnttab_copy *ops, unsigned int n)
{
    return HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, n);
}
