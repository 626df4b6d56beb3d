/*
 * start.S — entry for bare-metal multiboot builds of portable programs, used to run
 * the benchmark workload under other emulators (v86) for comparison.
 *
 * A multiboot loader enters in 32-bit protected mode with flat segments, paging
 * off, EAX = 0x2BADB002 and EBX = the multiboot information structure.
 */
#define MULTIBOOT_MAGIC  0x1BADB002
#define MULTIBOOT_FLAGS  0x00000000

        .section .multiboot, "a"
        .align 4
        .long   MULTIBOOT_MAGIC
        .long   MULTIBOOT_FLAGS
        .long   -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

        .text
        .globl _start
        .type _start, @function
_start:
        cli
        mov     $stack_top, %esp
        xor     %ebp, %ebp
        push    %ebx                    /* multiboot information */
        call    multiboot_start         /* never returns */
1:      hlt
        jmp     1b
        .size _start, . - _start

        .bss
        .align 16
        .space  65536
stack_top:

        .section .note.GNU-stack, "", @progbits
