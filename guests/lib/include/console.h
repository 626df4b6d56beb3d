/*
 * console.h — kernel console output through HYPERVISOR_console_io(CONSOLEIO_write).
 * (A domU on real Xen normally uses the console ring of start_info instead:
 * Xen lets ordinary domUs use console_io only in debug builds, see
 * docs/xen-abi-x86_32.md §8.1. Our guests assume the hypervisor allows it.)
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdarg.h>
#include <compiler.h>

/* Write n bytes; returns the hypercall's result (0 or -errno). */
long console_write(const char *s, size_t n);

/* printf to the console: the same formatter as printf() in <plat.h>. */
__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);

#endif /* CONSOLE_H */
