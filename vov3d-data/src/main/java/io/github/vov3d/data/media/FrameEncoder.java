package io.github.vov3d.data.media;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/** One open encoder: converts RGB frames to the codec's pixel format and hands out packets. */
final class FrameEncoder implements AutoCloseable {
    /** Receives each encoded packet (valid only during the call). */
    interface PacketSink {
        void accept(AVPacket packet) throws IOException;
    }

    private final AVCodecContext context;
    private final AVFrame yuv = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private final SwsContext sws;
    private final BytePointer rgb;
    private final int width;
    private final int height;
    private long pts;

    FrameEncoder(VideoCodec codec, int width, int height, int fps, int keyFrameInterval, boolean globalHeader,
            long bitRate)
            throws IOException {
        FfmpegLibraries.ensureLoaded();
        AVCodec encoder = avcodec_find_encoder_by_name(codec.encoder());
        if (encoder == null) {
            throw new IOException("this FFmpeg build has no encoder " + codec.encoder());
        }
        this.width = width;
        this.height = height;
        context = avcodec_alloc_context3(encoder);
        context.width(width).height(height).pix_fmt(codec.pixelFormat());
        context.time_base(new AVRational().num(1).den(fps));
        context.framerate(new AVRational().num(fps).den(1));
        context.gop_size(keyFrameInterval).max_b_frames(0).thread_count(1);
        context.bit_rate(bitRate > 0 ? bitRate : (long) width * height * fps * 2L);
        if (codec == VideoCodec.MJPEG || codec == VideoCodec.MPEG4) {
            context.flags(context.flags() | AV_CODEC_FLAG_QSCALE);
            context.global_quality(FF_QP2LAMBDA * 2);
        }
        if (globalHeader) {
            context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        if (codec == VideoCodec.VP9) {
            av_opt_set(context.priv_data(), "deadline", "realtime", 0);
            av_opt_set(context.priv_data(), "cpu-used", "8", 0);
        }
        int r = avcodec_open2(context, encoder, (PointerPointer<?>) null);
        if (r < 0) {
            avcodec_free_context(context);
            throw new IOException("cannot open encoder " + codec.encoder() + ": " + FfmpegLibraries.describe(r));
        }
        yuv.format(codec.pixelFormat()).width(width).height(height);
        av_frame_get_buffer(yuv, 0);
        sws = sws_getContext(width, height, AV_PIX_FMT_RGB24, width, height, codec.pixelFormat(),
                SWS_BILINEAR, null, null, (double[]) null);
        rgb = new BytePointer((long) width * height * 3 + 256); // slack for swscale's vector reads
    }

    AVCodecContext context() {
        return context;
    }

    void encode(RgbFrame frame, PacketSink sink) throws IOException {
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("frame is " + frame.width() + "x" + frame.height()
                    + " but the encoder was opened for " + width + "x" + height);
        }
        av_frame_make_writable(yuv);
        rgb.position(0).put(frame.rgb());
        // swscale reads four plane pointers and strides even for packed RGB
        try (PointerPointer<BytePointer> src = new PointerPointer<>(4);
                IntPointer stride = new IntPointer(new int[] {width * 3, 0, 0, 0})) {
            src.put(0, rgb);
            sws_scale(sws, src, stride, 0, height, yuv.data(), yuv.linesize());
        }
        yuv.pts(pts++);
        send(yuv, sink);
    }

    void flush(PacketSink sink) throws IOException {
        send(null, sink);
    }

    private void send(AVFrame f, PacketSink sink) throws IOException {
        int r = avcodec_send_frame(context, f);
        if (r < 0) {
            throw new IOException("encoding failed: " + FfmpegLibraries.describe(r));
        }
        while (avcodec_receive_packet(context, packet) >= 0) {
            try {
                sink.accept(packet);
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        sws_freeContext(sws);
        rgb.close();
        av_frame_free(yuv);
        av_packet_free(packet);
        avcodec_free_context(context);
    }
}
