/*
 * strings.c — hand-written string loops (length, compare, copy, reverse, search)
 * over pseudo-random words. Deliberately not the library functions: the point
 * is the byte loops themselves.
 */
#include "bench.h"

#define NR_WORDS  16
#define WORD_MAX  24

static size_t my_strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

static int my_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

static char *my_stpcpy(char *dst, const char *src)
{
    while ((*dst = *src++))
        dst++;
    return dst;
}

static void my_reverse(char *s, size_t n)
{
    for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
        char t = s[i];

        s[i] = s[j - 1];
        s[j - 1] = t;
    }
}

static int my_count(const char *s, char c)
{
    int n = 0;

    for (; *s; s++)
        n += *s == c;
    return n;
}

uint32_t bench_strings(uint32_t seed)
{
    static char words[NR_WORDS][WORD_MAX + 1];
    static char joined[NR_WORDS * (WORD_MAX + 1) + 1];
    uint32_t s = seed, acc = 0;
    char *end = joined;

    for (int w = 0; w < NR_WORDS; w++) {
        size_t len = 3 + rng_next(&s) % (WORD_MAX - 2);

        /* A small alphabet so that compares often share a prefix. */
        for (size_t i = 0; i < len; i++)
            words[w][i] = "aeiostnr"[rng_next(&s) & 7];
        words[w][len] = '\0';
    }

    for (int w = 0; w < NR_WORDS; w++) {
        const char *next = words[(w + 1) % NR_WORDS];
        int c = my_strcmp(words[w], next);

        acc = acc * 7 + (uint32_t)my_strlen(words[w]);
        acc += c < 0 ? 1 : c > 0 ? 2 : 3;
        end = my_stpcpy(end, words[w]);
        *end++ = ' ';
        *end = '\0';
    }

    my_reverse(joined, (size_t)(end - joined));
    acc ^= (uint32_t)my_count(joined, 'e') << 16 | (uint32_t)my_count(joined, ' ');
    acc = rotl32(acc, 3) ^ fnv1a(joined, my_strlen(joined));
    return acc;
}
