/*
 * shared-info.h — mapping the shared_info page (docs/xen-abi-x86_32.md §3.2, §10.1).
 *
 * Xen does not map shared_info for a PV guest; start_info.shared_info holds its
 * machine address. map_shared_info() maps it over a page-aligned .bss page with
 * update_va_mapping (P|RW|A|D) and sets the pointers below.
 */
#ifndef SHARED_INFO_H
#define SHARED_INFO_H

#include <xen/xen.h>

/* NULL until map_shared_info() succeeded. */
extern shared_info_t *HYPERVISOR_shared_info;
extern vcpu_info_t *vcpu_info0;   /* &HYPERVISOR_shared_info->vcpu_info[0] */

/* Returns 0 or the -errno of update_va_mapping. Idempotent. */
long map_shared_info(void);

#endif /* SHARED_INFO_H */
