/*
 * cmdline.c — reading "key=value" options from a space-separated command line,
 * the same on both platforms (guest: start_info.cmd_line, native: argv).
 */
#include <plat.h>

static bool parse_ulong(const char *s, unsigned long *out)
{
    unsigned long v = 0;
    unsigned int base = 10;
    const char *start;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    for (start = s; *s && *s != ' '; s++) {
        unsigned int digit;

        if (*s >= '0' && *s <= '9')
            digit = *s - '0';
        else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
            digit = (*s | 0x20) - 'a' + 10;
        else
            return false;
        v = v * base + digit;
    }
    if (s == start)
        return false;
    *out = v;
    return true;
}

unsigned long cmdline_ulong(const char *cmdline, const char *key, unsigned long def)
{
    size_t klen = strlen(key);
    const char *p = cmdline;

    while (*p) {
        while (*p == ' ')
            p++;
        if (!strncmp(p, key, klen) && p[klen] == '=') {
            unsigned long v;
            return parse_ulong(p + klen + 1, &v) ? v : def;
        }
        while (*p && *p != ' ')
            p++;
    }
    return def;
}
