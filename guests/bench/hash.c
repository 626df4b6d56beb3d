/*
 * hash.c — table-driven CRC-32 (IEEE 802.3, reflected) and 32-bit FNV-1a over a
 * pseudo-random buffer: byte loads, table lookups, shifts and multiplies.
 */
#include "bench.h"

static uint32_t crc_table[256];

static void crc_table_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;

        for (int b = 0; b < 8; b++)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        crc_table[i] = c;
    }
}

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    if (!crc_table[1])
        crc_table_init();
    crc = ~crc;
    while (len--)
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

uint32_t fnv1a(const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uint32_t h = 2166136261u;

    while (len--) {
        h ^= *p++;
        h *= 16777619u;
    }
    return h;
}

uint32_t bench_hash(uint32_t seed)
{
    static uint8_t buf[512];
    uint32_t s = seed;

    for (size_t i = 0; i < sizeof(buf); i += 4) {
        uint32_t r = rng_next(&s);

        buf[i] = r;
        buf[i + 1] = r >> 8;
        buf[i + 2] = r >> 16;
        buf[i + 3] = r >> 24;
    }
    return crc32_update(seed, buf, sizeof(buf)) ^ rotl32(fnv1a(buf, sizeof(buf)), 7);
}
