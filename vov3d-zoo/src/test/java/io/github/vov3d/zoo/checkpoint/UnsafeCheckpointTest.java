package io.github.vov3d.zoo.checkpoint;

import static io.github.vov3d.zoo.checkpoint.TestPickles.bytes;
import static io.github.vov3d.zoo.checkpoint.TestPickles.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.api.UnsafeCheckpointException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pickles that would run code in Python must be refused before anything is called. */
class UnsafeCheckpointTest {

    @ParameterizedTest
    @CsvSource({"posix, system", "os, system", "builtins, eval", "__builtin__, exec",
            "subprocess, Popen", "torch, load", "collections, namedtuple"})
    void refusesGlobalsOffTheAllowList(String module, String name, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("evil.pth");
        TestPickles.zip(file, Map.of("archive/data.pkl",
                TestPickles.callWithString(module, name, "echo pwned > /tmp/pwned")));
        UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class,
                () -> TorchCheckpointReader.read(file));
        assertEquals(module + "." + name, e.global());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'" + module + "." + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("re-save only the state dict"), e.getMessage());
    }

    @Test
    void refusesStackGlobalOfProtocol4(@TempDir Path dir) throws IOException {
        byte[] pickle = bytes(0x80, 4, 0x8c, 5, "posix", 0x8c, 6, "system", 0x93, str("id"), 0x85,
                (int) 'R', (int) '.');
        Path file = dir.resolve("evil4.pth");
        TestPickles.zip(file, Map.of("evil4/data.pkl", pickle));
        UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class,
                () -> TorchCheckpointReader.read(file));
        assertEquals("posix.system", e.global());
    }

    @Test
    void refusesAnUnsafeGlobalHiddenInsideAValidCheckpoint(@TempDir Path dir) throws IOException {
        // {'model_state': OrderedDict(), 'cfg': posix.system('id')}
        byte[] pickle = bytes(0x80, 2, (int) '}', (int) '(', str("model_state"),
                "ccollections\nOrderedDict\n", (int) ')', (int) 'R', str("cfg"),
                "cposix\nsystem\n", str("id"), 0x85, (int) 'R', (int) 'u', (int) '.');
        Path file = dir.resolve("trojan.pth");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("trojan/data.pkl", pickle);
        entries.put("trojan/version", bytes("3\n"));
        TestPickles.zip(file, entries);
        UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class,
                () -> TorchCheckpointReader.read(file));
        assertEquals("posix.system", e.global());
    }
}
