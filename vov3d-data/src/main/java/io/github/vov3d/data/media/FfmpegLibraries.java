package io.github.vov3d.data.media;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg libraries we use (and only those: {@code avdevice} pulls in PulseAudio, which
 * headless machines lack) and silences FFmpeg's own console logging, since every failure is
 * reported through {@link BadInputException} instead.
 */
final class FfmpegLibraries {
    private FfmpegLibraries() {}

    /** Initialisation-on-demand holder: loading happens once, thread-safely, with no mutable state. */
    private static final class Holder {
        static final boolean LOADED = load();

        private static boolean load() {
            Loader.load(avutil.class);
            Loader.load(avcodec.class);
            Loader.load(avformat.class);
            Loader.load(swscale.class);
            avutil.av_log_set_level(avutil.AV_LOG_QUIET);
            return true;
        }
    }

    /** Makes sure the native libraries are loaded. */
    static void ensureLoaded() {
        if (!Holder.LOADED) {
            throw new IllegalStateException("FFmpeg libraries not loaded");
        }
    }

    /**
     * @param code a negative FFmpeg return code
     * @return FFmpeg's text for it
     */
    static String describe(int code) {
        byte[] buf = new byte[256];
        avutil.av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8).strip() + " (" + code + ")";
    }
}
