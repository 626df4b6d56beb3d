/*
 * plat.c — the bare-metal multiboot side of <plat.h>: output on the first serial
 * port (COM1, 0x3F8), the command line from the multiboot information, and exit by
 * writing the status to I/O port 0xF4 (the debug-exit port emulators such as v86
 * and QEMU's isa-debug-exit provide), then halting.
 */
#include <plat.h>

#define COM1        0x3f8
#define EXIT_PORT   0xf4
#define MBI_CMDLINE (1u << 2)

static const char *cmdline = "";

static inline void outb(unsigned short port, unsigned char v)
{
    asm volatile ("outb %0, %1" : : "a" (v), "Nd" (port));
}

static inline unsigned char inb(unsigned short port)
{
    unsigned char v;

    asm volatile ("inb %1, %0" : "=a" (v) : "Nd" (port));
    return v;
}

void plat_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        /* Wait for the transmit holding register to empty (LSR bit 5). */
        for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
            ;
        outb(COM1, (unsigned char)s[i]);
    }
}

void plat_exit(int code)
{
    outb(EXIT_PORT, (unsigned char)code);
    for (;;)
        asm volatile ("cli; hlt");
}

const char *plat_cmdline(void)
{
    return cmdline;
}

struct multiboot_info { unsigned flags, mem_lower, mem_upper, boot_device, cmdline; };

__noreturn void multiboot_start(const struct multiboot_info *mbi);
void multiboot_start(const struct multiboot_info *mbi)
{
    if (mbi && (mbi->flags & MBI_CMDLINE) && mbi->cmdline)
        cmdline = (const char *)mbi->cmdline;
    plat_exit(plat_main());
}
