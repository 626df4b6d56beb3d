/*
 * printf.c — printf()/vprintf() on top of the platform's plat_write().
 *
 * Characters are gathered in a small buffer and written per line (or when the
 * buffer fills): one console_io hypercall per line in a guest, one write(2) per
 * line natively. Xen itself also line-buffers domU console output.
 */
#include <plat.h>
#include "format.h"

struct line_sink {
    struct sink sink;
    size_t len;
    char buf[128];
};

static void line_flush(struct line_sink *l)
{
    if (l->len)
        plat_write(l->buf, l->len);
    l->len = 0;
}

static void line_put(struct sink *s, char c)
{
    struct line_sink *l = (struct line_sink *)s;

    l->buf[l->len++] = c;
    if (c == '\n' || l->len == sizeof(l->buf))
        line_flush(l);
}

int vprintf(const char *fmt, va_list ap)
{
    struct line_sink l = { .sink = { .put = line_put } };
    int n = vformat(&l.sink, fmt, ap);

    line_flush(&l);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
