/*
 * xen/elfnote.h — types of the ELF notes (name "Xen") through which a PV kernel
 * tells the domain builder how to load it (docs/xen-abi-x86_32.md §3.8,
 * xen/include/public/elfnote.h). "num" notes are little-endian integers of 1, 2,
 * 4 or 8 bytes; "str" notes are NUL-terminated.
 */
#ifndef XEN_ELFNOTE_H
#define XEN_ELFNOTE_H

#define XEN_ELFNOTE_INFO                 0   /* str: ignored */
#define XEN_ELFNOTE_ENTRY                1   /* num: virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE       2   /* num: VA where the builder writes the page */
#define XEN_ELFNOTE_VIRT_BASE            3   /* num: VA of pseudo-physical frame 0 */
#define XEN_ELFNOTE_PADDR_OFFSET         4   /* num: subtracted from p_paddr */
#define XEN_ELFNOTE_XEN_VERSION          5   /* str: must start with "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS             6   /* str */
#define XEN_ELFNOTE_GUEST_VERSION        7   /* str */
#define XEN_ELFNOTE_LOADER               8   /* str: "generic" (or GUEST_OS "linux") */
#define XEN_ELFNOTE_PAE_MODE             9   /* str: "yes" = PAE with extended CR3 */
#define XEN_ELFNOTE_FEATURES            10   /* str: '|'-separated XENFEAT names */
#define XEN_ELFNOTE_BSD_SYMTAB          11   /* str: "yes" */
#define XEN_ELFNOTE_HV_START_LOW        12   /* num: dom0 only */
#define XEN_ELFNOTE_L1_MFN_VALID        13
#define XEN_ELFNOTE_SUSPEND_CANCEL      14   /* num */
#define XEN_ELFNOTE_INIT_P2M            15   /* num: x86-64 only */
#define XEN_ELFNOTE_MOD_START_PFN       16   /* num */
#define XEN_ELFNOTE_SUPPORTED_FEATURES  17   /* u32 array */
#define XEN_ELFNOTE_PHYS32_ENTRY        18   /* PVH only */
#define XEN_ELFNOTE_PHYS32_RELOC        19   /* PVH only */

#endif /* XEN_ELFNOTE_H */
