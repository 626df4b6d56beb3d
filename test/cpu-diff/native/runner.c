/*
 * runner.c — the native side of the differential CPU tests: runs each test case's
 * one instruction on the host CPU, as a 32-bit Linux process, and records what it did.
 *
 *   cpu-diff-runner CASES RESULTS     run every case in CASES, write RESULTS
 *   cpu-diff-runner --layout          print the layout constants (checked by a test)
 *
 * File formats and addresses: layout.h. For each case the runner refills the data
 * area and the code page, applies the case's patches, loads the FXSAVE image, the
 * registers and the flags (enter.S) and jumps to the instruction. The int3 after it
 * (the whole code page is int3) ends the case with SIGTRAP; an exception ends it
 * with its own signal. Either way the handler copies the state out of the signal's
 * ucontext — registers, EFLAGS, trap number, error code, CR2, the FXSAVE image — and
 * resumes the runner. Handlers run on an alternate stack, since the case's ESP is
 * anything the case chose.
 *
 * Linux only: system calls through int $0x80, no libc.
 */
#include <plat.h>
#include "layout.h"

#define NR_exit_group   252
#define NR_read         3
#define NR_write        4
#define NR_open         5
#define NR_close        6
#define NR_lseek        19
#define NR_alarm        27
#define NR_munmap       91
#define NR_rt_sigaction 174
#define NR_sigaltstack  186
#define NR_mmap2        192

#define PROT_READ   1
#define PROT_WRITE  2
#define PROT_EXEC   4
#define MAP_PRIVATE 0x02
#define MAP_FIXED   0x10
#define MAP_ANON    0x20
#define O_WRONLY    1
#define O_CREAT     0x40
#define O_TRUNC     0x200

#define SIGILL  4
#define SIGTRAP 5
#define SIGBUS  7
#define SIGFPE  8
#define SIGSEGV 11
#define SA_SIGINFO  0x00000004u
#define SA_ONSTACK  0x08000000u
#define SA_RESTORER 0x04000000u

/* struct sigcontext (i386), in 32-bit words, at ucontext + 20. */
enum {
    SC_GS, SC_FS, SC_ES, SC_DS, SC_EDI, SC_ESI, SC_EBP, SC_ESP, SC_EBX, SC_EDX, SC_ECX,
    SC_EAX, SC_TRAPNO, SC_ERR, SC_EIP, SC_CS, SC_EFLAGS, SC_ESP_AT_SIGNAL, SC_SS,
    SC_FPSTATE, SC_OLDMASK, SC_CR2,
};
#define UC_MCONTEXT 20
/* struct _fpstate (i386): magic 0 at +110 means the FXSAVE image follows at +112. */
#define FP_MAGIC    110
#define FP_FXSAVE   112

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
    long ret;
    /* EBP carries the sixth argument; it is the frame pointer, so save it by hand. */
    asm volatile ("push %%ebp\n\tmov %7, %%ebp\n\tint $0x80\n\tpop %%ebp"
                  : "=a" (ret)
                  : "0" (nr), "b" (a), "c" (b), "d" (c), "S" (d), "D" (e), "m" (f)
                  : "memory");
    return ret;
}
#define sys3(nr, a, b, c) sys6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static __noreturn void die(const char *what)
{
    printf("cpu-diff-runner: %s\n", what);
    plat_exit(2);
}

static void *map(uint32_t addr, uint32_t size, int prot)
{
    long r = sys6(NR_mmap2, addr, size, prot, MAP_PRIVATE | MAP_ANON | (addr ? MAP_FIXED : 0), -1, 0);
    if ((unsigned long)r >= 0xfffff000ul || (addr && (uint32_t)r != addr))
        die("mmap failed");
    return (void *)r;
}

/* ── state shared with enter.S and the handler ─────────────────────────────────── */
void cpu_diff_enter(const uint32_t *frame);
void cpu_diff_resume(void);
void cpu_diff_restorer(void);
extern uint32_t cpu_diff_saved_esp;
uint32_t cpu_diff_esp, cpu_diff_eip;
uint8_t cpu_diff_fx[512] __aligned(16);

static uint32_t frame[9];
static uint16_t my_sel[6];          /* GS FS ES DS CS SS of the runner */
static struct {
    uint32_t sig, trapno, err, cr2, regs[8], eip, eflags;
    int has_fx;
    uint8_t fx[512];
} res;

static void handler(int sig, void *info, void *ucv)
{
    uint32_t *sc = (uint32_t *)((uint8_t *)ucv + UC_MCONTEXT);
    const uint8_t *fp = (const uint8_t *)sc[SC_FPSTATE];
    (void)info;
    res.sig = (uint32_t)sig;
    res.trapno = sc[SC_TRAPNO];
    res.err = sc[SC_ERR];
    res.cr2 = sc[SC_CR2];
    res.regs[0] = sc[SC_EAX]; res.regs[1] = sc[SC_ECX];
    res.regs[2] = sc[SC_EDX]; res.regs[3] = sc[SC_EBX];
    res.regs[4] = sc[SC_ESP_AT_SIGNAL]; res.regs[5] = sc[SC_EBP];
    res.regs[6] = sc[SC_ESI]; res.regs[7] = sc[SC_EDI];
    res.eip = sc[SC_EIP];
    res.eflags = sc[SC_EFLAGS];
    res.has_fx = fp && *(const uint16_t *)(fp + FP_MAGIC) == 0;
    if (res.has_fx)
        memcpy(res.fx, fp + FP_FXSAVE, 512);
    /* Resume the runner, not the case. */
    sc[SC_GS] = my_sel[0]; sc[SC_FS] = my_sel[1]; sc[SC_ES] = my_sel[2];
    sc[SC_DS] = my_sel[3]; sc[SC_CS] = my_sel[4]; sc[SC_SS] = my_sel[5];
    sc[SC_ESP_AT_SIGNAL] = cpu_diff_saved_esp;
    sc[SC_EFLAGS] = 0x202;
    sc[SC_EIP] = (uint32_t)cpu_diff_resume;
}

static void install(int sig)
{
    struct { uint32_t handler, flags, restorer, mask[2]; } sa = {
        (uint32_t)handler, SA_SIGINFO | SA_ONSTACK | SA_RESTORER, (uint32_t)cpu_diff_restorer, { 0, 0 },
    };
    if (sys6(NR_rt_sigaction, sig, (long)&sa, 0, 8, 0, 0) != 0)
        die("rt_sigaction failed");
}

static void setup(void)
{
    struct { uint32_t sp, flags, size; } ss = { (uint32_t)map(0, 65536, PROT_READ | PROT_WRITE), 0, 65536 };
    uint16_t ds;
    if (sys3(NR_sigaltstack, &ss, 0, 0) != 0)
        die("sigaltstack failed");
    install(SIGTRAP); install(SIGSEGV); install(SIGBUS); install(SIGFPE); install(SIGILL);
    /* FS and GS get the flat data selector, so FS:/GS: overrides address the same
     * memory as in the core (whose FS and GS hold FLAT_RING3_DS). */
    asm volatile ("mov %%ds, %0\n\tmov %0, %%fs\n\tmov %0, %%gs" : "=r" (ds));
    asm volatile ("mov %%gs, %0" : "=r" (my_sel[0])); asm volatile ("mov %%fs, %0" : "=r" (my_sel[1]));
    asm volatile ("mov %%es, %0" : "=r" (my_sel[2])); asm volatile ("mov %%ds, %0" : "=r" (my_sel[3]));
    asm volatile ("mov %%cs, %0" : "=r" (my_sel[4])); asm volatile ("mov %%ss, %0" : "=r" (my_sel[5]));
    map(CODE_VA, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
    map(DATA_VA, DATA_SIZE, PROT_READ | PROT_WRITE);
}

/* ── files ────────────────────────────────────────────────────────────────────── */
static uint8_t *read_file(const char *path, uint32_t *len)
{
    long fd = sys3(NR_open, path, 0, 0);
    long size, got;
    uint8_t *buf;
    if (fd < 0)
        die("cannot open the case file");
    size = sys3(NR_lseek, fd, 0, 2);
    if (size < 0 || sys3(NR_lseek, fd, 0, 0) != 0)
        die("cannot size the case file");
    buf = map(0, ((uint32_t)size + 4095) & ~4095u, PROT_READ | PROT_WRITE);
    for (long done = 0; done < size; done += got) {
        got = sys3(NR_read, fd, buf + done, size - done);
        if (got <= 0)
            die("cannot read the case file");
    }
    sys3(NR_close, fd, 0, 0);
    *len = (uint32_t)size;
    return buf;
}

#define OUT_SIZE (4u << 20)
static uint8_t *out;
static uint32_t out_len;
static long out_fd;

static void out_flush(void)
{
    for (uint32_t done = 0; done < out_len; ) {
        long n = sys3(NR_write, out_fd, out + done, out_len - done);
        if (n <= 0)
            die("cannot write the result file");
        done += (uint32_t)n;
    }
    out_len = 0;
}

static void *out_reserve(uint32_t n)
{
    if (out_len + n > OUT_SIZE)
        out_flush();
    return out + out_len;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }

/* ── one case ─────────────────────────────────────────────────────────────────── */
static uint8_t initial[DATA_SIZE];
static uint8_t default_fx[512] __aligned(16);

static const uint8_t *run_case(const uint8_t *c, const uint8_t *end, const uint8_t *pristine)
{
    uint32_t size = get32(c), code_len = c[4], flags = c[5], patch_bytes = get16(c + 6);
    const uint8_t *p = c + CASE_HDR, *pend = p + patch_bytes;
    uint8_t *code = (uint8_t *)CODE_VA, *data = (uint8_t *)DATA_VA, *r;
    uint32_t nchg = 0, rec, insn_off;

    if (size < CASE_HDR || c + size > end || code_len == 0 || code_len > 16 ||
        CASE_HDR + patch_bytes + ((flags & CASE_FPU) ? 512 : 0) > size)
        die("malformed case record");
    memcpy(initial, pristine, DATA_SIZE);
    while (p + 4 <= pend) {
        uint32_t off = get16(p), len = get16(p + 2);
        if (off + len > DATA_SIZE || p + 4 + len > pend)
            die("malformed patch");
        memcpy(initial + off, p + 4, len);
        p += 4 + len;
    }
    memcpy(data, initial, DATA_SIZE);
    memset(code, 0xcc, CODE_SIZE);
    insn_off = get32(c + 44);
    if (insn_off >= CODE_SIZE)
        die("malformed case record: instruction outside the code page");
    memcpy(code + insn_off, c + 48, code_len < CODE_SIZE - insn_off ? code_len : CODE_SIZE - insn_off);
    memcpy(cpu_diff_fx, (flags & CASE_FPU) ? pend : default_fx, 512);

    /* popal order: EDI ESI EBP (ESP) EBX EDX ECX EAX, then EFLAGS. */
    for (int i = 0; i < 8; i++)
        frame[7 - i] = get32(c + 8 + 4 * i);
    frame[8] = get32(c + 40);
    cpu_diff_esp = get32(c + 8 + 16);
    cpu_diff_eip = CODE_VA + insn_off;
    memset(&res, 0, sizeof(res));
    cpu_diff_enter(frame);

    rec = RES_HDR;
    for (uint32_t i = 0; i < DATA_SIZE; i++)
        nchg += data[i] != initial[i];
    if (nchg > MAX_CHANGES)
        nchg = MAX_CHANGES;
    rec += nchg * 4 + ((flags & CASE_FPU) ? 512 : 0);
    r = out_reserve(rec);
    memset(r, 0, RES_HDR);
    put32(r, rec);
    /* SIGTRAP from an int3 of the code page: the int3 after the instruction, one a
     * branch landed on, or the instruction itself being int3. The case ran. */
    if (res.sig == SIGTRAP && res.trapno == 3 && res.eip - 1 - CODE_VA < CODE_SIZE &&
        code[res.eip - 1 - CODE_VA] == 0xcc) {
        put32(r + 4, RES_DONE);
        res.eip--;
    } else {
        put32(r + 4, RES_EXC);
    }
    put32(r + 8, res.trapno);
    put32(r + 12, res.err);
    put32(r + 16, res.trapno == 14 ? res.cr2 : 0);
    for (int i = 0; i < 8; i++)
        put32(r + 20 + 4 * i, res.regs[i]);
    put32(r + 52, res.eip);
    put32(r + 56, res.eflags);
    r[60] = (uint8_t)nchg; r[61] = (uint8_t)(nchg >> 8);
    r[62] = (uint8_t)(flags & CASE_FPU);
    r += RES_HDR;
    for (uint32_t i = 0, n = 0; i < DATA_SIZE && n < nchg; i++) {
        if (data[i] != initial[i]) {
            r[0] = (uint8_t)i; r[1] = (uint8_t)(i >> 8); r[2] = data[i]; r[3] = 0;
            r += 4; n++;
        }
    }
    if (flags & CASE_FPU) {
        if (!res.has_fx)
            die("the signal frame has no FXSAVE image");
        memcpy(r, res.fx, 512);
    }
    out_len += rec;
    return c + size;
}

int plat_main(void)
{
    const char *cmd = plat_cmdline();
    char in_path[512], out_path[512];
    const char *sp = strchr(cmd, ' ');
    uint32_t len, count;
    const uint8_t *buf, *c, *end;

    if (strcmp(cmd, "--layout") == 0) {
        printf("AREA_LO=0x%x AREA_HI=0x%x CODE_VA=0x%x CODE_SIZE=0x%x INSN_VA=0x%x DATA_VA=0x%x DATA_SIZE=0x%x\n",
               AREA_LO, AREA_HI, CODE_VA, CODE_SIZE, INSN_VA, DATA_VA, DATA_SIZE);
        return 0;
    }
    if (!sp || (size_t)(sp - cmd) >= sizeof(in_path) || strlen(sp + 1) >= sizeof(out_path) || strchr(sp + 1, ' '))
        die("usage: cpu-diff-runner CASES RESULTS | --layout");
    memcpy(in_path, cmd, (size_t)(sp - cmd));
    in_path[sp - cmd] = '\0';
    memcpy(out_path, sp + 1, strlen(sp + 1) + 1);

    setup();
    /* FNINIT state, MXCSR at its reset value, all exceptions masked. */
    default_fx[0] = 0x7f; default_fx[1] = 0x03;
    put32(default_fx + 24, 0x1f80);

    buf = read_file(in_path, &len);
    end = buf + len;
    if (len < 16 + DATA_SIZE || get32(buf) != CASE_MAGIC || get32(buf + 4) != FMT_VERSION ||
        get32(buf + 12) != DATA_SIZE)
        die("not a case file of this version");
    count = get32(buf + 8);
    out = map(0, OUT_SIZE, PROT_READ | PROT_WRITE);
    out_fd = sys3(NR_open, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0)
        die("cannot create the result file");
    put32(out, RESULT_MAGIC); put32(out + 4, FMT_VERSION); put32(out + 8, count);
    out_len = 12;
    /* A case that never reaches its int3 (which the generator avoids) must not hang. */
    sys3(NR_alarm, 600, 0, 0);
    c = buf + 16 + DATA_SIZE;
    for (uint32_t i = 0; i < count; i++)
        c = run_case(c, end, buf + 16);
    out_flush();
    sys3(NR_close, out_fd, 0, 0);
    return 0;
}
