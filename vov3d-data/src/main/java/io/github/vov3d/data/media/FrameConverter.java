package io.github.vov3d.data.media;

import static org.bytedeco.ffmpeg.global.swscale.*;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts decoded frames (any pixel format) to packed RGB of the wanted size in one swscale
 * pass, reusing the scaler and the native buffer between frames of the same size.
 */
final class FrameConverter implements AutoCloseable {
    private SwsContext sws;
    private BytePointer buffer;
    // swscale reads four plane pointers and strides even for packed RGB
    private final PointerPointer<BytePointer> planes = new PointerPointer<>(4);
    private final IntPointer strides = new IntPointer(new int[] {0, 0, 0, 0});
    private int capacity;

    RgbFrame convert(AVFrame frame, DecodeSize size) {
        int w = frame.width();
        int h = frame.height();
        int[] out = size.apply(w, h);
        int row = out[0] * 3;
        // swscale's SIMD code writes whole vectors: give it aligned rows and slack at the end,
        // or it corrupts the native heap (seen with 426-pixel-wide frames)
        int stride = (row + 63) & ~63;
        int bytes = stride * out[1] + 256;
        if (bytes > capacity) {
            if (buffer != null) {
                buffer.close();
            }
            buffer = new BytePointer(bytes);
            capacity = bytes;
        }
        sws = sws_getCachedContext(sws, w, h, frame.format(), out[0], out[1], avutil.AV_PIX_FMT_RGB24,
                SWS_BILINEAR, null, null, (double[]) null);
        if (sws == null) {
            throw new IllegalStateException("swscale cannot convert pixel format " + frame.format());
        }
        planes.put(0, buffer);
        strides.put(0, stride);
        sws_scale(sws, frame.data(), frame.linesize(), 0, h, planes, strides);
        byte[] rgb = new byte[row * out[1]];
        for (int y = 0; y < out[1]; y++) {
            buffer.position((long) y * stride).get(rgb, y * row, row);
        }
        buffer.position(0);
        return new RgbFrame(out[0], out[1], rgb);
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (buffer != null) {
            buffer.close();
        }
        planes.close();
        strides.close();
    }
}
