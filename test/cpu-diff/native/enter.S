/*
 * enter.S — runs one test case: loads the case's registers and flags, jumps to the
 * instruction, and comes back at cpu_diff_resume once a signal handler has recorded
 * the state (runner.c). The instruction is followed by int3, so it always ends in a
 * signal: SIGTRAP after it ran, or the signal of the exception it raised.
 *
 *   void cpu_diff_enter(const uint32_t *frame)
 *     frame: EDI ESI EBP (ESP) EBX EDX ECX EAX EFLAGS, in popal/popfl order
 *   cpu_diff_esp, cpu_diff_eip: the case's ESP and the instruction's address
 *   cpu_diff_fx: FXSAVE image (16-byte aligned) loaded first
 */
        .text
        .globl cpu_diff_enter
        .type cpu_diff_enter, @function
cpu_diff_enter:
        push    %ebx
        push    %esi
        push    %edi
        push    %ebp
        mov     %esp, cpu_diff_saved_esp
        mov     20(%esp), %eax
        fxrstor cpu_diff_fx
        mov     %eax, %esp
        popal                           /* every register but ESP */
        popfl                           /* arithmetic flags and DF; never TF */
        mov     cpu_diff_esp, %esp      /* neither touches the flags */
        jmp     *cpu_diff_eip
        .size cpu_diff_enter, . - cpu_diff_enter

/* The signal handler makes sigreturn land here. */
        .globl cpu_diff_resume
        .type cpu_diff_resume, @function
cpu_diff_resume:
        mov     cpu_diff_saved_esp, %esp
        pop     %ebp
        pop     %edi
        pop     %esi
        pop     %ebx
        cld
        ret
        .size cpu_diff_resume, . - cpu_diff_resume

/* rt_sigreturn, the restorer of every handler (SA_RESTORER). */
        .globl cpu_diff_restorer
        .type cpu_diff_restorer, @function
cpu_diff_restorer:
        mov     $173, %eax              /* __NR_rt_sigreturn */
        int     $0x80
        hlt
        .size cpu_diff_restorer, . - cpu_diff_restorer

        .bss
        .globl cpu_diff_saved_esp
cpu_diff_saved_esp:
        .long   0

        .section .note.GNU-stack, "", @progbits
