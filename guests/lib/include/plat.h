/*
 * plat.h — the portable program interface. Code written only against this header
 * (and <string.h>) builds both as a Xen PV guest (guests/lib/plat.c) and as a
 * static 32-bit Linux program (guests/native/plat.c), so the two can be compared.
 *
 * A portable program defines plat_main(); it returns the exit status.
 */
#ifndef PLAT_H
#define PLAT_H

#include <stdarg.h>
#include <compiler.h>
#include <string.h>

/* Defined by the program. */
int plat_main(void);

/* Platform-specific: write bytes to the console / stdout. */
void plat_write(const char *s, size_t n);

/* Platform-specific: end the program. Guest: 0 powers off, anything else prints
 * the code and crashes the domain. Native: exit_group(code). */
__noreturn void plat_exit(int code);

/* Platform-specific: the command line (guest: start_info.cmd_line; native: argv[1..]
 * joined by single spaces). Never NULL. */
const char *plat_cmdline(void);

/*
 * Formatted output (guests/lib/libc): %s %c %d %i %u %x %X %p %% with flags '-'
 * and '0', a field width and precision (digits or '*'), and the length modifiers
 * hh, h, l, ll, z.
 */
__printf(1, 2) int printf(const char *fmt, ...);
int vprintf(const char *fmt, va_list ap);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Parse "key=N" (decimal or 0x-hex) out of a space-separated command line; returns
 * def when the key is absent or malformed. */
unsigned long cmdline_ulong(const char *cmdline, const char *key, unsigned long def);

#endif /* PLAT_H */
