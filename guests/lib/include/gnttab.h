/*
 * gnttab.h — the grant-table client (docs/xen-abi-x86_32.md §7).
 *
 * gnttab_init() asks Xen for the table's first frame (GNTTABOP_setup_table) and maps
 * it over a .bss page. Granting writes an entry in the protocol's order (domid and
 * frame, barrier, flags); revoking follows the flag protocol: an entry Xen has marked
 * GTF_reading or GTF_writing is in use and stays granted. Mapping replaces the L1
 * entry of a page of our own address space with the granted frame.
 */
#ifndef GNTTAB_H
#define GNTTAB_H

#include <compiler.h>
#include <xen/grant_table.h>

/* Entries of the first table frame, NULL before gnttab_init(). */
extern volatile grant_entry_v1_t *gnttab_table;

/* Maps the first grant-table frame; 0 or -errno (an unsuccessful GNTST_* as well). */
long gnttab_init(void);

/* The machine frame behind a page of our image or .bss (from the P2M list). */
unsigned long virt_to_mfn(const void *va);

/* Grants `domid` access to frame `mfn` in entry `ref` (read-only if asked). */
void gnttab_grant_access(grant_ref_t ref, domid_t domid, unsigned long mfn, bool readonly);

/* Lets `domid` transfer a page into entry `ref`, to back pseudo-physical frame `pfn`. */
void gnttab_grant_transfer(grant_ref_t ref, domid_t domid, unsigned long pfn);

/* Revokes entry `ref` unless it is in use (GTF_reading/GTF_writing); true if revoked. */
bool gnttab_end_access(grant_ref_t ref);

/* Maps grant `ref` of `dom` at the page `va` (GNTMAP_host_map | extra flags).
 * Returns the GNTST_* status (or -errno of the hypercall); *handle on success. */
int gnttab_map(domid_t dom, grant_ref_t ref, void *va, uint32_t extra, grant_handle_t *handle);

/* Unmaps it; the page `va` is left unmapped. Returns the GNTST_* status. */
int gnttab_unmap(void *va, grant_handle_t handle);

/* Maps our own frame back at `va` after an unmap (P2M frame of va, RW). */
long gnttab_restore(void *va);

/* GNTTABOP_copy of n operations; 0 or -errno (each op has its own status). */
long gnttab_copy(struct gnttab_copy *ops, unsigned int n);

#endif /* GNTTAB_H */
