/*
 * head.S — kernel entry, boot stack and the reserved hypercall page.
 *
 * The domain builder enters _start in ring 1 (CS = FLAT_RING1_CS, DS..SS =
 * FLAT_RING1_DS) with ESI = virtual address of start_info and ESP = top of a
 * one-page boot stack it placed after the image (docs/xen-abi-x86_32.md §3.6).
 * Events are masked (vcpu_info.evtchn_upcall_mask = 1) and no trap table exists.
 */
#include <xen/xen.h>
#include <xen/sched.h>

#define BOOT_STACK_SIZE 16384

        .section .text.head, "ax", @progbits
        .globl _start
        .type _start, @function
_start:
        cld
        /*
         * Zero .bss. A conforming builder already did (p_memsz > p_filesz), but
         * this costs little and nothing lives there yet. ESI is not touched.
         */
        mov     $__bss_start, %edi
        mov     $__bss_end, %ecx
        sub     %edi, %ecx
        shr     $2, %ecx
        xor     %eax, %eax
        rep stosl

        mov     %esi, xen_start_info
        /* Our own stack: the builder's page is not part of our image. */
        mov     $boot_stack_top, %esp
        xor     %ebp, %ebp              /* end of the frame-pointer chain */
        call    kmain

        push    $SHUTDOWN_poweroff      /* kmain returned: the kernel is done */
        call    shutdown
        .size _start, . - _start

/*
 * The hypercall page. Our XEN_ELFNOTE_HYPERCALL_PAGE note names it, and the
 * builder overwrites it with 128 stubs of 32 bytes. It is filled with INT3 so a
 * hypercall made without a page traps instead of running into garbage.
 */
        .section .text.hypercall_page, "ax", @progbits
        .balign PAGE_SIZE
        .globl hypercall_page
        .type hypercall_page, @object
hypercall_page:
        .fill PAGE_SIZE, 1, 0xcc
        .size hypercall_page, PAGE_SIZE

        .bss
        .balign 16
boot_stack:
        .skip BOOT_STACK_SIZE
boot_stack_top:

        .section .note.GNU-stack, "", @progbits
