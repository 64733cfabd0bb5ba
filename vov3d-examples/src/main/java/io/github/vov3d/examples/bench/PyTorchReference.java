package io.github.vov3d.examples.bench;

import io.github.vov3d.api.ModelArchitecture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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

    private final Process process;
    private final BufferedReader replies;
    private final Writer requests;
    private final Path log;
    private final Path script;
    private final String description;

    private PyTorchReference(Process process, Path log, Path script, String command) throws IOException {
        this.process = process;
        this.log = log;
        this.script = script;
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String ready = expect("ready", "starting " + command);
        description = "PyTorch " + ready;
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
        Path script = Files.createTempFile("vov3d-pytorch-reference", ".py");
        try (InputStream in = PyTorchReference.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the vov3d-examples jar; rebuild it");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = List.of(python.toString(), script.toString(), "--repo",
                repo.toAbsolutePath().toString(), "--threads", Integer.toString(threads));
        try {
            return start(command, script);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(script);
            throw e;
        }
    }

    /**
     * Starts any program that speaks the protocol (tests use stand-ins).
     *
     * @param command the program and its arguments
     * @param script a file to delete on close, or null
     * @return the running reference
     * @throws IOException when it cannot start or does not report ready
     */
    static PyTorchReference start(List<String> command, Path script) throws IOException {
        Path log = Files.createTempFile("vov3d-pytorch-reference", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        } catch (IOException e) {
            Files.deleteIfExists(log);
            throw new IOException("cannot run the PyTorch reference '" + command.get(0) + "': "
                    + e.getMessage() + "; pass the Python that has PyTorch as --pytorch", e);
        }
        try {
            return new PyTorchReference(process, log, script, String.join(" ", command));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            Files.deleteIfExists(log);
            throw e;
        }
    }

    /** @return PyTorch's version, thread count and any stand-ins, as the process reported them */
    public String describe() {
        return description;
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
            throw new UncheckedIOException(failure("stopped before '" + request + "'"), e);
        }
        try {
            return expect(answer, "'" + request + "'");
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
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
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            tail.addAll(lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException | RuntimeException e) {
            tail.add("(its error output could not be read: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String exit = process.isAlive() ? "" : " (exit status " + process.exitValue() + ")";
        return "the PyTorch reference " + what + exit + "; " + HINT
                + (tail.isEmpty() ? "" : ". Its last error output:\n  " + String.join("\n  ", tail));
    }

    /** Asks the process to quit, ends it if it does not, and removes its files. */
    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                requests.write("quit\n");
                requests.close(); // end of input also ends a process that missed the request
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(log);
            if (script != null) {
                Files.deleteIfExists(script);
            }
        }
    }
}
