/*
 * fputrap — the FPU's exceptions as a PV guest sees them: #NM under the virtual
 * CR0.TS (fpu_taskswitch, mov to CR0, clts; Xen clears TS as it delivers #NM), #MF
 * at the next waiting x87 instruction after an unmasked exception, #XM for an
 * unmasked SSE exception, and the CPUID/CR4 view of the FPU. XTF-style result.
 */
#include <console.h>
#include <string.h>
#include <hypercall.h>
#include <test.h>
#include <traps.h>

#define CR0_TS 0x8u

static volatile unsigned nm_count, mf_count, xm_count;
static volatile uint32_t nm_cr0, mf_eip, mf_sw, xm_eip, xm_mxcsr;

static uint32_t read_cr0(void) { uint32_t v; asm volatile ("mov %%cr0, %0" : "=r" (v)); return v; }
static uint32_t read_cr4(void) { uint32_t v; asm volatile ("mov %%cr4, %0" : "=r" (v)); return v; }

static void nm_handler(struct trap_frame *f)
{
    (void)f;
    nm_count++;
    nm_cr0 = read_cr0();     /* Xen has cleared TS by now: returning retries the insn */
}

static void mf_handler(struct trap_frame *f)
{
    unsigned short sw;
    mf_count++;
    mf_eip = f->eip;
    asm volatile ("fnstsw %0; fnclex" : "=m" (sw));
    mf_sw = sw;
}

static void xm_handler(struct trap_frame *f)
{
    uint32_t m;
    xm_count++;
    xm_eip = f->eip;
    asm volatile ("stmxcsr %0" : "=m" (m));
    xm_mxcsr = m;
    m = 0x1f80;              /* mask everything: the retried instruction completes */
    asm volatile ("ldmxcsr %0" : : "m" (m));
}

extern const char fwait_insn[], divss_insn[];

void kmain(void)
{
    static float one = 1.0f, zero = 0.0f, out;
    static unsigned char fx[512] __attribute__((aligned(16))), fx2[512] __attribute__((aligned(16)));
    uint32_t a, b, c, d;
    long rc = traps_init();
    if (rc)
        test_error("set_trap_table failed: %ld", rc);
    set_trap_handler(X86_EXC_NM, nm_handler);
    set_trap_handler(X86_EXC_MF, mf_handler);
    set_trap_handler(X86_EXC_XM, xm_handler);

    asm volatile ("cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d) : "0" (1));
    check((d & 0x07800001u) == 0x07800001u, "CPUID.1:EDX advertises FPU, MMX, FXSR, SSE and SSE2 (%08x)", d);
    check((read_cr4() & 0x600u) == 0x600u, "CR4 shows OSFXSR and OSXMMEXCPT (%08x)", read_cr4());
    check((read_cr0() & 0x6u) == 0x2u, "CR0 has MP set and EM clear (%08x)", read_cr0());

    /* fpu_taskswitch(1): the next FPU instruction raises #NM, exactly once. */
    check(HYPERVISOR_fpu_taskswitch(1) == 0, "fpu_taskswitch(1) returns 0");
    check(read_cr0() & CR0_TS, "fpu_taskswitch(1) sets CR0.TS");
    asm volatile ("flds %1; fstps %0" : "=m" (out) : "m" (one));
    check(nm_count == 1, "an x87 load under TS raises #NM once (%u)", nm_count);
    check(!(nm_cr0 & CR0_TS), "TS is already clear when the #NM handler runs");
    check(out == 1.0f, "the retried load completes");

    /* clts clears TS. */
    HYPERVISOR_fpu_taskswitch(1);
    asm volatile ("clts");
    asm volatile ("flds %1; fstps %0" : "=m" (out) : "m" (one));
    check(nm_count == 1, "after clts no #NM is raised");

    /* fpu_taskswitch(0) clears TS. */
    HYPERVISOR_fpu_taskswitch(1);
    HYPERVISOR_fpu_taskswitch(0);
    asm volatile ("fninit");
    check(nm_count == 1 && !(read_cr0() & CR0_TS), "fpu_taskswitch(0) clears TS");

    /* mov to CR0 may set TS; then fwait (MP = 1) and SSE instructions raise #NM. */
    asm volatile ("mov %0, %%cr0" : : "r" (read_cr0() | CR0_TS));
    asm volatile ("fwait");
    check(nm_count == 2, "fwait under TS (with MP) raises #NM (%u)", nm_count);
    HYPERVISOR_fpu_taskswitch(1);
    asm volatile ("movss %1, %%xmm0; movss %%xmm0, %0" : "=m" (out) : "m" (one) : "xmm0");
    check(nm_count == 3 && out == 1.0f, "an SSE move under TS raises #NM (%u)", nm_count);

    /* Unmasked zero-divide: flagged by fdiv, raised as #MF by the next waiting insn. */
    unsigned short cw = 0x037b;
    asm volatile ("fninit; fldcw %0; flds %1; fldz; fdivrp\n"
                  "fwait_insn: fwait" : : "m" (cw), "m" (one));
    check(mf_count == 1, "an unmasked x87 zero-divide raises #MF at the next fwait (%u)", mf_count);
    check(mf_eip == (uint32_t)fwait_insn, "#MF is reported at the waiting instruction (%08x)", mf_eip);
    check((mf_sw & 0x8084u) == 0x8084u, "the status word shows ZE, ES and B (%04x)", mf_sw);
    asm volatile ("fninit");

    /* Unmasked SSE zero-divide: #XM at the divss itself, destination unchanged. */
    uint32_t mx = 0x1f80 & ~0x200u;
    out = 5.0f;
    asm volatile ("ldmxcsr %2; movss %1, %%xmm1\n"
                  "divss_insn: divss %3, %%xmm1; movss %%xmm1, %0"
                  : "=m" (out) : "m" (one), "m" (mx), "m" (zero) : "xmm1");
    check(xm_count == 1, "an unmasked SSE zero-divide raises #XM (%u)", xm_count);
    check(xm_eip == (uint32_t)divss_insn, "#XM is reported at the faulting instruction (%08x)", xm_eip);
    check((xm_mxcsr & 0x3fu) == 0x4u, "MXCSR shows ZE only (%08x)", xm_mxcsr);
    check(out == __builtin_inff(), "the retried divss gives +infinity");

    /* Transcendentals (approximations through double precision): structure and range. */
    {
        double sn, cs, t, one_, at, l2, e2;
        unsigned short sw_big;
        static const double big = 1e30, eight = 8.0, quarter = 0.25;
        asm volatile ("fninit; fldz; fsincos; fstpl %0; fstpl %1" : "=m" (cs), "=m" (sn));
        check(cs == 1.0 && sn == 0.0, "fsincos(0) pushes cos = 1 over sin = 0");
        asm volatile ("fninit; fldpi; fmull %2; fptan; fstpl %0; fstpl %1" : "=m" (one_), "=m" (t) : "m" (quarter));
        check(one_ == 1.0 && t > 0.9999999999 && t < 1.0000000001, "fptan(pi/4) is 1 and pushes 1.0");
        asm volatile ("fninit; fld1; fld1; fpatan; fstpl %0" : "=m" (at));
        check(at > 0.78539816339 && at < 0.78539816340, "fpatan(1, 1) is pi/4");
        asm volatile ("fninit; fld1; fldl %1; fyl2x; fstpl %0" : "=m" (l2) : "m" (eight));
        check(l2 == 3.0, "fyl2x(8) with y = 1 is 3");
        asm volatile ("fninit; fldl %1; f2xm1; fstpl %0" : "=m" (e2) : "m" (quarter));
        check(e2 > 0.18920711500 && e2 < 0.18920711501, "f2xm1(0.25) is 2^0.25 - 1");
        asm volatile ("fninit; fldl %1; fsin; fnstsw %0; fninit" : "=m" (sw_big) : "m" (big));
        check(sw_big & 0x400, "fsin of 1e30 is out of range: C2 set (%04x)", sw_big);
    }

    /* fxsave/fxrstor round trip. */
    asm volatile ("fninit; fldpi; fld1; fxsave %0; fninit; fxrstor %0; fxsave %1" : "=m" (fx), "=m" (fx2));
    check(!memcmp(fx, fx2, 288), "fxrstor restores what fxsave saved");
    check(fx[4] == 0xc0 && (fx[2] | fx[3] << 8) >> 11 == 6, "two registers in use, TOP = 6 (ftw %02x)", fx[4]);
    asm volatile ("fninit");
    test_finish();
}
