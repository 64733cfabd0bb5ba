package io.github.vov3d.blocks.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive has the layout {@code torch.jit.save} writes (the kernels test loads such archives
 * into libtorch and runs them); names and sources that would make a broken archive are refused
 * before anything is written.
 */
class TorchScriptArchiveTest {

    @Test
    void writesTheClassAndAnInferenceModuleObject(@TempDir Path dir) throws IOException {
        TorchScriptArchive archive = new TorchScriptArchive("Twice",
                "def forward(self, x: Tensor) -> Tensor:\n  return torch.add(x, x)\n");
        assertEquals("""
                class Twice(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self, x: Tensor) -> Tensor:
                    return torch.add(x, x)

                """, archive.classSource());
        Path file = dir.resolve("twice.pt");
        archive.write(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = new ArrayList<>();
            zip.stream().map(ZipEntry::getName).forEach(names::add);
            assertEquals(List.of("Twice/version", "Twice/byteorder", "Twice/constants.pkl",
                    "Twice/code/__torch__.py", "Twice/data.pkl"), names);
            byte[] state = zip.getInputStream(zip.getEntry("Twice/data.pkl")).readAllBytes();
            // PROTO 2, then the class as a GLOBAL
            assertArrayEquals(new byte[] {(byte) 0x80, 2, 'c'}, java.util.Arrays.copyOf(state, 3));
            assertEquals('.', state[state.length - 1]);
            assertEquals("3\n", new String(zip.getInputStream(zip.getEntry("Twice/version"))
                    .readAllBytes()));
        }
    }

    @Test
    void refusesWhatWouldBreakTheArchive() {
        assertThrows(IllegalArgumentException.class,
                () -> new TorchScriptArchive("Not a name", "def forward(self):\n  return 1\n"));
        assertThrows(IllegalArgumentException.class,
                () -> new TorchScriptArchive("Fine", "def run(self, x: Tensor) -> Tensor:\n"));
    }
}
