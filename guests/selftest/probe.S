/*
 * probe.S — a load that may fault, at a known address, with known registers.
 *
 * uint32_t probe_read(const uint32_t *addr, uint32_t *damaged)
 *
 * Loads marker values into EBX, ECX, ESI, EDI and EBP, then reads *addr at
 * probe_read_insn. A #PF handler resumes at probe_read_resume with its own EAX.
 * Returns EAX; stores in *damaged one bit per register that did not survive:
 * 1 EBX, 2 ECX, 4 ESI, 8 EDI, 16 EBP, 32 EDX (which holds addr).
 */
        .text
        .globl probe_read, probe_read_insn, probe_read_resume
        .type probe_read, @function
probe_read:
        push    %ebp
        push    %ebx
        push    %esi
        push    %edi
        mov     20(%esp), %edx          /* 16 bytes saved + return address */
        mov     $0x11111111, %ebx
        mov     $0x22222222, %ecx
        mov     $0x33333333, %esi
        mov     $0x44444444, %edi
        mov     $0x55555555, %ebp
probe_read_insn:
        mov     (%edx), %eax
probe_read_resume:
        push    %eax
        xor     %eax, %eax
        cmp     $0x11111111, %ebx
        je      1f
        or      $1, %eax
1:      cmp     $0x22222222, %ecx
        je      1f
        or      $2, %eax
1:      cmp     $0x33333333, %esi
        je      1f
        or      $4, %eax
1:      cmp     $0x44444444, %edi
        je      1f
        or      $8, %eax
1:      cmp     $0x55555555, %ebp
        je      1f
        or      $16, %eax
1:      cmp     24(%esp), %edx          /* addr, one push further away */
        je      1f
        or      $32, %eax
1:      mov     28(%esp), %ecx          /* damaged */
        mov     %eax, (%ecx)
        pop     %eax
        pop     %edi
        pop     %esi
        pop     %ebx
        pop     %ebp
        ret
        .size probe_read, . - probe_read

        .section .note.GNU-stack, "", @progbits
