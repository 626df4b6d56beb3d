/*
 * string.c — memory and string functions for freestanding guest and native images.
 *
 * memcpy/memset/memmove use the x86 string instructions: short, and a single
 * instruction per block for an emulating CPU. The build passes
 * -fno-tree-loop-distribute-patterns, so gcc cannot turn the plain loops below
 * back into calls to these very functions.
 */
#include <string.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    const void *s = src;
    size_t words = n / 4;

    asm volatile ("rep movsl\n\t"
                  "mov %[tail], %%ecx\n\t"
                  "rep movsb"
                  : "+D" (d), "+S" (s), "+c" (words)
                  : [tail] "r" (n % 4)
                  : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;

    asm volatile ("rep stosb" : "+D" (d), "+c" (n) : "a" (c) : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;

    if (d - s >= n)             /* no overlap that a forward copy would clobber */
        return memcpy(dst, src, n);
    if (n) {
        /* Copy backwards from the last byte; DF must be clear again afterwards
         * (the i386 ABI requires it at every call boundary). */
        void *de = (char *)dst + n - 1;
        const void *se = (const char *)src + n - 1;
        asm volatile ("std\n\trep movsb\n\tcld"
                      : "+D" (de), "+S" (se), "+c" (n) : : "memory", "cc");
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;

    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return p - s;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++)
        if (!strncmp(haystack, needle, n))
            return (char *)haystack;
    return n ? NULL : (char *)haystack;
}
