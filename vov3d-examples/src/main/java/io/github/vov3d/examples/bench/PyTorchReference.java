package io.github.vov3d.examples.bench;

import io.github.vov3d.api.ModelArchitecture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The upstream model code running in PyTorch eager mode in a Python process beside the
 * benchmark, so that {@code vov3d bench} can time it interleaved with its own two modes: the
 * comparison the project measures CPU speed against. The process runs the bundled
 * {@code pytorch_reference.py} (a line protocol on stdin/stdout, described there) with the
 * user's Python and a checkout of youngwanLEE/VoV3D; it inherits this process's environment, so
 * the allocator settings of {@code bin/vov3d} apply to it as well. A pass is timed here, round
 * trip included (well under a millisecond against passes of hundreds).
 */
public final class PyTorchReference implements AutoCloseable {
    private static final String SCRIPT = "pytorch_reference.py";
    private static final String HINT = "check that this Python has PyTorch (python -c 'import torch')"
            + " and that --pytorch-repo is a checkout of youngwanLEE/VoV3D";

    private static final String MODELS = " models=";
    private static final String LOG = "stderr.log";
    private static final int LOG_TAIL_BYTES = 8192;

    private final Process process;
    private final BufferedReader replies;
    private final Writer requests;
    private final Path workDirectory;
    private final String description;
    private final Set<String> models;

    private PyTorchReference(Process process, Path workDirectory, String command) throws IOException {
        this.process = process;
        this.workDirectory = workDirectory;
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String ready;
        try {
            ready = expect("ready", "starting " + command);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; " + HINT, e);
        }
        int m = ready.indexOf(MODELS);
        description = "PyTorch " + (m < 0 ? ready : ready.substring(0, m));
        models = m < 0 ? Set.of() : Set.of(ready.substring(m + MODELS.length()).trim().split(","));
    }

    /**
     * Starts the reference.
     *
     * @param python the Python executable that has PyTorch
     * @param repo a checkout of the upstream repository (youngwanLEE/VoV3D)
     * @param threads PyTorch intra-op threads (use the benchmark's own count)
     * @return the running reference, ready to load a model
     * @throws IOException when the process cannot start or does not report ready; the message
     *     carries the end of its error output
     */
    public static PyTorchReference start(Path python, Path repo, int threads) throws IOException {
        // a directory of its own: Python puts the script's directory first on its module path, so
        // a shared temporary directory could shadow the modules the reference imports
        Path directory = Files.createTempDirectory("vov3d-pytorch-reference");
        Path script = directory.resolve(SCRIPT);
        try (InputStream in = PyTorchReference.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the vov3d-examples jar; rebuild it");
            }
            Files.copy(in, script);
        } catch (IOException | RuntimeException e) {
            deleteDirectory(directory);
            throw e;
        }
        return start(List.of(python.toString(), script.toString(), "--repo",
                repo.toAbsolutePath().toString(), "--threads", Integer.toString(threads)), directory);
    }

    /**
     * Starts any program that speaks the protocol (tests use stand-ins).
     *
     * @param command the program and its arguments
     * @param workDirectory a directory for the error log; the reference owns it from here and
     *     deletes it on close, or at once when the start fails
     * @return the running reference
     * @throws IOException when it cannot start or does not report ready
     */
    static PyTorchReference start(List<String> command, Path workDirectory) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(workDirectory.resolve(LOG).toFile()).start();
        } catch (IOException e) {
            deleteDirectory(workDirectory);
            throw new IOException("cannot run the PyTorch reference '" + command.get(0) + "': "
                    + e.getMessage() + "; pass the Python that has PyTorch as --pytorch", e);
        }
        try {
            return new PyTorchReference(process, workDirectory, String.join(" ", command));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            deleteDirectory(workDirectory);
            throw e;
        }
    }

    /** @return PyTorch's version, thread count and any stand-ins, as the process reported them */
    public String describe() {
        return description;
    }

    /**
     * @param model an architecture
     * @return whether the reference can build it (it knows the upstream config files)
     */
    public boolean supports(ModelArchitecture model) {
        return models.contains(model.id());
    }

    /** @return the ids of the models the reference can build, as it reported them */
    public Set<String> models() {
        return models;
    }

    /**
     * Builds a model from the upstream config and a random clip of the given size, and checks
     * that it is the network this library measures: the same number of trainable parameters.
     *
     * @param model the architecture
     * @param batch clips per pass
     * @param frames clip length
     * @param crop clip height and width
     * @param expectedParameters this library's parameter count for the same model
     * @throws IllegalArgumentException when the reference cannot build it, or builds another
     *     network
     */
    public void load(ModelArchitecture model, int batch, int frames, int crop, long expectedParameters) {
        String request = String.format(Locale.ROOT, "load %s %d %d %d", model.id(), batch, frames, crop);
        String loaded = ask(request, "loaded");
        long parameters;
        try {
            parameters = Long.parseLong(loaded.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the PyTorch reference answered 'loaded " + loaded
                    + "' to '" + request + "'; expected a parameter count");
        }
        if (parameters != expectedParameters) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the PyTorch reference built %s with %,d parameters, this library's has %,d:"
                            + " the checkout's config is not the model measured here (is --pytorch-repo"
                            + " youngwanLEE/VoV3D at its main branch?)",
                    model.id(), parameters, expectedParameters));
        }
    }

    /** Runs one eval forward pass of the loaded model and waits for it. */
    public void pass() {
        ask("pass", "done");
    }

    private String ask(String request, String answer) {
        try {
            requests.write(request + "\n");
            requests.flush();
        } catch (IOException e) {
            throw new IllegalStateException(failure("stopped before '" + request + "'"), e);
        }
        try {
            return expect(answer, "'" + request + "'");
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Reads one reply; an {@code error} reply becomes an exception carrying its text. */
    private String expect(String answer, String during) throws IOException {
        String line = replies.readLine();
        if (line == null) {
            throw new IOException(failure("stopped during " + during));
        }
        if (line.startsWith("error ")) {
            throw new IllegalArgumentException("PyTorch reference: " + line.substring(6));
        }
        if (!line.startsWith(answer + " ")) {
            throw new IllegalStateException("the PyTorch reference answered '" + line + "' during "
                    + during + "; expected '" + answer + " …'");
        }
        return line.substring(answer.length() + 1);
    }

    private String failure(String what) {
        List<String> tail = new ArrayList<>();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            List<String> lines = logTail().lines().toList();
            tail.addAll(lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException | RuntimeException e) {
            tail.add("(its error output could not be read: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String exit = process.isAlive() ? "" : " (exit status " + process.exitValue() + ")";
        return "the PyTorch reference " + what + exit
                + (tail.isEmpty() ? "" : "; its last error output:\n  " + String.join("\n  ", tail));
    }

    /** The end of the error log (it can be long: oneDNN's verbose mode writes there). */
    private String logTail() throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(workDirectory.resolve(LOG))) {
            long start = Math.max(0, channel.size() - LOG_TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read to the end
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    /** Asks the process to quit, ends it if it does not, and removes its files. */
    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                requests.write("quit\n");
                requests.close(); // end of input also ends a process that missed the request
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            replies.close();
            deleteDirectory(workDirectory);
        }
    }

    private static void deleteDirectory(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** @return the directory holding the error log (and the bundled script when there is one) */
    Path workDirectory() {
        return workDirectory;
    }
}
