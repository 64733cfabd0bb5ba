package io.github.vov3d.data.media;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One input that cannot be used, with the file, the reason and what to do. It is checked (an
 * {@link IOException}) so callers decide between skipping and failing; it never escapes as a
 * crash of the native decoder.
 */
public final class BadInputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final BadInputReason reason;

    /**
     * @param file the offending file (or list file)
     * @param reason why it is bad
     * @param detail what exactly went wrong
     */
    public BadInputException(Path file, BadInputReason reason, String detail) {
        super(file + ": " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + detail
                + " (" + reason.advice() + ")");
        this.file = file;
        this.reason = reason;
    }

    /** @return the offending file */
    public Path file() {
        return file;
    }

    /** @return why it is bad */
    public BadInputReason reason() {
        return reason;
    }
}
