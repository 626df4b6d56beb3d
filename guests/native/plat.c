/*
 * plat.c — the native Linux i386 side of <plat.h>: raw system calls through
 * `int $0x80` (EAX = number, EBX, ECX, EDX = arguments), no libc.
 */
#include <plat.h>

#define NR_exit_group  252   /* arch/x86/entry/syscalls/syscall_32.tbl */
#define NR_write         4

static char cmdline[1024];

static long syscall3(long nr, long a, long b, long c)
{
    long ret;

    asm volatile ("int $0x80" : "=a" (ret) : "0" (nr), "b" (a), "c" (b), "d" (c)
                  : "memory");
    return ret;
}

void plat_write(const char *s, size_t n)
{
    while (n) {
        long done = syscall3(NR_write, 1, (long)s, (long)n);

        if (done <= 0)   /* nowhere to report it; drop the rest */
            return;
        s += done;
        n -= done;
    }
}

void plat_exit(int code)
{
    for (;;)
        syscall3(NR_exit_group, code, 0, 0);
}

const char *plat_cmdline(void)
{
    return cmdline;
}

/* Join argv[1..] with single spaces, like a guest's start_info.cmd_line. */
static void build_cmdline(int argc, char **argv)
{
    size_t len = 0;

    for (int i = 1; i < argc; i++) {
        size_t n = strlen(argv[i]);

        if (len + (len != 0) + n >= sizeof(cmdline))
            break;
        if (len)
            cmdline[len++] = ' ';
        memcpy(cmdline + len, argv[i], n);
        len += n;
    }
    cmdline[len] = '\0';
}

__noreturn void native_start(int argc, char **argv);
void native_start(int argc, char **argv)
{
    build_cmdline(argc, argv);
    plat_exit(plat_main());
}
