/*
 * JNI entry points of NativeKernels.java. Compiled for the baseline x86-64 ISA, so that the CPU
 * check below runs anywhere; the AVX-512 kernels (vov3d_kernels.c) are only reached after it.
 */
#include <jni.h>
#include <stdint.h>
#include <stddef.h>

#include "vov3d_kernels.h"

#define JNI_NAME(name) Java_io_github_vov3d_blocks_inference_NativeKernels_##name

static void throw_illegal(JNIEnv *env, const char *message) {
    jclass type = (*env)->FindClass(env, "java/lang/IllegalArgumentException");
    if (type != NULL) (*env)->ThrowNew(env, type, message);
}

JNIEXPORT jboolean JNICALL JNI_NAME(cpuSupported)(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma") ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jlong JNICALL JNI_NAME(create)(JNIEnv *env, jclass cls, jintArray code, jfloatArray weights) {
    (void) cls;
    if (code == NULL || weights == NULL) {
        throw_illegal(env, "program code and weights must not be null");
        return 0;
    }
    jsize ints = (*env)->GetArrayLength(env, code);
    jsize floats = (*env)->GetArrayLength(env, weights);
    if (ints % VOV3D_RECORD != 0) {
        throw_illegal(env, "program code is not a whole number of records");
        return 0;
    }
    jint *c = (*env)->GetIntArrayElements(env, code, NULL);
    jfloat *w = c == NULL ? NULL : (*env)->GetFloatArrayElements(env, weights, NULL);
    const char *error = NULL;
    program *p = NULL;
    if (c != NULL && w != NULL) {
        p = vov3d_create((const int32_t *) c, ints / VOV3D_RECORD, (const float *) w, floats, &error);
    }
    if (c != NULL) (*env)->ReleaseIntArrayElements(env, code, c, JNI_ABORT);
    if (w != NULL) (*env)->ReleaseFloatArrayElements(env, weights, w, JNI_ABORT);
    if ((*env)->ExceptionCheck(env)) { /* an OutOfMemoryError from the JVM: keep it */
        vov3d_destroy(p);
        return 0;
    }
    if (p == NULL) {
        throw_illegal(env, error != NULL ? error : "program rejected");
        return 0;
    }
    return (jlong) (intptr_t) p;
}

JNIEXPORT void JNICALL JNI_NAME(destroy)(JNIEnv *env, jclass cls, jlong handle) {
    (void) env;
    (void) cls;
    vov3d_destroy((program *) (intptr_t) handle);
}

JNIEXPORT jint JNICALL JNI_NAME(run)(JNIEnv *env, jclass cls, jlong handle, jobject input,
        jintArray inShape, jboolean features, jobject output, jintArray shape, jlongArray marks,
        jint threads) {
    (void) cls;
    if (input == NULL || inShape == NULL || shape == NULL) return -1;
    float *in = (float *) (*env)->GetDirectBufferAddress(env, input);
    float *out = output == NULL ? NULL : (float *) (*env)->GetDirectBufferAddress(env, output);
    if (handle == 0 || in == NULL || (output != NULL && out == NULL)
            || (*env)->GetArrayLength(env, inShape) != 5 || (*env)->GetArrayLength(env, shape) != 5) {
        return -1;
    }
    int32_t dims[5], result[5] = {0, 0, 0, 0, 0};
    (*env)->GetIntArrayRegion(env, inShape, 0, 5, (jint *) dims);
    int64_t values = 1;
    for (int i = 0; i < 5; i++) {
        if (dims[i] <= 0 || values > INT64_MAX / 8 / dims[i]) return -1;
        values *= dims[i];
    }
    if ((*env)->GetDirectBufferCapacity(env, input) < values * (int64_t) sizeof(float)) return -1;
    if (output != NULL) {
        /* the caller sized the output from a dry run with the same input */
        int32_t expected[5] = {0, 0, 0, 0, 0};
        int rc = vov3d_run((program *) (intptr_t) handle, in, dims, features == JNI_TRUE, NULL,
                expected, NULL, 0, threads);
        if (rc != 0) return rc;
        int64_t needed = (int64_t) sizeof(float);
        for (int i = 0; i < 5; i++) {
            if (expected[i] <= 0 || needed > INT64_MAX / 8 / expected[i]) return -1;
            needed *= expected[i];
        }
        if ((*env)->GetDirectBufferCapacity(env, output) < needed) return -1;
    }
    jsize nmarks = marks == NULL ? 0 : (*env)->GetArrayLength(env, marks);
    jlong *m = marks == NULL ? NULL : (*env)->GetLongArrayElements(env, marks, NULL);
    if (marks != NULL && m == NULL) return -2; /* out of memory; the JVM's error is pending */
    int rc = vov3d_run((program *) (intptr_t) handle, in, dims, features == JNI_TRUE, out, result,
            (int64_t *) m, nmarks, threads);
    if (m != NULL) (*env)->ReleaseLongArrayElements(env, marks, m, 0);
    (*env)->SetIntArrayRegion(env, shape, 0, 5, (const jint *) result);
    return rc;
}

JNIEXPORT jstring JNICALL JNI_NAME(errorMessage)(JNIEnv *env, jclass cls, jint code) {
    (void) cls;
    return (*env)->NewStringUTF(env, vov3d_error(code));
}
