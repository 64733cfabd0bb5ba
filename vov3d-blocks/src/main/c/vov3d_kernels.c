/*
 * vov3d native CPU kernels (AVX-512F, compiled with -mavx512f -mfma; NativeKernels.java loads
 * them only after vov3d_jni.c's CPU check has passed). Every activation is a channels-last float32 buffer
 * (N x T x H x W x C, C innermost); the program is a list of fixed-size integer records written
 * by NativeProgramWriter.java, interpreted here pass by pass.
 *
 * Why our own kernels: on the 2-core AVX-512 machines this library is measured on, libtorch
 * 2.7.1 (DJL 0.36's engine) runs a pointwise convolution as oneDNN 3.7.1's GEMM-based inner
 * product, 1.5-3x slower than a register-blocked AVX-512 product at VoV3D's narrow widths, and
 * it cannot fuse the SE gate and Swish into anything: each is one more pass over memory. Here
 * the gate and the activation are applied while the next product loads its input rows, and the
 * residual sum and ReLU while it stores its output.
 */
#include "vov3d_kernels.h"

#include <immintrin.h>
#include <math.h>
#include <omp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MR 8   /* rows per micro-kernel call */
#define NR 48  /* output columns per packed weight panel (three 16-float vectors) */
#define ALIGN 64

enum { E_ARGS = -1, E_MEMORY = -2, E_SHAPE = -3, E_SLOT = -4, E_NORESULT = -5, E_INPUT = -6 };

typedef struct {
    int n, t, h, w, c;
    float *data;
    int owned;
} slot;

/*
 * Activation buffers kept from run to run. A fresh buffer's pages are faulted in by the kernel
 * on first touch (about 50 ms for 32 MB on the VMs measured, more than the product writing it);
 * the same pass needs the same buffers every time, so each program keeps the ones it freed.
 */
#define POOL_ENTRIES 256
#define POOL_MAX_BYTES ((size_t) 4 << 30) /* more than this is freed when given back */
typedef struct {
    float *data;
    size_t bytes;
    int busy;
} pooled;

struct program {
    int32_t *code;
    int32_t records;
    int64_t nweights;
    float **packed; /* per record: re-laid-out weights (pointwise panels, stem, depthwise) */
    float **bias;   /* per record: bias padded to whole vectors, zeros where absent */
    float **packed2; /* per record: a fused record's second layer (its depthwise weights) */
    float **bias2;
    pthread_mutex_t lock;
    pooled pool[POOL_ENTRIES];
};

static int64_t nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int pad16(int c) { return (c + 15) & ~15; }

static __mmask16 tail_mask(int remaining) {
    return remaining >= 16 ? (__mmask16) 0xFFFF
                           : remaining <= 0 ? (__mmask16) 0 : (__mmask16) ((1u << remaining) - 1);
}

static void *aligned(size_t bytes) {
    size_t rounded = (bytes + ALIGN - 1) / ALIGN * ALIGN;
    return aligned_alloc(ALIGN, rounded == 0 ? ALIGN : rounded);
}

/* ---- element-wise helpers ------------------------------------------------------------ */

/*
 * e^-x as 2^t, t = -x log2(e) = k + f (k an integer, |f| <= 1/2): 2^f by a degree-5 polynomial
 * fitted for relative error on [-1/2, 1/2] (2.3e-7 at most with float arithmetic), scaled by
 * 2^k. Ten operations where a Cody-Waite reduction and Cephes' degree-6 polynomial took
 * fourteen (swish 25 % faster, whole VoV3D-L passes 4 %). Rounding t costs f up to |t| 2^-25:
 * swish stays within 1e-6 of its value relative for |x| < 16 (2.3e-7 before), and beyond that
 * it is x or 0 to float precision anyway. t is clamped to +-115 (x to +-80) so that no result is
 * subnormal: subnormal arithmetic takes a microcode assist of a hundred cycles or more.
 */
static inline __m512 exp_neg512(__m512 x) {
    __m512 t = _mm512_mul_ps(x, _mm512_set1_ps(-1.44269504088896341f));
    t = _mm512_min_ps(_mm512_max_ps(t, _mm512_set1_ps(-115.0f)), _mm512_set1_ps(115.0f));
    __m512 k = _mm512_roundscale_ps(t, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 f = _mm512_sub_ps(t, k);
    __m512 p = _mm512_set1_ps(1.327644451521337e-3f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.67553723603487e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.550713464617729e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4022120237350464e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.931469440460205e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0000001192092896f));
    return _mm512_scalef_ps(p, k);
}

static inline __m512 activate(__m512 x, int act) {
    if (act == ACT_RELU) {
        return _mm512_max_ps(x, _mm512_setzero_ps());
    }
    if (act == ACT_SWISH) {
        /* x / (1 + e^-x), the reciprocal by rcp14 and one Newton step (about 23 bits; a
           division costs several times as much here) */
        __m512 d = _mm512_add_ps(_mm512_set1_ps(1.0f), exp_neg512(x));
        __m512 r = _mm512_rcp14_ps(d);
        r = _mm512_mul_ps(r, _mm512_fnmadd_ps(d, r, _mm512_set1_ps(2.0f)));
        return _mm512_mul_ps(x, r);
    }
    return x;
}

/* ---- pointwise convolution: rows x K times K x N, fused input transform and epilogue -- */

static float *pack_pointwise(const float *w, int n, int k) {
    int panels = (n + NR - 1) / NR;
    float *p = aligned((size_t) panels * k * NR * sizeof(float));
    if (p == NULL) return NULL;
    memset(p, 0, (size_t) panels * k * NR * sizeof(float));
    for (int q = 0; q < panels; q++)
        for (int kk = 0; kk < k; kk++)
            for (int j = 0; j < NR && q * NR + j < n; j++)
                p[((size_t) q * k + kk) * NR + j] = w[(size_t) (q * NR + j) * k + kk];
    return p;
}

/*
 * C[rows x ncol] = epilogue(A[MR x K] * P[K x NR] + bias): all MR rows of A are read (those past
 * `rows` must be readable, and are not stored), only `vectors` of the panel's three vectors are
 * computed.
 * Row r of C starts at c + r * ldc, or at c + roff[r] where the rows are scattered (roff not
 * NULL; no addend); its vector v at + v * vstride (16 where rows are dense, more for a ring's
 * blocked rows). A[r][kk] is a[r * k + kk], or a[aoff[kk] + r * ars] where A is read in
 * place from another layout (aoff not NULL: the stem's clip rows).
 */
static inline __attribute__((always_inline)) void micro(int vectors, int rows, const float *a,
        int k, const float *panel, const float *bias, float *c, const float *addend, int ldc,
        const int64_t *roff, int vstride, const int64_t *aoff, int ars, int ncol, int relu) {
    __m512 acc[MR][3];
    for (int v = 0; v < vectors; v++) {
        __m512 b = _mm512_load_ps(bias + 16 * v);
        for (int r = 0; r < MR; r++) acc[r][v] = b;
    }
    for (int kk = 0; kk < k; kk++) {
        const float *wk = panel + (size_t) kk * NR;
        __m512 w0 = _mm512_load_ps(wk);
        __m512 w1 = vectors > 1 ? _mm512_load_ps(wk + 16) : w0;
        __m512 w2 = vectors > 2 ? _mm512_load_ps(wk + 32) : w0;
        const float *ak = aoff != NULL ? a + aoff[kk] : a + kk;
        const size_t step = aoff != NULL ? (size_t) ars : (size_t) k;
        for (int r = 0; r < MR; r++) {
            __m512 x = _mm512_set1_ps(ak[r * step]);
            acc[r][0] = _mm512_fmadd_ps(x, w0, acc[r][0]);
            if (vectors > 1) acc[r][1] = _mm512_fmadd_ps(x, w1, acc[r][1]);
            if (vectors > 2) acc[r][2] = _mm512_fmadd_ps(x, w2, acc[r][2]);
        }
    }
    __m512 zero = _mm512_setzero_ps();
    for (int r = 0; r < rows; r++) {
        float *row = c + (roff != NULL ? roff[r] : (int64_t) r * ldc);
        for (int v = 0; v < vectors; v++) {
            __mmask16 m = tail_mask(ncol - 16 * v);
            if (m == 0) break;
            __m512 y = acc[r][v];
            if (addend != NULL)
                y = _mm512_add_ps(y, _mm512_maskz_loadu_ps(m, addend + (size_t) r * ldc + 16 * v));
            if (relu) y = _mm512_max_ps(y, zero);
            _mm512_mask_storeu_ps(row + (int64_t) v * vstride, m, y);
        }
    }
}

static void micro_any(int vectors, int rows, const float *a, int k, const float *panel,
        const float *bias, float *c, const float *addend, int ldc, const int64_t *roff,
        int vstride, const int64_t *aoff, int ars, int ncol, int relu) {
    /* NULL as a constant where A is dense, so that the dense kernels carry no test for it */
#define MICRO(V, AOFF) \
    micro(V, rows, a, k, panel, bias, c, addend, ldc, roff, vstride, AOFF, ars, ncol, relu)
    if (aoff != NULL) {
        if (vectors == 1) MICRO(1, aoff);
        else if (vectors == 2) MICRO(2, aoff);
        else MICRO(3, aoff);
    } else if (vectors == 1) MICRO(1, NULL);
    else if (vectors == 2) MICRO(2, NULL);
    else MICRO(3, NULL);
#undef MICRO
}

typedef struct {
    const slot *in;
    int st, sh, sw, to, ho, wo; /* stride, output extent */
    const float *gate;          /* n x K, or NULL */
    int act;                    /* applied after the gate */
} rows_source;

/*
 * The MR x K block of input rows the micro-kernel reads from output row r0: the input itself
 * when the rows are contiguous and used as they are, else `block`, filled with the rows
 * gathered, gated and activated (rows past `rows` zero).
 */
static const float *load_rows(const rows_source *s, int64_t r0, int rows, int k, float *block) {
    int plain = s->gate == NULL && s->act == ACT_NONE;
    int contiguous = s->st == 1 && s->sh == 1 && s->sw == 1;
    if (plain && contiguous && rows == MR) return s->in->data + r0 * k;
    const slot *in = s->in;
    const int64_t per_clip = (int64_t) s->to * s->ho * s->wo;
    /* the clip and position of the block's first row, then counted on: a division per row
       cost more than the gate multiplication itself */
    int64_t clip = r0 / per_clip, rest = r0 % per_clip;
    int tt = (int) (rest / ((int64_t) s->ho * s->wo)), hh = (int) (rest / s->wo % s->ho),
        ww = (int) (rest % s->wo);
    for (int i = 0; i < MR; i++) {
        float *dst = block + (size_t) i * k;
        if (i >= rows) {
            memset(dst, 0, sizeof(float) * k);
            continue;
        }
        const float *src = contiguous ? in->data + (r0 + i) * k
                : in->data + (((clip * in->t + (int64_t) tt * s->st) * in->h
                                      + (int64_t) hh * s->sh) * in->w + (int64_t) ww * s->sw) * k;
        const float *g = s->gate == NULL ? NULL : s->gate + clip * k;
        if (++ww == s->wo) { /* the next row's position */
            ww = 0;
            if (++hh == s->ho) {
                hh = 0;
                if (++tt == s->to) {
                    tt = 0;
                    clip++;
                }
            }
        }
        if (plain) {
            memcpy(dst, src, sizeof(float) * k);
            continue;
        }
        for (int kk = 0; kk < k; kk += 16) {
            __mmask16 m = tail_mask(k - kk);
            __m512 x = _mm512_maskz_loadu_ps(m, src + kk);
            if (g != NULL) x = _mm512_mul_ps(x, _mm512_maskz_loadu_ps(m, g + kk));
            _mm512_mask_storeu_ps(dst + kk, m, activate(x, s->act));
        }
    }
    return block;
}

static int pointwise(const rows_source *s, int64_t m_rows, int k, int n, const float *packed,
        const float *bias, float *out, const float *addend, int relu) {
    int panels = (n + NR - 1) / NR;
    int64_t blocks = (m_rows + MR - 1) / MR;
    int threads = omp_get_max_threads();
    int failed = 0;
    if (blocks >= 2 * threads) {
#pragma omp parallel
        {
            float *block = aligned(sizeof(float) * MR * k);
            if (block == NULL) {
#pragma omp atomic write
                failed = 1;
            }
#pragma omp for schedule(static)
            for (int64_t b = 0; b < blocks; b++) {
                if (block == NULL) continue;
                int64_t r0 = b * MR;
                int rows = (int) (m_rows - r0 < MR ? m_rows - r0 : MR);
                const float *a = load_rows(s, r0, rows, k, block);
                for (int q = 0; q < panels; q++) {
                    int ncol = n - q * NR;
                    int vectors = ncol >= NR ? 3 : (ncol + 15) / 16;
                    micro_any(vectors, rows, a, k, packed + (size_t) q * k * NR,
                            bias + q * NR, out + r0 * n + q * NR,
                            addend == NULL ? NULL : addend + r0 * n + q * NR, n, NULL, 16, NULL, 0,
                            ncol > NR ? NR : ncol, relu);
                }
            }
            free(block);
        }
    } else {
        /* few rows (the head, tiny clips): share the panels out instead */
#pragma omp parallel
        {
            float *block = aligned(sizeof(float) * MR * k);
            if (block == NULL) {
#pragma omp atomic write
                failed = 1;
            }
#pragma omp for schedule(static)
            for (int64_t task = 0; task < blocks * panels; task++) {
                if (block == NULL) continue;
                int64_t b = task / panels;
                int q = (int) (task % panels);
                int64_t r0 = b * MR;
                int rows = (int) (m_rows - r0 < MR ? m_rows - r0 : MR);
                const float *a = load_rows(s, r0, rows, k, block);
                int ncol = n - q * NR;
                int vectors = ncol >= NR ? 3 : (ncol + 15) / 16;
                micro_any(vectors, rows, a, k, packed + (size_t) q * k * NR, bias + q * NR,
                        out + r0 * n + q * NR, addend == NULL ? NULL : addend + r0 * n + q * NR,
                        n, NULL, 16, NULL, 0, ncol > NR ? NR : ncol, relu);
            }
            free(block);
        }
    }
    return failed ? E_MEMORY : 0;
}

/* ---- depthwise convolution, channels-last, fused bias and activation ------------------ */

/*
 * The depthwise kernels below compute output lines (fixed output frame, a run of rows) from the
 * kt input frames they read, given as pointers (NULL where the window reaches into the zero
 * padding): so the same kernels serve a whole activation and the fused records, whose input
 * frames live in a small ring instead (see ring_depthwise).
 */

/*
 * A fused record's ring per thread, unless the record gives another (the tests' way to force
 * sub-bands): kept well inside a core's own cache (2 MB of L2 on the machines measured; at 3.6 MB
 * the first 112x112 unit of VoV3D-L took 9 ms, at 1 MB 5.5 ms).
 */
#define RING_BYTES ((size_t) 1 << 20)
#define MAX_KH 7 /* kernel rows the interior kernels take (larger ones run position by position) */

/*
 * An input row's channels are read through two strides: position p's vector v (channels 16v
 * onwards) at p * ps + v * bs. A dense activation has ps = c and bs = 16; a fused record's
 * ring is blocked (each row holds its positions' first 16 channels, then the next 16, ...:
 * ps = 16, bs = 16 x positions), so that consecutive positions are one vector apart and the
 * kernels' loads take constant offsets and no masks (a block's lanes past the last channel
 * hold zeros).
 */
typedef struct {
    const float *frames[VOV3D_MAX_KT]; /* input frame rows from row0, NULL: padding */
    int row0;                          /* the first row the frame pointers hold */
    int kt, kh, kw, sh, sw, ph, pw;
    int h, w, c;                       /* input extents (c: the channels computed) */
    const float *weight, *bias;        /* packed [tap][cp], padded bias, from the first channel */
    int act;
    int cp;                            /* floats from one tap's weights to the next */
    int cs;                            /* floats from one output position to the next */
    int64_t rs;                        /* floats from one input row to the next */
    int ps, bs;                        /* input position and vector strides (see above) */
    int blocked;                       /* ps = 16 with zeroed lanes: the ring's kernels */
} dw_line;

/* One position at a time (the borders): bounds-checked taps, `vectors` channel vectors. */
static inline __attribute__((always_inline)) void dw_edge(int vectors, const dw_line *d,
        float *dst, int oh, int ow, int cv) {
    const int c = d->c, cp = d->cp, ps = d->ps;
    const int64_t vb = (int64_t) (cv / 16) * d->bs;
    __mmask16 m[3];
    __m512 acc[3];
    for (int v = 0; v < vectors; v++) {
        m[v] = tail_mask(c - cv - 16 * v);
        acc[v] = _mm512_load_ps(d->bias + cv + 16 * v);
    }
    for (int dt = 0; dt < d->kt; dt++) {
        if (d->frames[dt] == NULL) continue;
        for (int dh = 0; dh < d->kh; dh++) {
            int ih = oh * d->sh - d->ph + dh;
            if (ih < 0 || ih >= d->h) continue;
            const float *row = d->frames[dt] + (int64_t) (ih - d->row0) * d->rs + vb;
            const float *wt = d->weight + (size_t) ((dt * d->kh + dh) * d->kw) * cp + cv;
            for (int dw = 0; dw < d->kw; dw++) {
                int iw = ow * d->sw - d->pw + dw;
                if (iw < 0 || iw >= d->w) continue;
                for (int v = 0; v < vectors; v++)
                    acc[v] = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m[v],
                                                     row + (int64_t) iw * ps + (int64_t) v * d->bs),
                            _mm512_load_ps(wt + (size_t) dw * cp + 16 * v), acc[v]);
            }
        }
    }
    for (int v = 0; v < vectors; v++)
        _mm512_mask_storeu_ps(dst + (int64_t) ow * d->cs + cv + 16 * v, m[v],
                activate(acc[v], d->act));
}

/*
 * P interior positions (no tap needs a bounds check along W) for kernels KW wide at W-stride
 * SW, all compile-time constants here: each input vector is loaded once and used by every
 * output it reaches (10 loads for 8 outputs x 3 taps at stride 1, not 24), and the P x
 * `vectors` accumulators stay in registers. PS is the input position stride where it is a
 * constant (the blocked ring: 16, read without masks), else 0 and ps is read. Everything
 * arrives by value (the row pointers already offset to this line's rows) so that no store can
 * be taken to alias it.
 */
static inline __attribute__((always_inline)) void dw_interior(int KW, int SW, int vectors, int P,
        int PS, const float *const *rows, const float *const *wrows, int nrows,
        const float *restrict bias, float *restrict dst, int c, int cp, int cs, int ps_, int bs,
        int ow0, int pw, int cv, int act) {
    const int span = (P - 1) * SW + KW;
    const int64_t ps = PS != 0 ? PS : ps_;
    __mmask16 m[3];
    __m512 acc[8][3];
#pragma GCC unroll 3
    for (int v = 0; v < vectors; v++) {
        m[v] = tail_mask(c - cv - 16 * v);
        __m512 b = _mm512_load_ps(bias + cv + 16 * v);
#pragma GCC unroll 8
        for (int j = 0; j < P; j++) acc[j][v] = b;
    }
    const int64_t start = (int64_t) (ow0 * SW - pw) * ps + (int64_t) (cv / 16) * bs;
    for (int r = 0; r < nrows; r++) {
        const float *restrict row = rows[r] + start;
        const float *restrict wt = wrows[r] + cv;
#pragma GCC unroll 3
        for (int v = 0; v < vectors; v++) {
            const float *restrict p = row + (int64_t) v * bs;
            /* p opaque from here: otherwise GCC hoists every p + v * bs + q * ps out of the
               loops as a register of its own (spilled, then moved back through the ports the
               FMAs need), where a constant PS makes them immediate offsets (~5 % faster) */
            __asm__("" : "+r"(p));
            __m512 wv[7]; /* fixed size: a KW-sized array would be a VLA on the stack */
#pragma GCC unroll 7
            for (int q = 0; q < KW; q++) wv[q] = _mm512_load_ps(wt + (size_t) q * cp + 16 * v);
#pragma GCC unroll 32
            for (int q = 0; q < span; q++) {
                __m512 x = PS != 0 ? _mm512_loadu_ps(p + (int64_t) q * ps)
                                   : _mm512_maskz_loadu_ps(m[v], p + (int64_t) q * ps);
                /* one load per input vector: GCC would otherwise fold it into each FMA that
                   reads it, KW loads of the same vector (10-30 % slower measured) */
                __asm__("" : "+v"(x));
#pragma GCC unroll 8
                for (int j = 0; j < P; j++) {
                    int tap = q - SW * j;
                    if (tap >= 0 && tap < KW) acc[j][v] = _mm512_fmadd_ps(x, wv[tap], acc[j][v]);
                }
            }
        }
    }
    float *restrict o = dst + (int64_t) ow0 * cs + cv;
#pragma GCC unroll 8
    for (int j = 0; j < P; j++)
#pragma GCC unroll 3
        for (int v = 0; v < vectors; v++)
            _mm512_mask_storeu_ps(o + (int64_t) j * cs + 16 * v, m[v], activate(acc[j][v], act));
}

/* whether an interior kernel is written for this kernel width and stride */
static int dw_interior_exists(const dw_line *d) {
    return d->kh <= MAX_KH && ((d->kw == 3 && (d->sw == 1 || d->sw == 2))
                                      || (d->kw == 1 && d->sw == 1) || (d->kw == 5 && d->sw == 1));
}

/* whether P positions from `at` have every tap inside the row */
static int dw_inside(const dw_line *d, int at, int P, int wo) {
    return at >= 0 && at + P <= wo && at * d->sw - d->pw >= 0
            && (at + P - 1) * d->sw - d->pw + d->kw - 1 < d->w;
}

/*
 * The next group of output positions from ow: its first position (*at) and its size P, or 0
 * for one position through the bounds-checked kernel. The last group may start earlier and
 * write a few positions again (with the same values), so a line whose width is not a multiple
 * of the group needs no position-by-position tail.
 */
static int dw_group(const dw_line *d, int ow, int wo, int *at) {
    if (dw_interior_exists(d)) {
        /* blocked rows: groups of seven where they tile the line and eight do not (VoV3D's
           7, 14, 28 positions; eight there computed up to 14 % of the line twice) */
        static const int sizes[3][4] = {{4, 0, 0, 0}, {8, 4, 1, 0}, {7, 4, 1, 0}};
        const int form = !d->blocked ? 0 : wo % 7 == 0 && wo % 8 != 0 ? 2 : 1;
        for (int i = 0; i < 4 && sizes[form][i] > 0; i++) {
            int P = sizes[form][i];
            *at = ow + P <= wo || wo < P ? ow : wo - P;
            if (dw_inside(d, *at, P, wo)) return P;
        }
    }
    *at = ow;
    return 0;
}

/* the interior kernel for this KW, SW, P and PS at `vectors` vectors */
#define DW_INTERIOR_AT(KW, SW, P, PS) \
    do { \
        if (vectors == 3) dw_interior(KW, SW, 3, P, PS, rows, wrows, nrows, bias, o, c, cp, cs, \
                ps, bs, at, pw, cv, act); \
        else if (vectors == 2) dw_interior(KW, SW, 2, P, PS, rows, wrows, nrows, bias, o, c, cp, \
                cs, ps, bs, at, pw, cv, act); \
        else dw_interior(KW, SW, 1, P, PS, rows, wrows, nrows, bias, o, c, cp, cs, ps, bs, at, \
                pw, cv, act); \
    } while (0)
#define DW_INTERIOR(P, PS) \
    do { \
        if (kw == 3 && sw == 1) DW_INTERIOR_AT(3, 1, P, PS); \
        else if (kw == 3 && sw == 2) DW_INTERIOR_AT(3, 2, P, PS); \
        else if (kw == 1) DW_INTERIOR_AT(1, 1, P, PS); \
        else DW_INTERIOR_AT(5, 1, P, PS); \
    } while (0)

/* lines run together by dw_lines: their row tables are built once for every group */
#define DW_CHUNK 8

/*
 * Output lines oh0 to oh1 (wo positions, every channel; line oh's position p at
 * dst + (oh - oh0) * line + p * cs). Lines run innermost, a few at a time, for one group of
 * positions and channel vectors: the input rows consecutive lines share (kh - sh of kh) are
 * then still in the first-level cache, where line after line over every channel read them
 * from the second level each time.
 */
static void dw_lines(const dw_line *d, float *dst, int64_t line, int oh0, int oh1, int wo) {
    const int c = d->c, cp = d->cp, cs = d->cs, kw = d->kw, sw = d->sw, pw = d->pw;
    const int ps = d->ps, bs = d->bs;
    const int act = d->act;
    const float *bias = d->bias;
    /* each line's input rows (frame x kernel row inside the map) and the weights they use */
    const float *table[DW_CHUNK][VOV3D_MAX_KT * MAX_KH];
    const float *wtable[DW_CHUNK][VOV3D_MAX_KT * MAX_KH];
    int counts[DW_CHUNK];
    for (int first = oh0; first < oh1; first += DW_CHUNK) {
        const int last = first + DW_CHUNK < oh1 ? first + DW_CHUNK : oh1;
        for (int oh = first; oh < last; oh++) {
            int n = 0;
            for (int dt = 0; dt < d->kt; dt++) {
                if (d->frames[dt] == NULL) continue;
                for (int dh = 0; dh < d->kh && dh < MAX_KH; dh++) {
                    int ih = oh * d->sh - d->ph + dh;
                    if (ih < 0 || ih >= d->h) continue;
                    table[oh - first][n] = d->frames[dt] + (int64_t) (ih - d->row0) * d->rs;
                    wtable[oh - first][n++] = d->weight + (size_t) ((dt * d->kh + dh) * kw) * cp;
                }
            }
            counts[oh - first] = n;
        }
        /* vectors at a time: two where groups of seven or eight positions run (14 or 16
           accumulators; with 21 or 24, 3-8 % slower), else three */
        const int widest = d->blocked && wo >= 7 ? 2 : 3;
        for (int cv = 0, step; cv < c; cv += step) {
            const int vectors = c - cv >= 16 * widest ? widest : (c - cv + 15) / 16;
            step = 16 * vectors;
            for (int ow = 0, at, P; ow < wo; ow = (P > 0 ? at + P : ow + 1)) {
                P = dw_group(d, ow, wo, &at);
                for (int oh = first; oh < last; oh++) {
                    float *o = dst + (oh - oh0) * line;
                    if (P == 0) {
                        if (vectors == 3) dw_edge(3, d, o, oh, ow, cv);
                        else if (vectors == 2) dw_edge(2, d, o, oh, ow, cv);
                        else dw_edge(1, d, o, oh, ow, cv);
                        continue;
                    }
                    const float *const *rows = table[oh - first];
                    const float *const *wrows = wtable[oh - first];
                    const int nrows = counts[oh - first];
                    if (P == 8) DW_INTERIOR(8, 16);
                    else if (P == 7) DW_INTERIOR(7, 16);
                    else if (P == 1) DW_INTERIOR(1, 16);
                    else if (d->blocked) DW_INTERIOR(4, 16);
                    else DW_INTERIOR(4, 0);
                }
            }
        }
    }
}

/* weights O x 1 x kt x kh x kw -> [tap][C padded] */
static float *pack_depthwise(const float *w, int c, int taps) {
    int cp = pad16(c);
    float *p = aligned((size_t) taps * cp * sizeof(float));
    if (p == NULL) return NULL;
    memset(p, 0, (size_t) taps * cp * sizeof(float));
    for (int ch = 0; ch < c; ch++)
        for (int tap = 0; tap < taps; tap++) p[(size_t) tap * cp + ch] = w[(size_t) ch * taps + tap];
    return p;
}

/* the dw_line of output frame ot of clip nn, reading a whole activation */
static void frames_of(dw_line *d, const slot *in, int nn, int ot, int st, int pt) {
    for (int dt = 0; dt < d->kt; dt++) {
        int it = ot * st - pt + dt;
        d->frames[dt] = it < 0 || it >= in->t ? NULL
                : in->data + (((int64_t) nn * in->t + it) * in->h) * in->w * in->c;
    }
}

/* the kernel, stride and padding of a convolution record: kt kh kw, st sh sw, pt ph pw */
typedef struct {
    int kt, kh, kw, st, sh, sw, pt, ph, pw;
} geometry;

static geometry geometry_of(const int32_t *g) {
    geometry v = {g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8]};
    return v;
}

static void depthwise(const slot *in, slot *out, const float *w, const float *bias,
        geometry g, int act) {
    const int to = out->t, ho = out->h, wo = out->w;
    const int64_t lines = (int64_t) out->n * to * ho;
#pragma omp parallel for schedule(static)
    for (int64_t line = 0; line < lines; line++) {
        int nn = (int) (line / ((int64_t) to * ho));
        int ot = (int) (line / ho % to);
        int oh = (int) (line % ho);
        dw_line d = {{0}, 0, g.kt, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, in->h, in->w, in->c, w,
                bias, act, pad16(in->c), in->c, (int64_t) in->w * in->c, in->c, 16, 0};
        frames_of(&d, in, nn, ot, g.st, g.pt);
        dw_lines(&d, out->data + line * wo * out->c, 0, oh, oh + 1, wo);
    }
}

/* ---- pointwise expansion fused into the depthwise convolution after it ----------------- */

static float *take(program *p, size_t bytes);
static void give(program *p, float *data);

/*
 * MR rows (a, row stride k) times columns [c0, c1) of the packed panels (c0 a multiple of 16),
 * row r to out + roff[r], vector j of the columns (c0 + 16j onwards) at + j * vstride, in whole
 * vectors (the lanes past c1 hold zeros: the weights and bias are zero-padded): up to three
 * vectors at a time, none crossing a panel
 */
static inline void product_rows(const float *a, int rows, int k, int c0, int c1,
        const float *packed, const float *bias, float *out, const int64_t *roff, int vstride,
        int relu) {
    for (int col = c0, vectors; col < c1; col += 16 * vectors) {
        const int q = col / NR, off = col % NR, left = (c1 - col + 15) / 16;
        vectors = (NR - off) / 16 < left ? (NR - off) / 16 : left;
        micro_any(vectors, rows, a, k, packed + (size_t) q * k * NR + off, bias + col,
                out + (int64_t) (col - c0) / 16 * vstride, NULL, 0, roff, vstride, NULL, 0,
                16 * vectors, relu);
    }
}


/* ---- the stem's dense 1 x kh x kw convolution, read straight from the channels-first clip */

/*
 * For one output row, the cin x kh clip rows it reads are copied with their W padding into a
 * small scratch block, and the micro-kernel takes its inputs straight from there (tap kk of
 * position r at aoff[kk] + r * sw): no patch matrix is gathered element by element, and the
 * clip is never copied channels-last.
 */
typedef struct {
    const float *clip;          /* N x cin x T x H x W */
    int cin, t, h, w;
    int kh, kw, sh, sw, ph, pw; /* the frame-wise kernel */
    int wo, c;                  /* an output row's positions, the output channels */
    const float *packed, *bias;
} stem_rows;

/* the scratch one stem row needs: its clip rows, and slack for the micro-kernel's last rows */
static size_t stem_scratch_floats(const stem_rows *s) {
    return (size_t) s->cin * s->kh * (s->w + 2 * s->pw) + (size_t) MR * s->sw + s->kw;
}

/* tap kk = (ci, dh, dw), in the weight's order: where it sits in the scratch block */
static int64_t *stem_offsets(const stem_rows *s) {
    const int64_t srow = s->w + 2 * s->pw;
    int64_t *aoff = malloc(sizeof(int64_t) * (size_t) s->cin * s->kh * s->kw);
    if (aoff == NULL) return NULL;
    for (int row = 0; row < s->cin * s->kh; row++)
        for (int dw = 0; dw < s->kw; dw++) aoff[row * s->kw + dw] = row * srow + dw;
    return aoff;
}

/*
 * Output row oh of frame it of clip nn as a blocked ring row (see dw_line): position p's vector
 * v at dst + p * 16 + v * bs, in whole vectors (zeros past the last channel).
 */
static void stem_row(const stem_rows *s, const int64_t *aoff, int nn, int it, int oh, float *dst,
        int bs, float *scratch) {
    const int srow = s->w + 2 * s->pw, k = s->cin * s->kh * s->kw;
    const int panels = (s->c + NR - 1) / NR;
    for (int ci = 0; ci < s->cin; ci++) {
        const float *plane = s->clip + (((int64_t) nn * s->cin + ci) * s->t + it) * s->h * s->w;
        for (int dh = 0; dh < s->kh; dh++) {
            float *row = scratch + (size_t) (ci * s->kh + dh) * srow;
            int ih = oh * s->sh - s->ph + dh;
            if (ih < 0 || ih >= s->h) {
                memset(row, 0, sizeof(float) * srow);
                continue;
            }
            memset(row, 0, sizeof(float) * s->pw);
            memcpy(row + s->pw, plane + (int64_t) ih * s->w, sizeof(float) * s->w);
            memset(row + s->pw + s->w, 0, sizeof(float) * s->pw);
        }
    }
    for (int ow = 0; ow < s->wo; ow += MR) {
        int rows = s->wo - ow < MR ? s->wo - ow : MR;
        for (int q = 0; q < panels; q++) {
            int ncol = s->c - q * NR;
            int vectors = ncol >= NR ? 3 : (ncol + 15) / 16;
            micro_any(vectors, rows, scratch + (size_t) ow * s->sw, k,
                    s->packed + (size_t) q * k * NR, s->bias + q * NR,
                    dst + (int64_t) ow * 16 + (int64_t) q * (NR / 16) * bs, NULL, 16, NULL, bs,
                    aoff, s->sw, 16 * vectors, 0);
        }
    }
}

/* scratch for a thread, its slack zeroed (the micro-kernel reads it for rows it drops) */
static float *zeroed(size_t floats) {
    float *f = aligned(sizeof(float) * floats);
    if (f != NULL) memset(f, 0, sizeof(float) * floats);
    return f;
}

/* ---- a depthwise convolution fused with the layer feeding it, through per-thread rings ---- */

/*
 * What fills a fused record's ring with rows of the depthwise convolution's input: a pointwise
 * expansion of an activation (relu?(x W + b)), or the stem reading the clip.
 */
typedef struct {
    const slot *in; /* the expansion's input, or NULL for the stem */
    const float *packed, *bias;
    int k, relu;
    const stem_rows *stem;
    const int64_t *aoff; /* the stem's tap offsets */
} ring_source;

/*
 * Rows [lo, hi) of frame it of clip nn of the depthwise input (w positions), channels [c0, c1)
 * (all of them for the stem), into dst as blocked rows (see dw_line): each row nb blocks of wp
 * positions x 16 floats, of which the first `pad` positions (and the last wp - w - pad) are
 * padding and left as they are.
 */
static void fill_rows(const ring_source *s, int nn, int it, int lo, int hi, int w, int wp,
        int pad, int c0, int c1, float *dst, float *scratch) {
    const int64_t bs = (int64_t) wp * 16, rs = bs * ((c1 - c0 + 15) / 16);
    if (s->stem != NULL) {
        for (int ih = lo; ih < hi; ih++)
            stem_row(s->stem, s->aoff, nn, it, ih, dst + (ih - lo) * rs + pad * 16, (int) bs,
                    scratch);
        return;
    }
    const slot *in = s->in;
    const int k = s->k;
    const int64_t band_rows = (int64_t) (hi - lo) * w;
    const float *src = in->data + ((((int64_t) nn * in->t + it) * in->h + lo) * w) * k;
    int64_t roff[MR];
    for (int64_t r0 = 0; r0 < band_rows; r0 += MR) {
        int count = (int) (band_rows - r0 < MR ? band_rows - r0 : MR);
        const float *x = src + r0 * k;
        if (count < MR) {
            memset(scratch, 0, sizeof(float) * MR * k);
            memcpy(scratch, x, sizeof(float) * count * k);
            x = scratch;
        }
        /* one division per block, not per row (a division cost as much as a small product) */
        int64_t line = r0 / w, at = r0 % w;
        for (int i = 0; i < count; i++) {
            roff[i] = line * rs + (at + pad) * 16;
            if (++at == w) {
                at = 0;
                line++;
            }
        }
        product_rows(x, count, k, c0, c1, s->packed, s->bias, dst, roff, (int) bs, s->relu);
    }
}

/*
 * The depthwise convolution of an input (extents `shape`, c channels) that never exists
 * whole: each thread fills, into a ring of kt frames of its own, just the part of the input
 * its share of the output reads, frame after frame, and the depthwise kernel reads it from
 * there while it is still in cache (the frames one output frame reads are kt consecutive ones,
 * so they never share a slot). No thread waits for another inside the record.
 *
 * A thread's share is a run of the expansion's channels (whole vectors), where that is clearly
 * the lighter share (see CHANNEL_SPLIT_GAIN): nothing is computed twice, but each thread reads
 * the whole input and vectors may not split evenly. Otherwise (the stem, narrow expansions,
 * taller maps) it is a band of output rows, and the input rows at a band's edges are filled by
 * both threads. A share whose ring would outgrow the cache is cut into sub-bands of rows taken
 * one after another (each refills the kh - sh rows it shares with the previous one). The
 * ring's rows carry the W padding as zero columns, so every output position takes the interior
 * kernels.
 */
/* the input rows [lo, hi) output rows [a, b) read (none where b <= a) */
static void input_rows(int a, int b, geometry g, int h, int *lo, int *hi) {
    *lo = a * g.sh - g.ph < 0 ? 0 : a * g.sh - g.ph;
    *hi = (b - 1) * g.sh - g.ph + g.kh > h ? h : (b - 1) * g.sh - g.ph + g.kh;
    if (b <= a || *hi < *lo) *hi = *lo;
}

/*
 * Threads split a fused record by channels only where their largest share of channels is at
 * most this fraction of their largest share of input rows. Measured on VoV3D's units (2
 * threads, record alone): at 7x7 the channel split was 15-20 % faster, at 14x14 even, at 28x28
 * 6 % slower (shares 0.5 against 0.71, 0.57 and 0.57).
 */
#define CHANNEL_SPLIT_GAIN 0.8

static int ring_depthwise(program *p, const ring_source *src, const slot *shape, int c,
        slot *out, const float *w, const float *bias, geometry g, int act,
        size_t scratch_floats, size_t ring_bytes) {
    const int T = shape->t;
    const int kt = g.kt, kh = g.kh, st = g.st, sh = g.sh, pt = g.pt, ph = g.ph;
    const int wp = shape->w + 2 * g.pw; /* a ring row's positions, padding included */
    const int vecs = (c + 15) / 16;
    int failed = 0;
#pragma omp parallel
    {
        const int team = omp_get_num_threads(), me = omp_get_thread_num();
        /* the largest share either way, as a fraction of the whole: channels or input rows
           (a thread with no output rows reads none) */
        double rows_share = 0;
        for (int t = 0; t < team; t++) {
            int lo, hi;
            input_rows((int) ((int64_t) out->h * t / team),
                    (int) ((int64_t) out->h * (t + 1) / team), g, shape->h, &lo, &hi);
            if (hi - lo > rows_share * shape->h) rows_share = (double) (hi - lo) / shape->h;
        }
        const double channel_share = (double) ((vecs + team - 1) / team) / vecs;
        /* by channels only where every thread gets at least one vector */
        const int by_channels = src->stem == NULL && team > 1 && vecs >= team
                && channel_share <= CHANNEL_SPLIT_GAIN * rows_share;
        const int c0 = by_channels ? 16 * (vecs * me / team) : 0;
        const int c1 = by_channels ? (16 * (vecs * (me + 1) / team) < c
                                              ? 16 * (vecs * (me + 1) / team) : c) : c;
        const int cn = c1 - c0; /* this thread's channels */
        const int a = by_channels ? 0 : (int) ((int64_t) out->h * me / team);
        const int b = by_channels ? out->h : (int) ((int64_t) out->h * (me + 1) / team);
        const int blocks = (cn + 15) / 16;
        const size_t row_floats = (size_t) wp * 16 * blocks; /* a blocked row (see dw_line) */
        const int64_t fit = (int64_t) (ring_bytes / (sizeof(float) * row_floats * kt));
        const int sub_rows = fit <= kh ? 1 : (int) ((fit - kh) / sh + 1);
        const int subs = b > a ? (b - a + sub_rows - 1) / sub_rows : 0;
        const int most = subs > 0 ? (b - a + subs - 1) / subs : 0;
        const int ring_rows = most > 0 ? (most - 1) * sh + kh : 0;
        float *ring = ring_rows > 0 ? take(p, sizeof(float) * ring_rows * row_floats * kt) : NULL;
        float *scratch = zeroed(scratch_floats);
        if ((ring_rows > 0 && ring == NULL) || scratch == NULL) {
#pragma omp atomic write
            failed = 1;
        }
        if (ring != NULL && g.pw > 0) /* the padding columns, never written by fill_rows */
            for (int64_t r = 0; r < (int64_t) ring_rows * kt * blocks; r++) {
                memset(ring + r * wp * 16, 0, sizeof(float) * g.pw * 16);
                memset(ring + (r * wp + shape->w + g.pw) * 16, 0, sizeof(float) * g.pw * 16);
            }
        int held[VOV3D_MAX_KT];
        for (int sub = 0; sub < subs && ring != NULL && scratch != NULL; sub++) {
            const int sa = a + (int) ((int64_t) (b - a) * sub / subs);
            const int sb = a + (int) ((int64_t) (b - a) * (sub + 1) / subs);
            int lo, hi;
            input_rows(sa, sb, g, shape->h, &lo, &hi);
            if (hi <= lo) continue;
            const size_t band_floats = (size_t) (hi - lo) * row_floats;
            for (int nn = 0; nn < shape->n; nn++) {
                for (int i = 0; i < kt; i++) held[i] = -1;
                for (int ot = 0; ot < out->t; ot++) {
                    dw_line d = {{0}, lo, kt, kh, g.kw, sh, g.sw, ph, 0, shape->h, wp, cn,
                            w + c0, bias + c0, act, pad16(c), c, (int64_t) row_floats, 16,
                            wp * 16, 1};
                    for (int dt = 0; dt < kt; dt++) {
                        int it = ot * st - pt + dt;
                        if (it < 0 || it >= T) continue;
                        d.frames[dt] = ring + (size_t) (it % kt) * band_floats;
                        if (held[it % kt] == it) continue;
                        fill_rows(src, nn, it, lo, hi, shape->w, wp, g.pw, c0, c1,
                                (float *) d.frames[dt], scratch);
                        held[it % kt] = it;
                    }
                    float *dst = out->data + ((int64_t) nn * out->t + ot) * out->h * out->w * c
                            + c0;
                    dw_lines(&d, dst + (int64_t) sa * out->w * c, (int64_t) out->w * c, sa, sb,
                            out->w);
                }
            }
        }
        give(p, ring);
        free(scratch);
    }
    return failed ? E_MEMORY : 0;
}

/*
 * relu?(expand(x)) then the depthwise convolution, the expanded activation (the widest of a
 * unit: twice its width in VoV3D) never written out whole: writing it out and reading it back
 * was most of what a unit's first two layers cost.
 */
static int expand_depthwise(program *p, const slot *in, slot *out, const float *epacked,
        const float *ebias, int k, int c, int relu, const float *w, const float *bias,
        geometry g, int act, int64_t fuse_min_rows, size_t ring_bytes) {
    const int64_t rows = (int64_t) in->h * in->w;
    if (rows < fuse_min_rows) {
        /* frames smaller than the record's threshold (none in the library's programs, which
           fuse at every size; the tests use it to compare both ways): the expansion whole */
        const size_t frame = (size_t) rows * c;
        slot expanded = {in->n, in->t, in->h, in->w, c, take(p, sizeof(float) * frame * in->t * in->n), 1};
        if (expanded.data == NULL) return E_MEMORY;
        rows_source s = {in, 1, 1, 1, in->t, in->h, in->w, NULL, ACT_NONE};
        int rc = pointwise(&s, (int64_t) in->n * in->t * rows, k, c, epacked, ebias, expanded.data,
                NULL, relu);
        if (rc == 0)
            depthwise(&expanded, out, w, bias, g, act);
        give(p, expanded.data);
        return rc;
    }
    const ring_source src = {in, epacked, ebias, k, relu, NULL, NULL};
    return ring_depthwise(p, &src, in, c, out, w, bias, g, act, (size_t) MR * k, ring_bytes);
}

/* the stem, then the depthwise convolution reading its result (X3D's temporal one), fused */
static int stem_depthwise(program *p, const stem_rows *s, const slot *shape, slot *out,
        const float *w, const float *bias, geometry g, int act) {
    int64_t *aoff = stem_offsets(s);
    if (aoff == NULL) return E_MEMORY;
    const ring_source src = {NULL, NULL, NULL, 0, 0, s, aoff};
    int rc = ring_depthwise(p, &src, shape, s->c, out, w, bias, g, act, stem_scratch_floats(s),
            RING_BYTES);
    free(aoff);
    return rc;
}

/* ---- the clip copied channels-last (the tests' way to feed one kernel; the library's programs
        start with the stem) */

static void channels_last(const float *clip, const slot *shape_in, slot *out) {
    const int c = shape_in->c;
    const int64_t positions = (int64_t) shape_in->t * shape_in->h * shape_in->w;
    const int64_t cells = (int64_t) shape_in->n * positions;
#pragma omp parallel for schedule(static)
    for (int64_t cell = 0; cell < cells; cell++) {
        int64_t nn = cell / positions, pos = cell % positions;
        for (int ch = 0; ch < c; ch++)
            out->data[cell * c + ch] = clip[(nn * c + ch) * positions + pos];
    }
}

/* ---- squeeze-excitation gate: mean over positions, two small layers, sigmoid ----------- */

/* SE's two layers as one array: w1 (cse x c), b1 (cse), w2 (c x cse), b2 (c) */
static float *pack_squeeze_excite(const float *weights, int w1, int b1, int w2, int b2, int c,
        int cse) {
    const size_t matrix = (size_t) c * cse;
    float *packed = malloc(sizeof(float) * (2 * matrix + cse + c));
    if (packed == NULL) return NULL;
    memcpy(packed, weights + w1, sizeof(float) * matrix);
    memcpy(packed + matrix, weights + b1, sizeof(float) * cse);
    memcpy(packed + matrix + cse, weights + w2, sizeof(float) * matrix);
    memcpy(packed + 2 * matrix + cse, weights + b2, sizeof(float) * c);
    return packed;
}

static int squeeze_excite(const slot *y, float *gate, const float *layers, int cse) {
    const int c = y->c;
    const size_t matrix = (size_t) c * cse;
    const float *w1 = layers, *b1 = layers + matrix, *w2 = layers + matrix + cse,
                *b2 = layers + 2 * matrix + cse;
    const int64_t positions = (int64_t) y->t * y->h * y->w;
    double *mean = calloc((size_t) c, sizeof(double));
    double *hidden = calloc((size_t) cse, sizeof(double));
    if (mean == NULL || hidden == NULL) {
        free(mean);
        free(hidden);
        return E_MEMORY;
    }
    int failed = 0;
    for (int nn = 0; nn < y->n; nn++) {
        memset(mean, 0, sizeof(double) * c);
        const float *base = y->data + (int64_t) nn * positions * c;
#pragma omp parallel
        {
            double *mine = calloc((size_t) c, sizeof(double));
            float *part = aligned(sizeof(float) * (pad16(c) + 64));
            if (mine == NULL || part == NULL) {
#pragma omp atomic write
                failed = 1;
            }
#pragma omp for schedule(static)
            for (int64_t chunk = 0; chunk < (positions + 255) / 256; chunk++) {
                if (mine == NULL || part == NULL) continue;
                int64_t end = chunk * 256 + 256 < positions ? chunk * 256 + 256 : positions;
                /* four channel vectors at a time summed in registers over the chunk's
                   positions (summed through memory, every add waited for the last store) */
                for (int cv = 0; cv < c; cv += 64) {
                    __mmask16 m[4];
                    __m512 acc[4];
                    for (int v = 0; v < 4; v++) {
                        m[v] = tail_mask(c - cv - 16 * v);
                        acc[v] = _mm512_setzero_ps();
                    }
                    for (int64_t p = chunk * 256; p < end; p++)
                        for (int v = 0; v < 4; v++)
                            acc[v] = _mm512_add_ps(acc[v],
                                    _mm512_maskz_loadu_ps(m[v], base + p * c + cv + 16 * v));
                    for (int v = 0; v < 4; v++) _mm512_store_ps(part + cv + 16 * v, acc[v]);
                }
                for (int ch = 0; ch < c; ch++) mine[ch] += part[ch];
            }
#pragma omp critical
            {
                if (mine != NULL)
                    for (int ch = 0; ch < c; ch++) mean[ch] += mine[ch];
            }
            free(mine);
            free(part);
        }
        for (int j = 0; j < cse; j++) {
            double s = b1[j];
            for (int ch = 0; ch < c; ch++) s += (double) w1[(size_t) j * c + ch] * (mean[ch] / positions);
            hidden[j] = s > 0 ? (float) s : 0.0f;
        }
        for (int ch = 0; ch < c; ch++) {
            double s = b2[ch];
            for (int j = 0; j < cse; j++) s += (double) w2[(size_t) ch * cse + j] * hidden[j];
            gate[(int64_t) nn * c + ch] = (float) (1.0 / (1.0 + exp(-(float) s)));
        }
    }
    free(mean);
    free(hidden);
    return failed ? E_MEMORY : 0;
}

/* ---- average pool, stride 1, no padding (the head's fixed pool) ---------------------- */

static void average_pool(const slot *in, slot *out, int kt, int kh, int kw) {
    const int c = in->c;
    const float scale = 1.0f / (float) (kt * kh * kw);
    const int64_t cells = (int64_t) out->n * out->t * out->h * out->w;
#pragma omp parallel for schedule(static)
    for (int64_t cell = 0; cell < cells; cell++) {
        int ow = (int) (cell % out->w);
        int oh = (int) (cell / out->w % out->h);
        int ot = (int) (cell / ((int64_t) out->w * out->h) % out->t);
        int nn = (int) (cell / ((int64_t) out->w * out->h * out->t));
        for (int cv = 0; cv < c; cv += 16) {
            __mmask16 m = tail_mask(c - cv);
            __m512 acc = _mm512_setzero_ps();
            for (int dt = 0; dt < kt; dt++)
                for (int dh = 0; dh < kh; dh++)
                    for (int dw = 0; dw < kw; dw++)
                        acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(m, in->data
                                + ((((int64_t) nn * in->t + ot + dt) * in->h + oh + dh) * in->w
                                        + ow + dw) * c + cv));
            _mm512_mask_storeu_ps(out->data + cell * c + cv, m, _mm512_mul_ps(acc, _mm512_set1_ps(scale)));
        }
    }
}

/* ---- the program --------------------------------------------------------------------- */

const char *vov3d_error(int code) {
    switch (code) {
        case E_ARGS: return "invalid arguments";
        case E_MEMORY: return "out of native memory";
        case E_SHAPE: return "the clip is too small for a layer of the network (an extent became zero)";
        case E_SLOT: return "the program read a buffer it had not written";
        case E_NORESULT: return "the program ended without a result";
        case E_INPUT: return "the clip has another number of channels than the network reads";
        default: return "unknown error";
    }
}

static int weights_ok(const program *p, int64_t offset, int64_t count) {
    return offset >= 0 && count >= 0 && offset + count <= p->nweights;
}

void vov3d_destroy(program *p) {
    if (p == NULL) return;
    for (int i = 0; i < POOL_ENTRIES; i++) free(p->pool[i].data);
    pthread_mutex_destroy(&p->lock);
    if (p->packed != NULL)
        for (int i = 0; i < p->records; i++) free(p->packed[i]);
    if (p->bias != NULL)
        for (int i = 0; i < p->records; i++) free(p->bias[i]);
    if (p->packed2 != NULL)
        for (int i = 0; i < p->records; i++) free(p->packed2[i]);
    if (p->bias2 != NULL)
        for (int i = 0; i < p->records; i++) free(p->bias2[i]);
    free(p->packed2);
    free(p->bias2);
    free(p->packed);
    free(p->bias);
    free(p->code);
    free(p);
}

static float *padded_bias(const float *weights, int offset, int count) {
    float *b = aligned(sizeof(float) * (size_t) (pad16(count) + NR));
    if (b == NULL) return NULL;
    memset(b, 0, sizeof(float) * (size_t) (pad16(count) + NR));
    if (offset >= 0) memcpy(b, weights + offset, sizeof(float) * (size_t) count);
    return b;
}

static int slot_ok(int s) { return s >= 0 && s < VOV3D_SLOTS; }

/* channel counts: small enough that no weight or buffer size computed from them can overflow */
static int channels_ok(int32_t c) { return c > 0 && c <= VOV3D_MAX_CHANNELS; }

/* kernel sizes, strides and paddings: small enough that no extent arithmetic can overflow */
static int extents_ok(const int32_t *values, int count) {
    for (int i = 0; i < count; i++)
        if (values[i] < 0 || values[i] > VOV3D_MAX_EXTENT) return 0;
    return 1;
}

/* a stem's operands from q: w cin c kh kw sh sw ph pw bias */
static int stem_ok(const program *p, const int32_t *q) {
    return extents_ok(q + 3, 6) && channels_ok(q[1]) && channels_ok(q[2]) && q[3] > 0
            && q[4] > 0 && q[5] > 0 && q[6] > 0 && q[7] >= 0 && q[8] >= 0
            && (double) q[2] * q[1] * q[3] * q[4] <= (double) p->nweights /* no overflow below */
            && weights_ok(p, q[0], (int64_t) q[2] * q[1] * q[3] * q[4])
            && (q[9] < 0 || weights_ok(p, q[9], q[2]));
}

/* a depthwise convolution's operands: c channels, weight, bias, g = kt kh kw st sh sw pt ph pw */
static int depthwise_ok(const program *p, int c, int w, int b, const int32_t *g, int act) {
    return extents_ok(g, 9) && channels_ok(c) && g[0] > 0 && g[0] <= VOV3D_MAX_KT && g[1] > 0
            && g[2] > 0 && g[3] > 0 && g[4] > 0 && g[5] > 0 && g[6] >= 0 && g[7] >= 0
            && g[8] >= 0 && act >= ACT_NONE && act <= ACT_SWISH
            && weights_ok(p, w, (int64_t) c * g[0] * g[1] * g[2]) && (b < 0 || weights_ok(p, b, c));
}

/* a fused record's depthwise layer; returns NULL or the error */
static const char *pack_second(program *p, int i, const float *weights, int c, int w, int b,
        const int32_t *g) {
    p->packed2[i] = pack_depthwise(weights + w, c, g[0] * g[1] * g[2]);
    p->bias2[i] = padded_bias(weights, b, c);
    return p->packed2[i] == NULL || p->bias2[i] == NULL ? "out of native memory" : NULL;
}

program *vov3d_create(const int32_t *code, int32_t records, const float *weights, int64_t nweights,
        const char **error) {
    *error = NULL;
    program *p = calloc(1, sizeof(program));
    if (p == NULL) {
        *error = "out of native memory";
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    p->records = records;
    p->nweights = nweights;
    p->code = malloc(sizeof(int32_t) * (size_t) records * VOV3D_RECORD + 1);
    p->packed = calloc((size_t) records + 1, sizeof(float *));
    p->bias = calloc((size_t) records + 1, sizeof(float *));
    p->packed2 = calloc((size_t) records + 1, sizeof(float *));
    p->bias2 = calloc((size_t) records + 1, sizeof(float *));
    if (p->code == NULL || p->packed == NULL || p->bias == NULL
            || p->packed2 == NULL || p->bias2 == NULL) {
        vov3d_destroy(p);
        *error = "out of native memory";
        return NULL;
    }
    memcpy(p->code, code, sizeof(int32_t) * (size_t) records * VOV3D_RECORD);
    for (int i = 0; i < records && *error == NULL; i++) {
        const int32_t *r = p->code + (size_t) i * VOV3D_RECORD;
        switch (r[0]) {
            case OP_STEM_DW: /* out w cin c kh kw sh sw ph pw bias, dw db kt kh kw st sh sw pt ph pw act */
                if (!slot_ok(r[1]) || r[1] == 0 || !stem_ok(p, r + 2)
                        || !depthwise_ok(p, r[4], r[12], r[13], r + 14, r[23])) {
                    *error = "malformed stem + depthwise record";
                    break;
                }
                p->packed[i] = pack_pointwise(weights + r[2], r[4], r[3] * r[5] * r[6]);
                p->bias[i] = padded_bias(weights, r[11], r[4]);
                *error = pack_second(p, i, weights, r[4], r[12], r[13], r + 14);
                break;
            case OP_DW: /* in out w b c kt kh kw st sh sw pt ph pw act */
                if (!slot_ok(r[1]) || !slot_ok(r[2]) || r[1] == 0 || r[2] == 0
                        || !depthwise_ok(p, r[5], r[3], r[4], r + 6, r[15])) {
                    *error = "malformed depthwise record";
                    break;
                }
                p->packed[i] = pack_depthwise(weights + r[3], r[5], r[6] * r[7] * r[8]);
                p->bias[i] = padded_bias(weights, r[4], r[5]);
                break;
            case OP_EXPAND_DW: /* in out ew eb K C dw db kt kh kw st sh sw pt ph pw act relu fuse ring */
                if (!slot_ok(r[1]) || !slot_ok(r[2]) || r[1] == 0 || r[2] == 0 || r[20] < 0
                        || r[21] < 0
                        || !channels_ok(r[5]) || !weights_ok(p, r[3], (int64_t) r[5] * r[6])
                        || !depthwise_ok(p, r[6], r[7], r[8], r + 9, r[18])
                        || (r[4] >= 0 && !weights_ok(p, r[4], r[6]))) {
                    *error = "malformed expansion + depthwise record";
                    break;
                }
                p->packed[i] = pack_pointwise(weights + r[3], r[6], r[5]);
                p->bias[i] = padded_bias(weights, r[4], r[6]);
                *error = pack_second(p, i, weights, r[6], r[7], r[8], r + 9);
                break;
            case OP_PW: /* in out addend w b K N st sh sw relu gate act */
                if (!slot_ok(r[1]) || !slot_ok(r[2]) || r[1] == 0 || r[2] == 0 || r[3] == 0
                        || r[12] == 0 || (r[12] != -1 && (r[12] == r[2] || r[12] == r[3]))
                        || !extents_ok(r + 8, 3) || (r[3] != -1 && !slot_ok(r[3]))
                        || !channels_ok(r[6]) || !channels_ok(r[7])
                        || r[6] <= 0 || r[7] <= 0 || r[8] <= 0 || r[9] <= 0 || r[10] <= 0
                        || (r[12] != -1 && !slot_ok(r[12])) || r[13] < ACT_NONE
                        || r[13] > ACT_SWISH || !weights_ok(p, r[4], (int64_t) r[6] * r[7])
                        || (r[5] >= 0 && !weights_ok(p, r[5], r[7]))) {
                    *error = "malformed pointwise record";
                    break;
                }
                p->packed[i] = pack_pointwise(weights + r[4], r[7], r[6]);
                p->bias[i] = padded_bias(weights, r[5], r[7]);
                break;
            case OP_SE: /* in gate w1 b1 c cse w2 b2 */
                if (!slot_ok(r[1]) || !slot_ok(r[2]) || r[1] == 0 || r[2] == 0
                        || !channels_ok(r[5]) || !channels_ok(r[6])
                        || !weights_ok(p, r[3], (int64_t) r[5] * r[6]) || !weights_ok(p, r[4], r[6])
                        || !weights_ok(p, r[7], (int64_t) r[5] * r[6]) || !weights_ok(p, r[8], r[5])) {
                    *error = "malformed squeeze-excitation record";
                    break;
                }
                p->packed[i] = pack_squeeze_excite(weights, r[3], r[4], r[7], r[8], r[5], r[6]);
                break;
            case OP_FREE:
            case OP_RESULT:
            case OP_FEATURES:
                if (!slot_ok(r[1])) *error = "malformed buffer record";
                break;
            case OP_POOL:
                if (!slot_ok(r[1]) || !slot_ok(r[2]) || r[1] == 0 || r[2] == 0 || r[3] <= 0
                        || r[4] <= 0 || r[5] <= 0 || !extents_ok(r + 3, 3))
                    *error = "malformed pool record";
                break;
            case OP_MARK:
                if (r[1] < 0 || r[1] >= VOV3D_MAX_MARKS) *error = "malformed mark record";
                break;
            case OP_LAYOUT:
                if (r[1] != 0 || !slot_ok(r[2]) || r[2] == 0) *error = "malformed layout record";
                break;
            default:
                *error = "unknown opcode";
        }
        if (*error == NULL && (r[0] == OP_DW || r[0] == OP_PW
                                  || r[0] == OP_EXPAND_DW || r[0] == OP_STEM_DW || r[0] == OP_SE)
                && (p->packed[i] == NULL || (r[0] != OP_SE && p->bias[i] == NULL))) {
            *error = "out of native memory";
        }
    }
    if (*error != NULL) {
        vov3d_destroy(p);
        return NULL;
    }
    return p;
}

static float *take(program *p, size_t bytes) {
    pthread_mutex_lock(&p->lock);
    int best = -1;
    for (int i = 0; i < POOL_ENTRIES; i++) {
        if (p->pool[i].data != NULL && !p->pool[i].busy && p->pool[i].bytes >= bytes
                && (best < 0 || p->pool[i].bytes < p->pool[best].bytes))
            best = i;
    }
    float *data = NULL;
    if (best >= 0) {
        p->pool[best].busy = 1;
        data = p->pool[best].data;
    }
    pthread_mutex_unlock(&p->lock);
    if (data != NULL) return data;
    data = aligned(bytes);
    if (data == NULL) return NULL;
    pthread_mutex_lock(&p->lock);
    size_t pooled_bytes = 0;
    for (int i = 0; i < POOL_ENTRIES; i++) pooled_bytes += p->pool[i].bytes;
    for (int i = 0; i < POOL_ENTRIES && pooled_bytes + bytes <= POOL_MAX_BYTES; i++) {
        if (p->pool[i].data == NULL) {
            p->pool[i].data = data;
            p->pool[i].bytes = bytes;
            p->pool[i].busy = 1;
            break;
        }
    }
    pthread_mutex_unlock(&p->lock);
    return data; /* not pooled when the pool is full: give() frees it then */
}

static void give(program *p, float *data) {
    if (data == NULL) return;
    int pooled_here = 0;
    pthread_mutex_lock(&p->lock);
    for (int i = 0; i < POOL_ENTRIES; i++) {
        if (p->pool[i].data == data) {
            p->pool[i].busy = 0;
            pooled_here = 1;
            break;
        }
    }
    pthread_mutex_unlock(&p->lock);
    if (!pooled_here) free(data);
}

static int alloc_slot(program *p, slot *s, int n, int t, int h, int w, int c, int dry) {
    if (n <= 0 || t <= 0 || h <= 0 || w <= 0 || c <= 0) return E_SHAPE;
    s->n = n;
    s->t = t;
    s->h = h;
    s->w = w;
    s->c = c;
    s->owned = 1;
    s->data = NULL;
    if (dry) return 0;
    s->data = take(p, sizeof(float) * (size_t) n * t * h * w * c);
    return s->data == NULL ? E_MEMORY : 0;
}

/*
 * The buffer of a convolution's result: geometry holds kt kh kw, st sh sw, pt ph pw (a record's
 * operands); E_SHAPE when the padded input is smaller than the kernel.
 */
static int alloc_convolved(program *p, slot *out, const slot *in, const int32_t *geometry,
        int channels, int dry) {
    int t = in->t + 2 * geometry[6] - geometry[0], h = in->h + 2 * geometry[7] - geometry[1],
        w = in->w + 2 * geometry[8] - geometry[2];
    if (t < 0 || h < 0 || w < 0) return E_SHAPE;
    return alloc_slot(p, out, in->n, t / geometry[3] + 1, h / geometry[4] + 1,
            w / geometry[5] + 1, channels, dry);
}

static void release(program *p, slot *s) {
    if (s->owned) give(p, s->data);
    memset(s, 0, sizeof(slot));
}

static int present(const slot *s, int dry) { return s->c > 0 && (dry || s->data != NULL); }

int vov3d_run(program *p, const float *input, const int32_t in_shape[5], int features, float *out,
        int32_t shape[5], int64_t *marks, int32_t marks_len, int32_t threads) {
    if (p == NULL || in_shape == NULL || shape == NULL) return E_ARGS;
    const int dry = out == NULL;
    if (threads > 0) omp_set_num_threads(threads);
    slot slots[VOV3D_SLOTS];
    memset(slots, 0, sizeof(slots));
    /* slot 0 is the channels-first clip: its extents are kept, with c its channels */
    slots[0].n = in_shape[0];
    slots[0].c = in_shape[1];
    slots[0].t = in_shape[2];
    slots[0].h = in_shape[3];
    slots[0].w = in_shape[4];
    slots[0].data = (float *) input;
    int status = E_NORESULT;
    int64_t since = nanos();
    for (int i = 0; i < p->records; i++) {
        const int32_t *r = p->code + (size_t) i * VOV3D_RECORD;
        int rc = 0;
#ifdef VOV3D_OP_HOOK /* a profiling build's hook: called around each record */
        VOV3D_OP_HOOK(0, r, slots);
#endif
        switch (r[0]) {
            case OP_STEM_DW: {
                /* out, the stem's w cin c kh kw sh sw ph pw bias, the depthwise layer's */
                const int32_t *q = r + 2;
                const slot *in = &slots[0];
                if (!present(in, dry)) { rc = E_SLOT; break; }
                if (in->c != q[1]) { rc = E_INPUT; break; }
                slot *o = &slots[r[1]];
                release(p, o);
                const int32_t geometry[9] = {1, q[3], q[4], 1, q[5], q[6], 0, q[7], q[8]};
                slot mid; /* the stem's result, sized only: it never exists whole */
                rc = alloc_convolved(p, &mid, in, geometry, q[2], 1);
                if (rc == 0) rc = alloc_convolved(p, o, &mid, r + 14, q[2], dry);
                if (rc != 0 || dry) break;
                const stem_rows rows = {in->data, in->c, in->t, in->h, in->w, q[3], q[4], q[5],
                        q[6], q[7], q[8], mid.w, q[2], p->packed[i], p->bias[i]};
                rc = stem_depthwise(p, &rows, &mid, o, p->packed2[i], p->bias2[i],
                        geometry_of(r + 14), r[23]);
                break;
            }
            case OP_DW:
            case OP_EXPAND_DW: {
                /* in out ... : r[5] is the input's channels either way; the fused record's
                   output channels and geometry come after its expansion's operands */
                const int fused = r[0] == OP_EXPAND_DW;
                const int32_t *g = r + (fused ? 9 : 6);
                const int channels = fused ? r[6] : r[5];
                const slot *in = &slots[r[1]];
                if (!present(in, dry) || in->c != r[5] || r[1] == r[2]) { rc = E_SLOT; break; }
                slot *o = &slots[r[2]];
                release(p, o);
                rc = alloc_convolved(p, o, in, g, channels, dry);
                if (rc != 0 || dry) break;
                if (fused)
                    rc = expand_depthwise(p, in, o, p->packed[i], p->bias[i], r[5], r[6], r[19],
                            p->packed2[i], p->bias2[i], geometry_of(g), r[18], r[20],
                            r[21] > 0 ? (size_t) r[21] : RING_BYTES);
                else
                    depthwise(in, o, p->packed[i], p->bias[i], geometry_of(g), r[15]);
                break;
            }
            case OP_PW: {
                const slot *in = &slots[r[1]];
                if (!present(in, dry) || in->c != r[6] || r[1] == r[2]) { rc = E_SLOT; break; }
                int to = (in->t - 1) / r[8] + 1, ho = (in->h - 1) / r[9] + 1,
                    wo = (in->w - 1) / r[10] + 1;
                const slot *gate = r[12] == -1 ? NULL : &slots[r[12]];
                if (gate != NULL && (!present(gate, dry) || gate->c != r[6] || gate->n != in->n)) {
                    rc = E_SLOT;
                    break;
                }
                slot *o = &slots[r[2]];
                const float *addend = NULL;
                if (r[3] != -1) {
                    const slot *a = &slots[r[3]];
                    if (!present(a, dry) || a->n != in->n || a->t != to || a->h != ho || a->w != wo
                            || a->c != r[7]) {
                        rc = E_SLOT;
                        break;
                    }
                    addend = a->data;
                }
                if (r[3] != r[2]) {
                    release(p, o);
                    rc = alloc_slot(p, o, in->n, to, ho, wo, r[7], dry);
                }
                if (rc == 0 && !dry) {
                    rows_source s = {in, r[8], r[9], r[10], to, ho, wo,
                            gate == NULL ? NULL : gate->data, r[13]};
                    rc = pointwise(&s, (int64_t) in->n * to * ho * wo, r[6], r[7], p->packed[i],
                            p->bias[i], o->data, addend, r[11]);
                }
                break;
            }
            case OP_SE: {
                const slot *in = &slots[r[1]];
                if (!present(in, dry) || in->c != r[5] || r[1] == r[2]) { rc = E_SLOT; break; }
                slot *g = &slots[r[2]];
                release(p, g);
                rc = alloc_slot(p, g, in->n, 1, 1, 1, in->c, dry);
                if (rc == 0 && !dry)
                    rc = squeeze_excite(in, g->data, p->packed[i], r[6]);
                break;
            }
            case OP_FREE:
                if (r[1] != 0) release(p, &slots[r[1]]);
                break;
            case OP_POOL: {
                const slot *in = &slots[r[1]];
                if (!present(in, dry) || r[1] == r[2]) { rc = E_SLOT; break; }
                slot *o = &slots[r[2]];
                release(p, o);
                rc = alloc_slot(p, o, in->n, in->t - r[3] + 1, in->h - r[4] + 1, in->w - r[5] + 1,
                        in->c, dry);
                if (rc == 0 && !dry) average_pool(in, o, r[3], r[4], r[5]);
                break;
            }
            case OP_LAYOUT: {
                const slot *in = &slots[0];
                slot *o = &slots[r[2]];
                release(p, o);
                rc = alloc_slot(p, o, in->n, in->t, in->h, in->w, in->c, dry);
                if (rc == 0 && !dry) channels_last(in->data, in, o);
                break;
            }
            case OP_MARK: {
                int64_t now = nanos();
                if (marks != NULL && r[1] < marks_len) marks[r[1]] = now - since;
                since = now;
                break;
            }
            case OP_FEATURES:
            case OP_RESULT: {
                if (r[0] == OP_FEATURES && !features) break;
                const slot *s = &slots[r[1]];
                if (!present(s, dry) || r[1] == 0) { rc = E_SLOT; break; }
                shape[0] = s->n;
                shape[1] = s->t;
                shape[2] = s->h;
                shape[3] = s->w;
                shape[4] = s->c;
                if (!dry)
                    memcpy(out, s->data, sizeof(float) * (size_t) s->n * s->t * s->h * s->w * s->c);
                status = 0;
                break;
            }
            default:
                rc = E_ARGS;
        }
#ifdef VOV3D_OP_HOOK
        VOV3D_OP_HOOK(1, r, slots);
#endif
        if (rc != 0 || status == 0) {
            if (rc != 0) status = rc;
            break;
        }
    }
    for (int s = 1; s < VOV3D_SLOTS; s++) release(p, &slots[s]);
    return status;
}
