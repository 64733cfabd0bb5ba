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
    # the library runs without them (on libtorch's kernels); say so loudly and carry on
    echo "vov3d-blocks: WARNING: '$cc' not found, so the jar carries no native kernels and compiled" >&2
    echo "networks run on libtorch's kernels (slower). Install gcc for them, or build with" >&2
    echo "-Dvov3d.native.skip=true to leave them out without this warning." >&2
    exit 0
fi
# warnings are shown, not fatal: other gcc versions warn differently at -O3
common=(-O3 -fPIC -fopenmp -std=c11 -D_POSIX_C_SOURCE=200809L -D_ISOC11_SOURCE -Wall -Wextra -Wno-unused-parameter)
"$cc" "${common[@]}" -I"$java_home/include" -I"$java_home/include/linux" -c "$here/vov3d_jni.c" -o "$work/jni.o"
"$cc" "${common[@]}" -mavx512f -mfma -c "$here/vov3d_kernels.c" -o "$work/kernels.o"
"$cc" -shared -fopenmp -o "$out/libvov3d_kernels.so" "$work/jni.o" "$work/kernels.o" -lm
