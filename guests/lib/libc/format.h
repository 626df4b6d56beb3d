/*
 * format.h — internal interface of the printf formatter (format.c) for the
 * console-side wrappers (printf.c). Not part of the public runtime API.
 */
#ifndef LIBC_FORMAT_H
#define LIBC_FORMAT_H

#include <stdarg.h>
#include <compiler.h>

struct sink {
    void (*put)(struct sink *self, char c);
    size_t count;   /* characters produced so far */
};

/* Format into out; returns out->count afterwards. */
int vformat(struct sink *out, const char *fmt, va_list ap);

#endif /* LIBC_FORMAT_H */
