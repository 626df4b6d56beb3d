/*
 * xen/grant_table.h — grant tables version 1 (docs/xen-abi-x86_32.md §7).
 *
 * A domain shares a frame by writing a grant entry (domid and frame first, then, after
 * a write barrier, the flags); the grantee maps or copies it with grant_table_op,
 * naming the granter's domid and the entry's index (the grant reference). Each
 * operation struct reports its own GNTST_* status.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <compiler.h>
#include <xen/xen.h>

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

struct grant_entry_v1 {
    uint16_t flags;   /* GTF_* */
    domid_t  domid;   /* the domain granted access */
    uint32_t frame;   /* MFN granted (or the transfer slot's PFN) */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

#define GTF_invalid             0
#define GTF_permit_access       1
#define GTF_accept_transfer     2
#define GTF_type_mask           3
#define GTF_readonly            (1U << 2)
#define GTF_reading             (1U << 3)
#define GTF_writing             (1U << 4)
#define GTF_transfer_committed  (1U << 2)
#define GTF_transfer_completed  (1U << 3)

#define GNTTAB_NR_RESERVED_ENTRIES  8
#define GNTTAB_RESERVED_CONSOLE     0
#define GNTTAB_RESERVED_XENSTORE    1

#define GNTTABOP_map_grant_ref      0
#define GNTTABOP_unmap_grant_ref    1
#define GNTTABOP_setup_table        2
#define GNTTABOP_dump_table         3
#define GNTTABOP_transfer           4
#define GNTTABOP_copy               5
#define GNTTABOP_query_size         6
#define GNTTABOP_unmap_and_replace  7
#define GNTTABOP_set_version        8
#define GNTTABOP_get_version        10

#define GNTMAP_device_map       (1U << 0)
#define GNTMAP_host_map         (1U << 1)
#define GNTMAP_readonly         (1U << 2)
#define GNTMAP_application_map  (1U << 3)
#define GNTMAP_contains_pte     (1U << 4)

#define GNTCOPY_source_gref     (1U << 0)
#define GNTCOPY_dest_gref       (1U << 1)

#define GNTST_okay              0
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)
#define GNTST_bad_gntref        (-3)
#define GNTST_bad_handle        (-4)
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page          (-9)
#define GNTST_bad_copy_arg      (-10)

struct gnttab_map_grant_ref {
    uint64_t host_addr;      /* IN: VA to map at (or a PTE's machine address) */
    uint32_t flags;          /* IN: GNTMAP_* */
    grant_ref_t ref;         /* IN */
    domid_t dom;             /* IN: the granting domain */
    int16_t status;          /* OUT: GNTST_* */
    grant_handle_t handle;   /* OUT */
    uint64_t dev_bus_addr;   /* OUT */
};
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "map is 32 bytes");

struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t status;
};
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "unmap is 24 bytes");

struct gnttab_setup_table {
    domid_t dom;
    uint32_t nr_frames;
    int16_t status;
    uint32_t *frame_list;    /* OUT: nr_frames MFNs (xen_pfn_t is 32-bit here) */
};
_Static_assert(sizeof(struct gnttab_setup_table) == 16, "setup_table is 16 bytes");

struct gnttab_copy_ptr {
    union { grant_ref_t ref; xen_pfn_t gmfn; } u;
    domid_t domid;
    uint16_t offset;
};
struct gnttab_copy {
    struct gnttab_copy_ptr source, dest;
    uint16_t len;
    uint16_t flags;          /* GNTCOPY_* */
    int16_t status;
};
_Static_assert(sizeof(struct gnttab_copy) == 24, "copy is 24 bytes");

#endif /* XEN_GRANT_TABLE_H */
