/*
 * vov3d native CPU kernels: the compiled network's eval pass as one program over channels-last
 * float32 buffers. See NativeKernels.java for the Java side and docs/performance.md for why.
 */
#ifndef VOV3D_KERNELS_H
#define VOV3D_KERNELS_H
#include <stdint.h>

/* one instruction is RECORD ints: opcode, then its operands (see NativeProgramWriter.java) */
#define VOV3D_RECORD 24
/* (1 was a stem record of its own; the stem is always fused with the layer after it now) */
enum { OP_DW = 2, OP_PW = 3, OP_SE = 4, OP_FREE = 5, OP_POOL = 6, OP_MARK = 7,
       OP_RESULT = 8, OP_FEATURES = 9, OP_LAYOUT = 10,
       OP_EXPAND_DW = 11, OP_STEM_DW = 12 };
enum { ACT_NONE = 0, ACT_RELU = 1, ACT_SWISH = 2 };
#define VOV3D_SLOTS 64
#define VOV3D_MAX_MARKS 256
#define VOV3D_MAX_KT 16 /* temporal kernel extent a depthwise record may have */
#define VOV3D_MAX_EXTENT 4096 /* largest kernel size, stride or padding a record may give */
#define VOV3D_MAX_CHANNELS (1 << 20) /* most channels a record may give */

typedef struct program program;

/* returns NULL with *error set (a static string) when the code is malformed */
program *vov3d_create(const int32_t *code, int32_t records, const float *weights, int64_t nweights,
                      const char **error);
void vov3d_destroy(program *p);
/*
 * input: N x C x T x H x W channels-first clip; features != 0 stops at the FEATURES op.
 * With out == NULL only computes the result's shape (shape[5]: n t h w c) and returns 0.
 * marks receives the nanoseconds of each part (between MARK ops), marks_len its capacity.
 * threads > 0 sets the OpenMP team size. Returns 0, or a negative code (see vov3d_error).
 */
int vov3d_run(program *p, const float *input, const int32_t in_shape[5], int features,
              float *out, int32_t shape[5], int64_t *marks, int32_t marks_len, int32_t threads);
const char *vov3d_error(int code);
#endif
