/*
 * compiler.h — the few gcc extensions the guest runtime uses, under short names.
 * Freestanding: only gcc's own <stdint.h>, <stddef.h>, <stdarg.h>, <stdbool.h>.
 */
#ifndef COMPILER_H
#define COMPILER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define __noreturn      __attribute__((noreturn))
#define __aligned(n)    __attribute__((aligned(n)))
#define __section(s)    __attribute__((section(s)))
#define __weak          __attribute__((weak))
#define __used          __attribute__((used))
#define __printf(f, a)  __attribute__((format(printf, f, a)))

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))

/* Compiler barrier: memory may have changed behind the compiler's back (Xen writes
 * shared_info at any time). */
#define barrier()       asm volatile("" ::: "memory")

/* A single, untorn access the compiler may neither cache nor elide. */
#define READ_ONCE(x)      (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)  (*(volatile __typeof__(x) *)&(x) = (v))

#endif /* COMPILER_H */
