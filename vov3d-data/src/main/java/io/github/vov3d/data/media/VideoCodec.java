package io.github.vov3d.data.media;

/**
 * Encoders available in the bundled FFmpeg build (it has no libx264: H.264 comes from
 * OpenH264). Used to make synthetic test and benchmark videos, never to read data.
 */
public enum VideoCodec {
    /** H.264 through OpenH264 (mp4, mkv). */
    H264("libopenh264", org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P),
    /** MPEG-4 part 2 (mp4, avi, mkv): fast to encode, good for tests. */
    MPEG4("mpeg4", org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P),
    /** VP9 (webm, as Something-Something V2 ships). */
    VP9("libvpx-vp9", org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P),
    /** Motion JPEG; one packet is one JPEG file. */
    MJPEG("mjpeg", org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P);

    private final String encoder;
    private final int pixelFormat;

    VideoCodec(String encoder, int pixelFormat) {
        this.encoder = encoder;
        this.pixelFormat = pixelFormat;
    }

    /** @return FFmpeg's encoder name */
    public String encoder() {
        return encoder;
    }

    int pixelFormat() {
        return pixelFormat;
    }
}
