/*
 * callback.S — the event upcall and failsafe entries (docs/xen-abi-x86_32.md §5.8).
 *
 * Xen enters hypervisor_callback with a bounce frame EIP, CS|mask<<16, EFLAGS
 * [, ESP, SS] and events masked; we save the registers, scan in C, and return with
 * HYPERVISOR_iret, whose EFLAGS.IF restores the mask atomically with the return
 * (an event that arrived meanwhile is delivered again on the iret's way out).
 * failsafe_callback gets DS, ES, FS, GS on top of that frame: it drops them (the
 * selectors Xen could not load) and returns the same way.
 */
#include <xen/xen.h>

        .text
        .globl hypervisor_callback
hypervisor_callback:
        pusha
        cld
        call    do_hypervisor_callback
        popa
        movw    $0, 6(%esp)
        jmp     hypercall_page + __HYPERVISOR_iret * HYPERCALL_STUB_SIZE

        .globl failsafe_callback
failsafe_callback:
        incl    failsafe_count
        add     $16, %esp
        movw    $0, 6(%esp)
        jmp     hypercall_page + __HYPERVISOR_iret * HYPERCALL_STUB_SIZE

        .section .note.GNU-stack, "", @progbits
