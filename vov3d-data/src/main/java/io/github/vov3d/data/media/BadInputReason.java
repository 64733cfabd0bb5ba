package io.github.vov3d.data.media;

/**
 * Why one video, frame or list entry cannot be used. The dataset counts skipped inputs per
 * reason and {@code vov3d data check} prints them, so each reason carries advice for the user.
 */
public enum BadInputReason {
    /** The file does not exist or is not a regular file. */
    MISSING_FILE("check the path and DATA.PATH_PREFIX-style root"),
    /** FFmpeg cannot open or parse the file: not a video, corrupt header, moov atom missing. */
    UNREADABLE("re-download or re-encode the file"),
    /** The stream ends (or breaks) before the frames its header announces. */
    TRUNCATED("the file is cut short or damaged; re-download or re-encode it"),
    /** The file opens but holds no decodable video frame. */
    NO_FRAMES("the file has no video stream or no frames; remove it from the list"),
    /** A JPEG of a frame folder cannot be decoded. */
    BAD_IMAGE("re-extract the frames of this video"),
    /** A line of a list file does not have the expected fields. */
    BAD_LIST_LINE("fix or remove the line; the format is in docs/data.md"),
    /** The label is not an integer or not a known class name. */
    UNKNOWN_LABEL("fix the label or the class list"),
    /** Decoding took longer than the configured timeout. */
    TIMEOUT("the file may be huge or pathological; re-encode it or raise the decode timeout");

    private final String advice;

    BadInputReason(String advice) {
        this.advice = advice;
    }

    /** @return what the user can do about it */
    public String advice() {
        return advice;
    }
}
