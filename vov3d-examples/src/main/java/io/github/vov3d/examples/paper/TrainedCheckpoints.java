package io.github.vov3d.examples.paper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Finds the checkpoint a finished run left, so {@code vov3d test} needs only the run's directory. */
final class TrainedCheckpoints {
    private TrainedCheckpoints() {}

    /**
     * @param out a run's output directory
     * @return its newest {@code checkpoints/checkpoint_epoch_NNNNN.pyth}
     * @throws IOException if there is none
     */
    static Path newest(Path out) throws IOException {
        Path dir = out.resolve("checkpoints");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                var newest = files.filter(f -> f.getFileName().toString().matches("checkpoint_epoch_\\d+\\.pyth"))
                        .max(Comparator.comparing(f -> f.getFileName().toString()));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new NoSuchFileException(dir.toString(), null, "no trained checkpoint here; train first "
                + "(vov3d train --preset NAME --data DIR --out " + out + ") or give --weights FILE");
    }
}
