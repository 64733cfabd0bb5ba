package io.github.vov3d.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.vov3d.api.ModelArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of the PyTorch reference against stand-in processes that speak (or break) its
 * line protocol, and the bundled script itself up to the point where it would need PyTorch.
 */
class PyTorchReferenceTest {
    /** A stand-in that answers like the real script, with VoV3D-M's upstream parameter count. */
    private static final String SERVER = """
            echo "ready 9.9-stand-in threads=2 stand-ins=none models=vov3d_m,x3d_m"
            while read -r request model rest; do
              case "$request" in
                load) if [ "$model" = vov3d_m ]; then echo "loaded 3667360";
                      else echo "error ValueError: no Kinetics config for $model"; fi ;;
                pass) echo "done 1.000" ;;
                quit) exit 0 ;;
              esac
            done
            """;

    @TempDir
    Path tmp;

    private PyTorchReference bash(String script) throws IOException {
        return PyTorchReference.start(List.of("bash", "-c", script), Files.createTempDirectory(tmp, "reference"));
    }

    @Test
    void loadsChecksTheParameterCountAndRunsPasses() throws IOException {
        try (PyTorchReference reference = bash(SERVER)) {
            assertEquals("PyTorch 9.9-stand-in threads=2 stand-ins=none", reference.describe());
            assertTrue(reference.supports(ModelArchitecture.X3D_M));
            assertTrue(!reference.supports(ModelArchitecture.X3D_XS));
            reference.load(ModelArchitecture.VOV3D_M, 1, 16, 224, 3_667_360L);
            reference.pass();
            reference.pass();
        }
    }

    @Test
    void anotherNetworkThanOursIsRefused() throws IOException {
        try (PyTorchReference reference = bash(SERVER)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> reference.load(ModelArchitecture.VOV3D_M, 1, 16, 224, 3_000_000L));
            assertTrue(e.getMessage().contains("3,667,360 parameters, this library's has 3,000,000"),
                    e.getMessage());
        }
    }

    @Test
    void anErrorReplyCarriesItsText() throws IOException {
        try (PyTorchReference reference = bash(SERVER)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> reference.load(ModelArchitecture.X3D_XS, 1, 4, 160, 1L));
            assertTrue(e.getMessage().contains("no Kinetics config for x3d_xs"), e.getMessage());
            reference.load(ModelArchitecture.VOV3D_M, 1, 16, 224, 3_667_360L); // still serving
        }
    }

    @Test
    void aProcessThatDiesAtStartIsExplainedWithItsErrorOutput() {
        IOException e = assertThrows(IOException.class, () -> bash(
                "echo 'ModuleNotFoundError: No module named torch' >&2; exit 1"));
        assertTrue(e.getMessage().contains("No module named torch"), e.getMessage());
        assertTrue(e.getMessage().contains("exit status 1"), e.getMessage());
        assertTrue(e.getMessage().contains("--pytorch-repo"), "says what to check: " + e.getMessage());
    }

    @Test
    void anUnexpectedReplyIsAnError() throws IOException {
        try (PyTorchReference reference = bash("""
                echo "ready 9.9 threads=1 stand-ins=none models=vov3d_m"
                read -r request; echo "onednn_verbose,info,cpu"
                """)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> reference.load(ModelArchitecture.VOV3D_M, 1, 16, 224, 5L));
            assertTrue(e.getMessage().contains("answered 'onednn_verbose,info,cpu'"), e.getMessage());
        }
    }

    @Test
    void aProcessThatDiesDuringAPassIsReported() throws IOException {
        try (PyTorchReference reference = bash("""
                echo "ready 9.9 threads=1 stand-ins=none models=vov3d_m"
                read -r request; echo "loaded 5"
                read -r request; echo "Killed: out of memory" >&2; exit 137
                """)) {
            reference.load(ModelArchitecture.VOV3D_M, 1, 16, 224, 5L);
            IllegalStateException e = assertThrows(IllegalStateException.class, reference::pass);
            assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
            assertTrue(e.getMessage().contains("exit status 137"), e.getMessage());
        }
    }

    @Test
    void theScriptAndItsLogLiveInADirectoryOfTheirOwnThatCloseRemoves() throws IOException {
        // a stand-in "python" that checks it was handed the bundled script in that directory
        Path python = tmp.resolve("python");
        Files.writeString(python, """
                #!/usr/bin/env bash
                [ "$(basename "$1")" = pytorch_reference.py ] && grep -q "def serve" "$1" || exit 3
                ls "$(dirname "$1")" >&2
                echo "ready 9.9 threads=$5 stand-ins=none models=vov3d_m"
                while read -r request; do [ "$request" = quit ] && exit 0; done
                """);
        assertTrue(python.toFile().setExecutable(true));
        Path directory;
        try (PyTorchReference reference = PyTorchReference.start(python, tmp, 3)) {
            directory = reference.workDirectory();
            assertEquals("PyTorch 9.9 threads=3 stand-ins=none", reference.describe());
            try (var files = Files.list(directory)) {
                assertEquals(List.of("pytorch_reference.py", "stderr.log"),
                        files.map(f -> f.getFileName().toString()).sorted().toList());
            }
        }
        assertTrue(!Files.exists(directory), "removed on close");
    }

    @Test
    void aMissingProgramIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> PyTorchReference.start(
                tmp.resolve("no-such-python"), tmp, 1));
        assertTrue(e.getMessage().contains("pass the Python that has PyTorch as --pytorch"), e.getMessage());
    }

    @Test
    void theBundledScriptRefusesADirectoryThatIsNotTheUpstreamCheckout() throws IOException {
        // the script checks the checkout before it imports PyTorch, so this runs without it; it
        // needs a python3 (the CI machine has one)
        assumeTrue(onPath("python3"), "no python3 on PATH");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PyTorchReference.start(Path.of("python3"), tmp, 1));
        assertTrue(e.getMessage().contains("has no vov3d/models"), e.getMessage());
        try (var leftovers = Files.list(tmp)) {
            assertEquals(0, leftovers.count(), "nothing written into the checkout");
        }
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
