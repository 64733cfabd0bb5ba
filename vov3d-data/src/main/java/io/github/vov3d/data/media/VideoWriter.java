package io.github.vov3d.data.media;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Encodes RGB frames into a video file (container chosen by the file extension). It exists so
 * that tests and the benchmark make their own media with FFmpeg's libraries — the bundled
 * {@code ffmpeg} executable needs PulseAudio, which servers and CI images lack.
 */
public final class VideoWriter implements AutoCloseable {
    private final AVFormatContext format;
    private final AVStream stream;
    private final FrameEncoder encoder;
    private boolean closed;

    private VideoWriter(Builder b) throws IOException {
        FfmpegLibraries.ensureLoaded();
        format = new AVFormatContext(null);
        int r = avformat_alloc_output_context2(format, null, null, b.file.toString());
        if (r < 0) {
            throw new IOException(b.file + ": no container for this extension: " + FfmpegLibraries.describe(r));
        }
        boolean global = (format.oformat().flags() & AVFMT_GLOBALHEADER) != 0;
        encoder = new FrameEncoder(b.codec, b.width, b.height, b.fps, b.keyFrameInterval, global, b.bitRate);
        stream = avformat_new_stream(format, null);
        avcodec_parameters_from_context(stream.codecpar(), encoder.context());
        stream.time_base(encoder.context().time_base());
        AVIOContext pb = new AVIOContext(null);
        r = avio_open(pb, b.file.toString(), AVIO_FLAG_WRITE);
        if (r < 0) {
            encoder.close();
            throw new IOException(b.file + ": cannot write: " + FfmpegLibraries.describe(r));
        }
        format.pb(pb);
        AVDictionary options = new AVDictionary(null);
        if (b.fastStart) {
            avutil.av_dict_set(options, "movflags", "+faststart", 0);
        }
        r = avformat_write_header(format, options);
        avutil.av_dict_free(options);
        if (r < 0) {
            close();
            throw new IOException(b.file + ": cannot write the header: " + FfmpegLibraries.describe(r));
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param frame the next frame, of the configured size
     * @throws IOException if encoding or writing fails
     */
    public void write(RgbFrame frame) throws IOException {
        encoder.encode(frame, this::mux);
    }

    private void mux(org.bytedeco.ffmpeg.avcodec.AVPacket p) throws IOException {
        if (p.duration() <= 0) {
            p.duration(1); // one frame, so the muxer knows the last frame's length
        }
        av_packet_rescale_ts(p, encoder.context().time_base(), stream.time_base());
        p.stream_index(stream.index());
        int r = av_interleaved_write_frame(format, p);
        if (r < 0) {
            throw new IOException("cannot write a packet: " + FfmpegLibraries.describe(r));
        }
    }

    /** Flushes the encoder and finishes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            encoder.flush(this::mux);
            av_write_trailer(format);
        } finally {
            encoder.close();
            avio_closep(format.pb());
            avformat_free_context(format);
        }
    }

    /** Size, rate and codec of the file to write. */
    public static final class Builder {
        private Path file;
        private int width = 64;
        private int height = 48;
        private int fps = 30;
        private int keyFrameInterval = 30;
        private VideoCodec codec = VideoCodec.MPEG4;
        private boolean fastStart;
        private long bitRate;

        private Builder() {}

        /** @param bitsPerSecond target bit rate for H.264/VP9 (default: 2 bits per pixel and second) @return this */
        public Builder bitRate(long bitsPerSecond) {
            if (bitsPerSecond <= 0) {
                throw new IllegalArgumentException("bit rate must be positive, got " + bitsPerSecond);
            }
            this.bitRate = bitsPerSecond;
            return this;
        }

        /** @param file output; the extension picks the container @return this */
        public Builder file(Path file) {
            this.file = file;
            return this;
        }

        /** @param w width @param h height (even, for 4:2:0) @return this */
        public Builder size(int w, int h) {
            this.width = w;
            this.height = h;
            return this;
        }

        /** @param fps frames per second (default 30) @return this */
        public Builder fps(int fps) {
            this.fps = fps;
            return this;
        }

        /** @param frames distance between key frames (default 30) @return this */
        public Builder keyFrameInterval(int frames) {
            this.keyFrameInterval = frames;
            return this;
        }

        /** @param codec the encoder (default MPEG-4) @return this */
        public Builder codec(VideoCodec codec) {
            this.codec = codec;
            return this;
        }

        /** @param on put the mp4 index first (default off: it is written last) @return this */
        public Builder fastStart(boolean on) {
            this.fastStart = on;
            return this;
        }

        /** @return the open writer @throws IOException if it cannot be created */
        public VideoWriter open() throws IOException {
            if (file == null) {
                throw new IllegalArgumentException("file is required");
            }
            if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("size must be positive and even, got " + width + "x" + height);
            }
            if (fps <= 0 || keyFrameInterval <= 0) {
                throw new IllegalArgumentException("fps and key-frame interval must be positive");
            }
            if (codec == null) {
                throw new IllegalArgumentException("codec is required");
            }
            return new VideoWriter(this);
        }
    }
}
