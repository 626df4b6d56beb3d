/*
 * state.c — a small state machine, like CoreMark's: classify comma-separated
 * tokens (decimal, signed, hex, fraction with exponent, junk) one character at
 * a time. Dense, data-dependent branching.
 */
#include "bench.h"

#define INPUT_LEN 256

enum state { START, SIGN, INT, ZERO, HEX, FRAC, EXP_MARK, EXP_SIGN, EXP, JUNK, NR_STATES };

static enum state step(enum state st, char c)
{
    bool digit = c >= '0' && c <= '9';

    switch (st) {
    case START:
        if (c == '0') return ZERO;
        if (digit) return INT;
        if (c == '+' || c == '-') return SIGN;
        return JUNK;
    case SIGN:
        return digit ? INT : JUNK;
    case ZERO:
        if (c == 'x') return HEX;
        /* fall through */
    case INT:
        if (digit) return INT;
        if (c == '.') return FRAC;
        if (c == 'e') return EXP_MARK;
        return JUNK;
    case HEX:
        return digit || (c >= 'a' && c <= 'f') ? HEX : JUNK;
    case FRAC:
        if (digit) return FRAC;
        return c == 'e' ? EXP_MARK : JUNK;
    case EXP_MARK:
        if (c == '+' || c == '-') return EXP_SIGN;
        /* fall through */
    case EXP_SIGN:
    case EXP:
        return digit ? EXP : JUNK;
    default:
        return JUNK;
    }
}

uint32_t bench_state(uint32_t seed)
{
    static const char alphabet[] = "0123456789+-.ex0af,,";
    static char input[INPUT_LEN + 1];
    uint32_t counts[NR_STATES] = { 0 };
    uint32_t s = seed, acc = 0;
    enum state st = START;

    for (int i = 0; i < INPUT_LEN; i++)
        input[i] = alphabet[rng_next(&s) % (sizeof(alphabet) - 1)];
    input[INPUT_LEN] = '\0';

    for (const char *p = input; ; p++) {
        if (*p == ',' || !*p) {      /* end of a token: count its final state */
            counts[st]++;
            st = START;
            if (!*p)
                break;
            continue;
        }
        st = step(st, *p);
    }
    for (int i = 0; i < NR_STATES; i++)
        acc = acc * 17 + counts[i];
    return acc;
}
