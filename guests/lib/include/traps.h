/*
 * traps.h — exception entry for vectors 0..19 (docs/xen-abi-x86_32.md §5.3, §5.8).
 *
 * traps_init() registers an entry stub per vector with set_trap_table. A stub
 * completes Xen's bounce frame into a struct trap_frame and calls the C handler
 * installed for the vector, or the default handler, which reports the exception
 * and crashes the domain. When a handler returns, the (possibly modified) frame is
 * restored and the interrupted context resumed through HYPERVISOR_iret.
 *
 * Nothing is registered until traps_init() runs: without it every exception is
 * fatal to the domain (Xen finds a null trap-table selector and crashes it).
 */
#ifndef TRAPS_H
#define TRAPS_H

#include <compiler.h>

#define X86_EXC_DE   0   /* divide error */
#define X86_EXC_DB   1
#define X86_EXC_NMI  2
#define X86_EXC_BP   3
#define X86_EXC_OF   4
#define X86_EXC_BR   5
#define X86_EXC_UD   6
#define X86_EXC_NM   7
#define X86_EXC_DF   8   /* error code */
#define X86_EXC_CSO  9
#define X86_EXC_TS  10   /* error code */
#define X86_EXC_NP  11   /* error code */
#define X86_EXC_SS  12   /* error code */
#define X86_EXC_GP  13   /* error code */
#define X86_EXC_PF  14   /* error code */
#define X86_EXC_SPV 15
#define X86_EXC_MF  16
#define X86_EXC_AC  17   /* error code */
#define X86_EXC_MC  18
#define X86_EXC_XM  19
#define NR_TRAP_VECTORS 20

/*
 * The stack as the C handler sees it, lowest address first: registers saved by
 * the stub (pusha order), the vector and error code (0 when the CPU pushes none),
 * then Xen's bounce frame. esp/ss exist only when ring 3 was interrupted.
 */
struct trap_frame {
    uint32_t edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax;
    uint32_t vector;
    uint32_t error_code;
    uint32_t eip;
    uint16_t cs;
    uint8_t  saved_upcall_mask;   /* evtchn_upcall_mask before delivery */
    uint8_t  _pad;
    uint32_t eflags;              /* IF = !saved_upcall_mask */
    uint32_t esp, ss;             /* only if (cs & 2): from ring 2/3 */
};

/* entry.S depends on these offsets. */
_Static_assert(offsetof(struct trap_frame, vector) == 32, "pusha area is 32 bytes");
_Static_assert(offsetof(struct trap_frame, eip) == 40, "bounce frame follows");

/*
 * A handler may change any field up to eflags before returning; the changed
 * values are resumed. esp_dummy is ignored (the stack pointer after return is
 * the one the frame implies), as are esp/ss.
 */
typedef void (*trap_handler_t)(struct trap_frame *frame);

/* Register the stubs with set_trap_table; returns its result (0 or -errno). */
long traps_init(void);

/* Install handler for vector (< NR_TRAP_VECTORS); NULL restores the default. */
void set_trap_handler(unsigned int vector, trap_handler_t handler);

/* The default: print vector, error code, EIP (and CR2 for #PF) and crash. */
__noreturn void unhandled_trap(const struct trap_frame *frame);

/* "#PF" etc. */
const char *trap_name(unsigned int vector);

#endif /* TRAPS_H */
