package io.github.vov3d.blocks.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The library's own CPU kernels ({@code libvov3d_kernels.so}, built from {@code src/main/c} with
 * the module and carried in its jar): a compiled network's whole eval pass as one native
 * program ({@link NativeProgram}). They exist because libtorch 2.7.1, the newest engine DJL
 * serves, runs VoV3D's narrow pointwise convolutions 1.5–3× slower than a register-blocked
 * AVX-512 product and cannot fuse the SE gate and Swish into them; see docs/performance.md.
 *
 * <p>Available on Linux x86-64 CPUs with AVX-512F and FMA where {@code libgomp.so.1} (GCC's
 * OpenMP runtime) is installed; anywhere else {@link #unavailableReason()} says why and the
 * compiled network runs on libtorch's kernels, as before. The library is loaded once per class
 * loader, on first use.
 */
final class NativeKernels {
    /** System property: {@code false} keeps the native kernels unloaded (libtorch's run instead). */
    static final String PROPERTY = "vov3d.inference.native";

    private static final String RESOURCE = "/native/linux-x86_64/libvov3d_kernels.so";

    private NativeKernels() {}

    /** Loads the library once; the holder idiom keeps the attempt lazy and thread-safe. */
    private static final class Loaded {
        static final Optional<String> FAILURE = load();
    }

    /**
     * @return empty when the native kernels can run here, else why not (for the log and the
     *     error of a caller that insists on them)
     */
    static Optional<String> unavailableReason() {
        if (System.getProperty(PROPERTY, "true").trim().equalsIgnoreCase("false")) {
            return Optional.of("the system property " + PROPERTY + " is false");
        }
        return Loaded.FAILURE;
    }

    /** @return whether {@link #unavailableReason()} is empty */
    static boolean available() {
        return unavailableReason().isEmpty();
    }

    private static Optional<String> load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of("the native kernels are built for Linux x86-64, not " + os + " "
                    + arch);
        }
        try (InputStream in = NativeKernels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.of("this build of vov3d-blocks carries no native kernels ("
                        + RESOURCE + " is missing; build it where gcc is installed)");
            }
            Path dir = Files.createTempDirectory("vov3d-native");
            Path library = dir.resolve("libvov3d_kernels.so");
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            try {
                System.load(library.toAbsolutePath().toString());
            } finally {
                // the mapping stays valid once loaded; nothing is left behind in the temp dir
                Files.deleteIfExists(library);
                Files.deleteIfExists(dir);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.of("the native kernels could not be unpacked: " + e);
        } catch (LinkageError e) {
            return Optional.of("the native kernels could not be loaded (" + e.getMessage()
                    + "; e.g. libgomp.so.1, GCC's OpenMP runtime, is missing, or java.io.tmpdir "
                    + "is mounted noexec)");
        }
        try {
            if (!cpuSupported()) {
                return Optional.of("this CPU lacks AVX-512F or FMA, which the native kernels use");
            }
        } catch (LinkageError e) {
            return Optional.of("the native kernels could not be called: " + e);
        }
        return Optional.empty();
    }

    /** @return whether the CPU has the instructions the kernels are compiled for */
    static native boolean cpuSupported();

    /**
     * @param code the program's records (see {@link NativeProgramWriter})
     * @param weights every weight the records point into
     * @return the program's handle
     * @throws IllegalArgumentException naming the malformed record kind
     */
    static native long create(int[] code, float[] weights);

    /** @param handle a program from {@link #create}; freed, the handle is dead afterwards */
    static native void destroy(long handle);

    /**
     * @param handle the program
     * @param input the N×C×T×H×W clip, float32 in native order, a direct buffer
     * @param inputShape its five extents
     * @param features whether to stop at the last stage's features
     * @param output a direct buffer for the result, or null to compute only its shape
     * @param shape receives the result's N×T×H×W×C extents
     * @param marks receives each part's nanoseconds, or null
     * @param threads OpenMP threads, or 0 for its default
     * @return 0, or a negative code for {@link #errorMessage}
     */
    static native int run(long handle, ByteBuffer input, int[] inputShape, boolean features,
            ByteBuffer output, int[] shape, long[] marks, int threads);

    /**
     * @param code a negative return value of {@link #run}
     * @return what it means
     */
    static native String errorMessage(int code);
}
