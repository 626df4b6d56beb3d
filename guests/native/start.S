/*
 * start.S — process entry for native (Linux i386, static, no libc) builds of
 * portable programs.
 *
 * The kernel starts _start with ESP pointing at argc, followed by argv[0..argc-1],
 * NULL, envp..., NULL (System V i386 ABI §3-27). Everything else is undefined.
 */
        .text
        .globl _start
        .type _start, @function
_start:
        xor     %ebp, %ebp              /* end of the frame-pointer chain */
        mov     (%esp), %eax            /* argc */
        lea     4(%esp), %edx           /* argv */
        and     $-16, %esp              /* the ABI's 16-byte call alignment */
        sub     $8, %esp
        push    %edx
        push    %eax
        call    native_start            /* never returns */
        hlt                             /* faults in user mode, if it ever does */
        .size _start, . - _start

        .section .note.GNU-stack, "", @progbits
