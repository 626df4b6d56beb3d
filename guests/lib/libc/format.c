/*
 * format.c — the printf formatter shared by printf(), printk() and snprintf().
 *
 * Output goes through a small sink so that the same code serves a bounded buffer
 * and a console. Supported: %s %c %d %i %u %x %X %p %%, flags '-' and '0', width
 * and precision (digits or '*'), length modifiers hh h l ll z. Anything else is
 * copied to the output as written, which makes a bad format visible.
 */
#include <plat.h>
#include "format.h"

static void put(struct sink *out, char c)
{
    out->put(out, c);
    out->count++;
}

static void pad(struct sink *out, char c, int n)
{
    while (n-- > 0)
        put(out, c);
}

/* Digits of v in base 10 or 16, least significant first; returns the count.
 * Values that fit 32 bits avoid the 64-bit division helpers. */
static int to_digits(char *buf, uint64_t v, unsigned int base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;

    while (v >> 32) {
        buf[n++] = digits[v % base];
        v /= base;
    }
    for (uint32_t w = (uint32_t)v; ; w /= base) {
        buf[n++] = digits[w % base];
        if (w < base)
            break;
    }
    return n;
}

struct spec {
    bool left, zero;
    int width, prec;   /* prec < 0: none */
};

static void emit_str(struct sink *out, const struct spec *sp, const char *s)
{
    int len = (int)strnlen(s, sp->prec >= 0 ? (size_t)sp->prec : (size_t)-1);

    if (!sp->left)
        pad(out, ' ', sp->width - len);
    for (int i = 0; i < len; i++)
        put(out, s[i]);
    if (sp->left)
        pad(out, ' ', sp->width - len);
}

static void emit_num(struct sink *out, const struct spec *sp, uint64_t v,
                     bool negative, unsigned int base, bool upper, const char *prefix)
{
    char buf[24];
    int ndig = to_digits(buf, v, base, upper);
    int plen = (int)strlen(prefix) + (negative ? 1 : 0);
    int zeros = sp->prec > ndig ? sp->prec - ndig : 0;
    int fill = sp->width - plen - zeros - ndig;

    if (sp->zero && !sp->left && sp->prec < 0) {   /* '0' pads between sign and digits */
        zeros += fill > 0 ? fill : 0;
        fill = 0;
    }
    if (!sp->left)
        pad(out, ' ', fill);
    if (negative)
        put(out, '-');
    while (*prefix)
        put(out, *prefix++);
    pad(out, '0', zeros);
    while (ndig)
        put(out, buf[--ndig]);
    if (sp->left)
        pad(out, ' ', fill);
}

static int parse_int(const char **fmt, va_list *ap)
{
    int v = 0;

    if (**fmt == '*') {
        (*fmt)++;
        return va_arg(*ap, int);
    }
    while (**fmt >= '0' && **fmt <= '9')
        v = v * 10 + (*(*fmt)++ - '0');
    return v;
}

int vformat(struct sink *out, const char *fmt, va_list ap_in)
{
    va_list ap;

    va_copy(ap, ap_in);
    for (; *fmt; fmt++) {
        const char *start = fmt;
        struct spec sp = { .prec = -1 };
        int size = 0;   /* -2 hh, -1 h, 0 int, 1 long, 2 long long */

        if (*fmt != '%') {
            put(out, *fmt);
            continue;
        }
        for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                sp.left = true;
            else
                sp.zero = true;
        }
        sp.width = parse_int(&fmt, &ap);
        if (sp.width < 0) {            /* a negative '*' width means left-justify */
            sp.left = true;
            sp.width = -sp.width;
        }
        if (*fmt == '.') {
            fmt++;
            sp.prec = parse_int(&fmt, &ap);
        }
        for (;; fmt++) {
            if (*fmt == 'h')
                size--;
            else if (*fmt == 'l')
                size++;
            else if (*fmt == 'z')
                size = 1;              /* size_t is unsigned long on i386 */
            else
                break;
        }

        switch (*fmt) {
        case 'd': case 'i': {
            int64_t v = size >= 2 ? va_arg(ap, long long)
                      : size == 1 ? va_arg(ap, long) : va_arg(ap, int);
            if (size == -1) v = (short)v;
            if (size <= -2) v = (signed char)v;
            emit_num(out, &sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false, "");
            break;
        }
        case 'u': case 'x': case 'X': {
            uint64_t v = size >= 2 ? va_arg(ap, unsigned long long)
                       : size == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            if (size == -1) v = (unsigned short)v;
            if (size <= -2) v = (unsigned char)v;
            emit_num(out, &sp, v, false, *fmt == 'u' ? 10 : 16, *fmt == 'X', "");
            break;
        }
        case 'p': {
            struct spec ps = { .left = sp.left, .width = sp.width, .prec = 8 };
            emit_num(out, &ps, (uintptr_t)va_arg(ap, void *), false, 16, false, "0x");
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            emit_str(out, &sp, s ? s : "(null)");
            break;
        }
        case 'c':
            if (!sp.left)
                pad(out, ' ', sp.width - 1);
            put(out, (char)va_arg(ap, int));
            if (sp.left)
                pad(out, ' ', sp.width - 1);
            break;
        case '%':
            put(out, '%');
            break;
        default:                       /* unknown or truncated: echo it */
            while (start < fmt)
                put(out, *start++);
            if (!*fmt) {
                fmt--;                 /* let the loop stop at the NUL */
                break;
            }
            put(out, *fmt);
            break;
        }
    }
    va_end(ap);
    return (int)out->count;
}

/* snprintf family: a sink that fills a bounded buffer and counts what it drops. */
struct buf_sink {
    struct sink sink;
    char *buf;
    size_t size, len;
};

static void buf_put(struct sink *s, char c)
{
    struct buf_sink *b = (struct buf_sink *)s;

    if (b->len + 1 < b->size)
        b->buf[b->len++] = c;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf_sink b = { .sink = { .put = buf_put }, .buf = buf, .size = size };
    int n = vformat(&b.sink, fmt, ap);

    if (size)
        buf[b.len] = '\0';
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
