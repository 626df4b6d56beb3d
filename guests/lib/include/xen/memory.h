/*
 * memory.h — memory_op commands and structures (docs/xen-abi-x86_32.md §8.3;
 * xen/include/public/memory.h).
 */
#ifndef XEN_MEMORY_H
#define XEN_MEMORY_H

#include <xen/xen.h>

#define XENMEM_increase_reservation   0
#define XENMEM_decrease_reservation   1
#define XENMEM_maximum_ram_page       2
#define XENMEM_current_reservation    3
#define XENMEM_maximum_reservation    4
#define XENMEM_machphys_mfn_list      5
#define XENMEM_populate_physmap       6
#define XENMEM_memory_map             9
#define XENMEM_machphys_mapping      12
#define XENMEM_maximum_gpfn          14

/* Extent operations: the result is the number of extents done (a short count on error). */
struct xen_memory_reservation {
    xen_pfn_t   *extent_start;   /* IN/OUT: frame numbers (GPFNs in, MFNs out for populate) */
    unsigned long nr_extents;
    unsigned int  extent_order;  /* 2^order frames per extent, at most 9 */
    unsigned int  mem_flags;     /* bits 7:0: address-bit limit */
    domid_t       domid;         /* DOMID_SELF */
};
_Static_assert(sizeof(struct xen_memory_reservation) == 20, "xen_memory_reservation is 20 bytes");

struct xen_machphys_mapping {
    unsigned long v_start, v_end;  /* where the read-only M2P is mapped */
    unsigned long max_mfn;         /* its last entry */
};

#endif /* XEN_MEMORY_H */
