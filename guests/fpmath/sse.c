/*
 * fpmath SSE2/MMX checks (SSE build only): the instructions the compiler does not
 * emit for scalar code, through intrinsics, over awkward operands, printing the
 * result lanes and MXCSR flags.
 */
#include "fpmath.h"

#ifdef __SSE2_MATH__
/* Freestanding: keep xmmintrin.h from pulling in mm_malloc.h and <stdlib.h>. */
#define _MM_MALLOC_H_INCLUDED
#include <emmintrin.h>

static const u32 FS[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00001, 0x7f800002,
    0x00000001, 0x007fffff, 0x7f7fffff, 0x3eaaaaab, 0x4f000000, 0xcf000001, 0x3fc00000, 0x40200000,
};
#define NF (sizeof(FS) / sizeof(FS[0]))

static void pv(__m128i v) { u32 w[4]; memcpy(w, &v, 16); printf(" %08x%08x%08x%08x", w[3], w[2], w[1], w[0]); }
static __m128 ld4(unsigned i) {
    u32 w[4] = { FS[i % NF], FS[(i + 3) % NF], FS[(i + 7) % NF], FS[(i + 11) % NF] };
    __m128 v; memcpy(&v, w, 16); return v;
}
static __m128d ld2(unsigned i) {
    __m128d v; u64 w[2] = { 0, 0 };
    w[0] = fp_dv[i % fp_ndv]; w[1] = fp_dv[(i + 5) % fp_ndv];
    memcpy(&v, w, 16); return v;
}

#define P(x) pv((__m128i)(x))

static void floats(void)
{
    for (unsigned i = 0; i < NF; i++)
        for (unsigned j = 0; j < NF; j += 3) {
            __m128 a = ld4(i), b = ld4(j);
            printf("sse ps %02u %02u", i, j);
            P(_mm_add_ps(a, b)); P(_mm_sub_ps(a, b)); P(_mm_mul_ps(a, b)); P(_mm_div_ps(a, b));
            P(_mm_min_ps(a, b)); P(_mm_max_ps(a, b)); P(_mm_sqrt_ps(a));
            P(_mm_add_ss(a, b)); P(_mm_min_ss(a, b)); P(_mm_sqrt_ss(b));
            P(_mm_cmpeq_ps(a, b)); P(_mm_cmplt_ps(a, b)); P(_mm_cmple_ps(a, b)); P(_mm_cmpunord_ps(a, b));
            P(_mm_cmpneq_ps(a, b)); P(_mm_cmpnlt_ps(a, b)); P(_mm_cmpnle_ps(a, b)); P(_mm_cmpord_ps(a, b));
            P(_mm_cmplt_ss(a, b));
            printf(" %d%d%d%d", _mm_comilt_ss(a, b), _mm_comieq_ss(a, b), _mm_ucomigt_ss(a, b), _mm_ucomineq_ss(a, b));
            P(_mm_cvtps_epi32(a)); P(_mm_cvttps_epi32(a)); P(_mm_cvtps_pd(a)); P(_mm_movehl_ps(a, b)); P(_mm_movelh_ps(a, b));
            P(_mm_shuffle_ps(a, b, 0x1b)); P(_mm_unpacklo_ps(a, b)); P(_mm_unpackhi_ps(a, b));
            printf(" %x %d %d %04x\n", _mm_movemask_ps(a), _mm_cvtss_si32(a), _mm_cvttss_si32(b), fp_flags());
        }
}

static void doubles(void)
{
    for (unsigned i = 0; i < 24; i++)
        for (unsigned j = 0; j < 24; j += 5) {
            __m128d a = ld2(i), b = ld2(j);
            printf("sse pd %02u %02u", i, j);
            P(_mm_add_pd(a, b)); P(_mm_sub_pd(a, b)); P(_mm_mul_pd(a, b)); P(_mm_div_pd(a, b));
            P(_mm_min_pd(a, b)); P(_mm_max_pd(a, b)); P(_mm_sqrt_pd(a)); P(_mm_min_sd(a, b));
            P(_mm_cmpeq_pd(a, b)); P(_mm_cmplt_pd(a, b)); P(_mm_cmpunord_pd(a, b)); P(_mm_cmpnle_pd(a, b));
            printf(" %d%d", _mm_comile_sd(a, b), _mm_ucomilt_sd(a, b));
            P(_mm_cvtpd_epi32(a)); P(_mm_cvttpd_epi32(a)); P(_mm_cvtpd_ps(a)); P(_mm_cvtsd_ss(_mm_setzero_ps(), a));
            P(_mm_shuffle_pd(a, b, 1)); P(_mm_unpacklo_pd(a, b)); P(_mm_unpackhi_pd(a, b));
            printf(" %x %d %d %04x\n", _mm_movemask_pd(a), _mm_cvtsd_si32(a), _mm_cvttsd_si32(b), fp_flags());
        }
}

static const u32 IV[] = {
    0x00000000, 0xffffffff, 0x80000000, 0x7fffffff, 0x00008000, 0x7fff8001, 0x12345678, 0xfedcba98,
    0x80808080, 0x7f7f7f7f, 0x00ff00ff, 0x01020304, 0xdeadbeef, 0x0000ffff, 0xffff0000, 0x55aa55aa,
};
static __m128i li(unsigned i) {
    u32 w[4] = { IV[i % 16], IV[(i + 5) % 16], IV[(i + 9) % 16], IV[(i + 13) % 16] };
    __m128i v; memcpy(&v, w, 16); return v;
}

static void integers(void)
{
    for (unsigned i = 0; i < 16; i++)
        for (unsigned j = 0; j < 16; j += 3) {
            __m128i a = li(i), b = li(j);
            printf("sse i %02u %02u", i, j);
            pv(_mm_add_epi8(a, b)); pv(_mm_adds_epi8(a, b)); pv(_mm_adds_epu8(a, b)); pv(_mm_subs_epi16(a, b));
            pv(_mm_subs_epu16(a, b)); pv(_mm_add_epi64(a, b)); pv(_mm_sub_epi32(a, b));
            pv(_mm_mullo_epi16(a, b)); pv(_mm_mulhi_epi16(a, b)); pv(_mm_mulhi_epu16(a, b)); pv(_mm_mul_epu32(a, b));
            pv(_mm_madd_epi16(a, b)); pv(_mm_avg_epu8(a, b)); pv(_mm_avg_epu16(a, b)); pv(_mm_sad_epu8(a, b));
            pv(_mm_min_epu8(a, b)); pv(_mm_max_epi16(a, b)); pv(_mm_cmpeq_epi8(a, b)); pv(_mm_cmpgt_epi16(a, b));
            pv(_mm_cmpgt_epi32(a, b)); pv(_mm_andnot_si128(a, b)); pv(_mm_xor_si128(a, b));
            pv(_mm_packs_epi16(a, b)); pv(_mm_packs_epi32(a, b)); pv(_mm_packus_epi16(a, b));
            pv(_mm_unpacklo_epi8(a, b)); pv(_mm_unpackhi_epi16(a, b)); pv(_mm_unpacklo_epi64(a, b)); pv(_mm_unpackhi_epi32(a, b));
            pv(_mm_sll_epi16(a, _mm_cvtsi32_si128(j))); pv(_mm_srl_epi32(a, _mm_cvtsi32_si128(j * 3)));
            pv(_mm_sra_epi16(a, _mm_cvtsi32_si128(j * 2))); pv(_mm_sll_epi64(a, _mm_cvtsi32_si128(j * 5)));
            pv(_mm_slli_epi32(a, 7)); pv(_mm_srai_epi32(a, 31)); pv(_mm_srli_epi64(a, 3)); pv(_mm_srli_si128(a, 5));
            pv(_mm_slli_si128(a, 11)); pv(_mm_shuffle_epi32(a, 0x4e)); pv(_mm_shufflehi_epi16(a, 0x1b));
            pv(_mm_shufflelo_epi16(a, 0xb1)); pv(_mm_insert_epi16(a, (int)IV[j], 5));
            pv((__m128i)_mm_cvtepi32_ps(a)); pv((__m128i)_mm_cvtepi32_pd(a));
            printf(" %04x %x %04x\n", _mm_movemask_epi8(a), _mm_extract_epi16(a, 3), fp_flags());
        }
}

static void mmx(void)
{
    for (unsigned i = 0; i < 16; i++)
        for (unsigned j = 0; j < 16; j += 5) {
            __m64 a = _mm_set_pi32((int)IV[i], (int)IV[(i + 7) % 16]), b = _mm_set_pi32((int)IV[j], (int)IV[(j + 3) % 16]);
            __m64 r[16];
            r[0] = _mm_add_pi16(a, b); r[1] = _mm_subs_pu8(a, b); r[2] = _mm_mulhi_pi16(a, b); r[3] = _mm_madd_pi16(a, b);
            r[4] = _mm_packs_pi16(a, b); r[5] = _mm_packs_pi32(a, b); r[6] = _mm_packs_pu16(a, b);
            r[7] = _mm_unpackhi_pi8(a, b); r[8] = _mm_unpacklo_pi16(a, b); r[9] = _mm_unpackhi_pi32(a, b);
            r[10] = _mm_sll_pi16(a, _mm_cvtsi32_si64(j)); r[11] = _mm_srai_pi32(a, 9); r[12] = _mm_cmpgt_pi8(a, b);
            r[13] = _mm_xor_si64(a, b); r[14] = _mm_avg_pu8(a, b); r[15] = _mm_shuffle_pi16(a, 0x39);
            u64 w[16]; memcpy(w, r, sizeof(w));
            int ex = _mm_extract_pi16(a, 2), mk = _mm_movemask_pi8(a);
            __m128 c = _mm_cvtpi32_ps(_mm_setzero_ps(), a);
            __m64 t = _mm_cvttps_pi32(c);
            u64 tw; memcpy(&tw, &t, 8);
            _mm_empty();
            printf("mmx %02u %02u", i, j);
            for (int k = 0; k < 16; k++) printf(" %016llx", w[k]);
            printf(" %x %x", ex, mk); P(c); printf(" %016llx %04x\n", tw, fp_flags());
        }
    unsigned char fx[512] __attribute__((aligned(16)));
    asm volatile ("fxsave %0" : "=m" (fx));
    printf("mmx after emms: ftw %02x fsw %04x\n", fx[4], fx[2] | fx[3] << 8);
}

/* Conversions through MMX registers, rounding modes, partial moves, masked stores. */
static void misc(void)
{
    for (unsigned i = 0; i < 24; i++) {
        __m128d a = ld2(i);
        __m128 f = ld4(i);
        printf("sse misc %02u", i);
        for (unsigned rc = 0; rc < 4; rc++) {
            u32 m = 0x1f80 | rc << 13;
            asm volatile ("ldmxcsr %0" : : "m" (m));
            __m64 p = _mm_cvtpd_pi32(a), t = _mm_cvttpd_pi32(a), q = _mm_cvtps_pi32(f);
            u64 w[3]; memcpy(&w[0], &p, 8); memcpy(&w[1], &t, 8); memcpy(&w[2], &q, 8);
            __m128d back = _mm_cvtpi32_pd(p);
            __m128 s = _mm_cvtsi32_ss(f, (int)IV[i % 16]);
            __m128d sd = _mm_cvtsi32_sd(a, (int)IV[(i + 1) % 16]);
            _mm_empty();
            printf(" %016llx %016llx %016llx", w[0], w[1], w[2]);
            P(back); P(s); P(sd); P(_mm_cvtps_epi32(f)); P(_mm_cvtpd_ps(a));
            printf(" %d %d %04x", _mm_cvtsd_si32(a), _mm_cvtss_si32(f), fp_flags());
        }
        u32 m = 0x1f80;
        asm volatile ("ldmxcsr %0" : : "m" (m));
        static __m128i buf;
        static int nt;
        buf = _mm_set1_epi32(0x11111111);
        _mm_maskmoveu_si128(li(i), li(i + 4), (char *)&buf);
        _mm_stream_si32(&nt, (int)IV[i % 16]);
        __m64 hi; u32 w2[2] = { IV[i % 16], IV[(i + 2) % 16] };
        memcpy(&hi, w2, 8);
        __m128 lh = _mm_loadh_pi(_mm_loadl_pi(f, &hi), &hi);
        __m64 sh; _mm_storeh_pi(&sh, f);
        u64 shv; memcpy(&shv, &sh, 8);
        pv(buf); printf(" %08x", (u32)nt); P(lh); printf(" %016llx\n", shv);
    }
}

void fpmath_sse(void)
{
    misc();
    floats();
    doubles();
    integers();
    mmx();
}
#endif
