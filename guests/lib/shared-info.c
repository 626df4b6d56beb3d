/*
 * shared-info.c — mapping the shared_info page over a page of our own .bss.
 */
#include <shared-info.h>
#include <hypercall.h>
#include <kernel.h>

/* Only the virtual address is used: the frame behind it is replaced by Xen's
 * shared_info frame (our own frame stays allocated but unreachable). */
static uint8_t shared_info_va[PAGE_SIZE] __aligned(PAGE_SIZE);

shared_info_t *HYPERVISOR_shared_info;
vcpu_info_t *vcpu_info0;

long map_shared_info(void)
{
    uint64_t pte = (xen_start_info->shared_info & PAGE_MASK) |
                   _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
    long rc;

    if (HYPERVISOR_shared_info)
        return 0;
    rc = HYPERVISOR_update_va_mapping((unsigned long)shared_info_va, pte, UVMF_INVLPG);
    if (rc)
        return rc;
    HYPERVISOR_shared_info = (shared_info_t *)shared_info_va;
    vcpu_info0 = &HYPERVISOR_shared_info->vcpu_info[0];
    return 0;
}
