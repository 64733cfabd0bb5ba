#!/usr/bin/env bash
# Builds libvov3d_kernels.so into $1 (run by Maven's exec plugin in vov3d-blocks' compile phase).
# The JNI glue is compiled for baseline x86-64 so its CPU check runs anywhere; the kernels for
# AVX-512F and FMA.
set -euo pipefail
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cc="${CC:-gcc}"
if ! command -v "$cc" >/dev/null; then
    echo "vov3d-blocks: '$cc' not found; the native kernels need a C compiler with OpenMP (gcc)." >&2
    echo "Install gcc, or build with -Dvov3d.native.skip=true to leave them out." >&2
    exit 1
fi
common=(-O3 -fPIC -fopenmp -std=c11 -D_POSIX_C_SOURCE=200809L -D_ISOC11_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter)
"$cc" "${common[@]}" -I"$java_home/include" -I"$java_home/include/linux" -c "$here/vov3d_jni.c" -o "$work/jni.o"
"$cc" "${common[@]}" -mavx512f -mfma -c "$here/vov3d_kernels.c" -o "$work/kernels.o"
"$cc" -shared -fopenmp -o "$out/libvov3d_kernels.so" "$work/jni.o" "$work/kernels.o" -lm
