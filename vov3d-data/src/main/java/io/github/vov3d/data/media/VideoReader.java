package io.github.vov3d.data.media;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Opens one video (mp4, webm, mkv, avi… or a single JPEG) with FFmpeg and decodes chosen frames
 * to RGB. Frames are found by presentation time: the reader seeks backwards to the key frame
 * before a wanted frame and decodes forward, so a clip costs the frames between its key frame
 * and its last frame, not the whole video. Every failure becomes a {@link BadInputException};
 * decoding also stops with {@link BadInputReason#TIMEOUT} after the configured time or when the
 * thread is interrupted, so a pathological file cannot hang a data loader.
 *
 * <p>Not thread-safe: use one reader per thread (readers are cheap to open).
 */
public final class VideoReader implements AutoCloseable {
    /** Gap (in frames) beyond which seeking is cheaper than decoding forward. */
    private static final int SEEK_GAP = 48;
    private static final int EAGAIN = -11;
    private static final int MAX_DECODE_ERRORS = 16;

    private final Path file;
    private final Duration timeout;
    private final AVFormatContext format;
    private final AVCodecContext codec;
    private final AVStream stream;
    private final int streamIndex;
    private final VideoInfo info;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private final AVFrame last = av_frame_alloc();
    private final FrameConverter converter = new FrameConverter();
    private boolean draining;
    private int decodeErrors;
    private int lastIndex = -1;
    private int furthest = -1;
    private int seekTarget = -1;
    private long deadline;

    private VideoReader(Path file, Duration timeout, AVFormatContext format, AVCodecContext codec, int streamIndex) {
        this.file = file;
        this.timeout = timeout;
        this.format = format;
        this.codec = codec;
        this.streamIndex = streamIndex;
        this.stream = format.streams(streamIndex);
        this.info = readInfo();
    }

    /**
     * @param file the video or image
     * @param timeout the longest one {@link #read} call may take
     * @return an open reader
     * @throws BadInputException if the file is missing, unreadable or has no video stream
     */
    public static VideoReader open(Path file, Duration timeout) throws BadInputException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, BadInputReason.MISSING_FILE, "no such file");
        }
        FfmpegLibraries.ensureLoaded();
        AVFormatContext format = new AVFormatContext(null);
        int r = avformat_open_input(format, file.toString(), null, null);
        if (r < 0) {
            throw new BadInputException(file, BadInputReason.UNREADABLE,
                    "FFmpeg cannot open it: " + FfmpegLibraries.describe(r));
        }
        AVCodecContext codec = null;
        try {
            r = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (r < 0) {
                throw new BadInputException(file, BadInputReason.UNREADABLE,
                        "cannot read stream information: " + FfmpegLibraries.describe(r));
            }
            int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
            if (index < 0) {
                throw new BadInputException(file, BadInputReason.NO_FRAMES, "no video stream");
            }
            AVCodec decoder = avcodec_find_decoder(format.streams(index).codecpar().codec_id());
            if (decoder == null) {
                throw new BadInputException(file, BadInputReason.UNREADABLE, "no decoder for its codec");
            }
            codec = avcodec_alloc_context3(decoder);
            avcodec_parameters_to_context(codec, format.streams(index).codecpar());
            codec.thread_count(1); // clips are decoded in parallel, one thread each
            r = avcodec_open2(codec, decoder, (PointerPointer<?>) null);
            if (r < 0) {
                throw new BadInputException(file, BadInputReason.UNREADABLE,
                        "cannot open the decoder: " + FfmpegLibraries.describe(r));
            }
            return new VideoReader(file, timeout, format, codec, index);
        } catch (BadInputException | RuntimeException e) {
            if (codec != null) {
                avcodec_free_context(codec);
            }
            avformat_close_input(format);
            throw e;
        }
    }

    /** @return frame count, rate and size of the video stream */
    public VideoInfo info() {
        return info;
    }

    /** @return the file being read */
    public Path file() {
        return file;
    }

    /**
     * Decodes the frames at the given times, as {@link #read(int[], DecodeSize)} does for indices.
     *
     * @param seconds times from the stream start
     * @param size the size to convert to
     * @return one frame per time
     * @throws BadInputException if decoding fails
     */
    public List<RgbFrame> readAt(double[] seconds, DecodeSize size) throws BadInputException {
        return read(Arrays.stream(seconds).mapToInt(info::frameAt).toArray(), size);
    }

    /**
     * Decodes the frames with the given indices (any order, repeats allowed). Indices past a
     * slightly short stream (container counts are often a few frames off) get its last frame,
     * as the reference clamps; a stream ending well before its announced length is truncated.
     *
     * @param indices frame indices, 0-based
     * @param size the size to convert to
     * @return one frame per index, in the order asked
     * @throws BadInputException if the video is truncated, corrupt, empty or too slow to decode
     */
    public List<RgbFrame> read(int[] indices, DecodeSize size) throws BadInputException {
        deadline = System.nanoTime() + timeout.toNanos();
        int[] wanted = Arrays.stream(indices).distinct().sorted().toArray();
        if (wanted.length == 0) {
            return List.of();
        }
        if (wanted[0] < 0) {
            throw new IllegalArgumentException("frame indices must be >= 0, got " + wanted[0]);
        }
        RgbFrame[] found = new RgbFrame[wanted.length];
        int next = 0;
        if (wanted[0] < lastIndex + 1 || wanted[0] > lastIndex + SEEK_GAP) {
            seek(wanted[0]);
        }
        while (next < wanted.length) {
            if (!decodeNext()) {
                break;
            }
            RgbFrame rgb = null;
            while (next < wanted.length && wanted[next] <= lastIndex) {
                rgb = rgb != null ? rgb : converter.convert(frame, size);
                found[next++] = rgb;
            }
            // seek at most once per target: the key frame may lie further back than SEEK_GAP
            if (next < wanted.length && wanted[next] > lastIndex + SEEK_GAP && wanted[next] != seekTarget) {
                seek(wanted[next]);
            }
        }
        if (next < wanted.length) {
            fillTail(wanted, found, next, size);
        }
        RgbFrame[] out = new RgbFrame[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = found[Arrays.binarySearch(wanted, indices[i])];
        }
        return List.of(out);
    }

    private void fillTail(int[] wanted, RgbFrame[] found, int next, DecodeSize size) throws BadInputException {
        if (furthest < 0 || last.width() <= 0) {
            throw new BadInputException(file, BadInputReason.NO_FRAMES, "no frame could be decoded"
                    + (decodeErrors > 0 ? " (" + decodeErrors + " decoding errors)" : ""));
        }
        int tolerance = Math.max(3, info.frameCount() / 20);
        if (info.frameCount() > 0 && furthest + 1 < info.frameCount() - tolerance) {
            throw new BadInputException(file, BadInputReason.TRUNCATED, "the stream ends after frame " + furthest
                    + " but announces " + info.frameCount() + " frames (wanted frame " + wanted[next] + ")");
        }
        RgbFrame tail = converter.convert(last, size);
        while (next < wanted.length) {
            found[next++] = tail;
        }
    }

    private void seek(int target) throws BadInputException {
        long start = stream.start_time() == AV_NOPTS_VALUE ? 0 : stream.start_time();
        double tb = av_q2d(stream.time_base());
        long ts = start + (long) Math.floor(target / info.fps() / tb);
        if (target == 0) {
            ts = start;
        }
        int r = av_seek_frame(format, streamIndex, ts, AVSEEK_FLAG_BACKWARD);
        if (r < 0 && target <= lastIndex) {
            throw new BadInputException(file, BadInputReason.UNREADABLE,
                    "cannot seek back to frame " + target + ": " + FfmpegLibraries.describe(r));
        }
        seekTarget = target;
        if (r >= 0) {
            avcodec_flush_buffers(codec);
            draining = false;
            lastIndex = -1;
        }
    }

    /** Decodes the next frame into {@code frame}; false at the end of the stream. */
    private boolean decodeNext() throws BadInputException {
        while (true) {
            int r = avcodec_receive_frame(codec, frame);
            if (r == 0) {
                lastIndex = indexOf(frame);
                furthest = Math.max(furthest, lastIndex);
                av_frame_unref(last);
                av_frame_ref(last, frame);
                return true;
            }
            if (r == AVERROR_EOF()) {
                return false;
            }
            if (r != EAGAIN && ++decodeErrors > MAX_DECODE_ERRORS) {
                throw new BadInputException(file, BadInputReason.TRUNCATED,
                        "too many decoding errors, last: " + FfmpegLibraries.describe(r));
            }
            if (draining) {
                return false;
            }
            checkDeadline();
            r = av_read_frame(format, packet);
            if (r < 0) {
                draining = true;
                avcodec_send_packet(codec, null);
                continue;
            }
            if (packet.stream_index() == streamIndex && avcodec_send_packet(codec, packet) < 0) {
                decodeErrors++;
            }
            av_packet_unref(packet);
        }
    }

    private int indexOf(AVFrame f) {
        long ts = f.best_effort_timestamp();
        if (ts == AV_NOPTS_VALUE) {
            return lastIndex + 1;
        }
        long start = stream.start_time() == AV_NOPTS_VALUE ? 0 : stream.start_time();
        double seconds = (ts - start) * av_q2d(stream.time_base());
        return Math.max(0, (int) Math.floor(seconds * info.fps() + 0.5));
    }

    private void checkDeadline() throws BadInputException {
        if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
            throw new BadInputException(file, BadInputReason.TIMEOUT,
                    "decoding took longer than " + timeout.toMillis() + " ms or was interrupted");
        }
    }

    private VideoInfo readInfo() {
        double fps = rate(stream.avg_frame_rate().num(), stream.avg_frame_rate().den());
        if (fps <= 0) {
            fps = rate(stream.r_frame_rate().num(), stream.r_frame_rate().den());
        }
        if (fps <= 0) {
            fps = 30;
        }
        double duration = stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0
                ? stream.duration() * av_q2d(stream.time_base())
                : format.duration() != AV_NOPTS_VALUE && format.duration() > 0
                        ? format.duration() / (double) AV_TIME_BASE : 0;
        long frames = stream.nb_frames() > 0 ? stream.nb_frames() : Math.round(duration * fps);
        if (duration <= 0 && frames > 0) {
            duration = frames / fps;
        }
        String name = codec.codec() == null ? "unknown" : codec.codec().name().getString();
        return new VideoInfo((int) Math.min(Integer.MAX_VALUE, frames), fps, duration,
                codec.width(), codec.height(), name);
    }

    private static double rate(int num, int den) {
        return den == 0 ? 0 : (double) num / den;
    }

    @Override
    public void close() {
        converter.close();
        av_frame_free(frame);
        av_frame_free(last);
        av_packet_free(packet);
        avcodec_free_context(codec);
        avformat_close_input(format);
    }
}
