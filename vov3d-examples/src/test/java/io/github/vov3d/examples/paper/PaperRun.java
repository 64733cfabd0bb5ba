package io.github.vov3d.examples.paper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a paper row in-process and captures what it prints. */
record PaperRun(int status, String out, String err) {
    /**
     * Trains and tests a row at the size end-to-end tests use: one epoch of 2-clip batches,
     * 4-frame 32-pixel clips, on the CPU.
     *
     * @param row the paper row
     * @param data the dataset root
     * @param out the run directory
     * @param views test views, {@code CLIPSxCROPS}
     * @param extra further options (e.g. {@code --pretrained FILE})
     * @return what the run printed
     */
    static PaperRun tiny(String row, Path data, Path out, String views, String... extra) {
        List<String> args = new ArrayList<>(List.of(data.toString(), "--out", out.toString(), "--device", "cpu",
                "--epochs", "1", "--batch", "2", "--frames", "4", "--crop", "32", "--views", views));
        args.addAll(List.of(extra));
        return of(row, args.toArray(String[]::new));
    }

    static PaperRun of(String row, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PaperMain.run(row, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new PaperRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
