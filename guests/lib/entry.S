/*
 * entry.S — exception entry stubs for vectors 0..19 and the common return path.
 *
 * Xen delivers an exception by pushing a bounce frame on the ring-1 stack and
 * jumping to the trap-table entry (docs/xen-abi-x86_32.md §5.8):
 *     [error code,] EIP, CS | saved_upcall_mask << 16, EFLAGS [, ESP, SS]
 * Each stub makes the error code uniform (0 when the CPU has none), pushes the
 * vector, and the common code saves the registers to complete a struct
 * trap_frame (traps.h) for do_trap().
 *
 * Return is through HYPERVISOR_iret (§5.7): with the stack holding a native-like
 * EIP, CS, EFLAGS frame, JUMP to hypercall-page stub 23, which pushes EAX itself.
 * EFLAGS.IF in the frame becomes !evtchn_upcall_mask, so the mask saved by Xen at
 * entry is restored atomically with the return.
 */
#include <xen/xen.h>

/* Vectors whose exceptions push an error code (SDM Vol. 3A §6.15). */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17)

.macro TRAP_STUB vec:req
        .balign 16
trap_stub_\vec:
        .if HAS_ERROR_CODE(\vec) == 0
        push    $0
        .endif
        push    $\vec
        jmp     trap_common
.endm

        .text
        .irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
        TRAP_STUB \vec
        .endr

trap_common:
        pusha                           /* EAX..EDI, the layout of trap_frame */
        cld                             /* the C ABI wants DF clear */
        push    %esp                    /* struct trap_frame * */
        call    do_trap
        add     $4, %esp
        popa
        add     $8, %esp                /* vector, error code */
        /* Native-like frame: a plain selector, without Xen's saved mask bits. */
        movw    $0, 6(%esp)
        jmp     hypercall_page + __HYPERVISOR_iret * HYPERCALL_STUB_SIZE

/* Stub addresses in vector order, for traps_init(). */
        .section .rodata
        .balign 4
        .globl trap_stubs
trap_stubs:
        .irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
        .long   trap_stub_\vec
        .endr

        .section .note.GNU-stack, "", @progbits
