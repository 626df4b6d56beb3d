/*
 * notes.S — the Xen ELF notes that tell a domain builder how to load this kernel
 * (docs/xen-abi-x86_32.md §3.8). guest.ld puts .note.Xen in a PT_NOTE segment.
 *
 * Layout: guest.ld links the kernel at __xen_virt_base (0xC0000000) with
 * p_paddr == p_vaddr, so PADDR_OFFSET equals VIRT_BASE and the image starts at
 * pseudo-physical frame 0.
 */
#include <xen/elfnote.h>

/* One ELF note: namesz, descsz, type, name "Xen", desc; each padded to 4 bytes. */
.macro XEN_NOTE type:req, desc:vararg
        .pushsection .note.Xen, "a", @note
        .balign 4
        .long   2f - 1f                 /* namesz, including the NUL */
        .long   4f - 3f                 /* descsz */
        .long   \type
1:      .asciz  "Xen"
2:      .balign 4
3:      \desc
4:      .balign 4
        .popsection
.endm

/* gas strips the quotes off a string macro argument; put them back. */
.macro XEN_NOTE_STR type:req, str:req
        XEN_NOTE \type, .asciz "\str"
.endm

.macro XEN_NOTE_NUM type:req, value:req
        XEN_NOTE \type, .long \value
.endm

        XEN_NOTE_STR XEN_ELFNOTE_GUEST_OS,       "pvwasm"
        XEN_NOTE_STR XEN_ELFNOTE_GUEST_VERSION,  "0.1"
        XEN_NOTE_STR XEN_ELFNOTE_XEN_VERSION,    "xen-3.0"
        XEN_NOTE_STR XEN_ELFNOTE_LOADER,         "generic"
        XEN_NOTE_NUM XEN_ELFNOTE_VIRT_BASE,      __xen_virt_base
        XEN_NOTE_NUM XEN_ELFNOTE_PADDR_OFFSET,   __xen_virt_base
        XEN_NOTE_NUM XEN_ELFNOTE_ENTRY,          _start
        XEN_NOTE_NUM XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page
        /* "yes": PAE with extended CR3, so the L3 may sit above 4 GiB. */
        XEN_NOTE_STR XEN_ELFNOTE_PAE_MODE,       "yes"
        XEN_NOTE_STR XEN_ELFNOTE_FEATURES,       "pae_pgdir_above_4gb"

        .section .note.GNU-stack, "", @progbits
