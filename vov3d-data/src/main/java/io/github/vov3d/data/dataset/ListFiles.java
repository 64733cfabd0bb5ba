package io.github.vov3d.data.dataset;

import io.github.vov3d.data.media.BadInputException;
import io.github.vov3d.data.media.BadInputReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads list and label files, turning I/O failures into a {@link BadInputException} on that file. */
final class ListFiles {
    private ListFiles() {}

    static List<String> lines(Path file) throws BadInputException {
        return lines(file, "");
    }

    static List<String> lines(Path file, String purpose) throws BadInputException {
        if (!Files.exists(file)) {
            throw new BadInputException(file, BadInputReason.MISSING_FILE,
                    "list file not found" + (purpose.isEmpty() ? "" : " (" + purpose + ")"));
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, BadInputReason.UNREADABLE, "cannot read the list file: " + e);
        }
    }

    static String text(Path file, String purpose) throws BadInputException {
        return String.join("\n", lines(file, purpose));
    }

    static BadInputException badLine(Path file, int line, BadInputReason reason, String detail) {
        return new BadInputException(file, reason, "line " + line + ": " + detail);
    }
}
