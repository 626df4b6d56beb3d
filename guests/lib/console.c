/*
 * console.c — console output through HYPERVISOR_console_io(CONSOLEIO_write).
 */
#include <console.h>
#include <hypercall.h>
#include <plat.h>

long console_write(const char *s, size_t n)
{
    /* The hypercall only reads the buffer; its C prototype is shared with
     * CONSOLEIO_read, hence the cast. */
    return HYPERVISOR_console_io(CONSOLEIO_write, n, (char *)s);
}

int vprintk(const char *fmt, va_list ap)
{
    return vprintf(fmt, ap);
}

int printk(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
