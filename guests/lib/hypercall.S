/*
 * hypercall.S — a hypercall by raw `int $0x82`, not through the hypercall page.
 *
 * long hypercall_int82(nr, a1, a2, a3, a4, a5): EAX = nr, EBX..EDI = a1..a5
 * (docs/xen-abi-x86_32.md §1.1). EBX, ESI and EDI are callee-saved in the i386
 * ABI and Xen may clobber them, so they are saved here; ECX/EDX are caller-saved.
 */
        .text
        .globl hypercall_int82
        .type hypercall_int82, @function
hypercall_int82:
        push    %ebx
        push    %esi
        push    %edi
        mov     16(%esp), %eax          /* 12 bytes saved + return address */
        mov     20(%esp), %ebx
        mov     24(%esp), %ecx
        mov     28(%esp), %edx
        mov     32(%esp), %esi
        mov     36(%esp), %edi
        int     $0x82
        pop     %edi
        pop     %esi
        pop     %ebx
        ret
        .size hypercall_int82, . - hypercall_int82

        .section .note.GNU-stack, "", @progbits
