package io.github.vov3d.zoo.checkpoint;

import static io.github.vov3d.zoo.checkpoint.TestPickles.bytes;
import static io.github.vov3d.zoo.checkpoint.TestPickles.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.api.CheckpointException;
import io.github.vov3d.api.UnsafeCheckpointException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PickleReaderTest {
    private final PickleReader plain = new PickleReader("test.pkl", Map.of(), null);

    @Test
    void buildsScalarsAndContainers() throws CheckpointException {
        // {'a': (1, 300, -2, 2**40, 1.5, None, True, False), 'b': [u'é', b'\x00'], 1: {2}}
        byte[] pickle = bytes(0x80, 4, (int) '}', (int) '(', str("a"), (int) '(', (int) 'K', 1,
                (int) 'M', 44, 1, (int) 'J', 0xFE, 0xFF, 0xFF, 0xFF, 0x8a, 6, 0, 0, 0, 0, 0, 1,
                (int) 'G', 0x3F, 0xF8, 0, 0, 0, 0, 0, 0, (int) 'N', 0x88, 0x89, (int) 't',
                str("b"), (int) ']', (int) '(', 0x8c, 2, 0xC3, 0xA9, (int) 'C', 1, 0, (int) 'e',
                (int) 'K', 1, 0x8f, (int) '(', (int) 'K', 2, 0x90, (int) 'u', (int) '.');
        @SuppressWarnings("unchecked")
        Map<Object, Object> value = (Map<Object, Object>) plain.read(pickle);
        assertEquals(List.of("a", "b", 1L), List.copyOf(value.keySet()));
        assertEquals(Arrays.asList(1L, 300L, -2L, 1L << 40, 1.5, null, true, false), value.get("a"));
        List<?> b = (List<?>) value.get("b");
        assertEquals("é", b.get(0));
        assertTrue(Arrays.equals(new byte[] {0}, (byte[]) b.get(1)));
        assertEquals(Set.of(2L), value.get(1L));
    }

    @Test
    void memoSharesObjectsAndMarksFenceTheStack() throws CheckpointException {
        // x = []; (x, x) with BINPUT/BINGET, then LONG_BINPUT / MEMOIZE / LONG_BINGET
        byte[] pickle = bytes(0x80, 2, (int) ']', (int) 'q', 7, (int) 'h', 7, 0x86, (int) 'r', 0, 1,
                0, 0, 0x94, (int) 'j', 0, 1, 0, 0, 0x86, (int) '.');
        List<?> outer = (List<?>) plain.read(pickle);
        List<?> pair = (List<?>) outer.get(0);
        assertSame(pair.get(0), pair.get(1));
        assertSame(pair, outer.get(1));
        CheckpointException underflow = assertThrows(CheckpointException.class,
                () -> plain.read(bytes(0x80, 2, (int) 'N', (int) '(', 0x85, (int) '.')));
        assertTrue(underflow.getMessage().contains("stack underflow"), underflow.getMessage());
    }

    @Test
    void bigIntegersAreExactAndBounded() throws CheckpointException {
        byte[] pickle = bytes(0x80, 2, 0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, (int) '.');
        assertEquals(BigInteger.ONE.shiftLeft(63), plain.read(pickle));
        assertEquals(Long.MIN_VALUE, plain.read(bytes(0x80, 2, 0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x80,
                (int) '.')));
        byte[] huge = new byte[200];
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> plain.read(bytes(0x80, 2, 0x8a, 200, huge, (int) '.')));
        assertTrue(e.getMessage().contains("integer of 200 bytes exceeds the limit"), e.getMessage());
    }

    @Test
    void callsOnlyAllowListedCallablesAndPersistentLoads() throws CheckpointException {
        AtomicInteger calls = new AtomicInteger();
        PickleReader.PyCallable count = args -> {
            calls.incrementAndGet();
            return args.size();
        };
        PickleReader reader = new PickleReader("t", Map.of("m.f", count), pid -> "loaded " + pid);
        assertEquals(2, reader.read(bytes(0x80, 2, "cm\nf\n", (int) 'K', 1, (int) 'K', 2, 0x86,
                (int) 'R', (int) '.')));
        assertEquals("loaded x", reader.read(bytes(0x80, 2, str("x"), (int) 'Q', (int) '.')));
        calls.set(0);
        UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class,
                () -> reader.read(bytes(0x80, 2, "cposix\nsystem\n", "cm\nf\n", (int) ')',
                        (int) 'R', (int) '.')));
        assertEquals("posix.system", e.global());
        assertEquals(0, calls.get(), "nothing is called once a global is refused");
        CheckpointException notCallable = assertThrows(CheckpointException.class,
                () -> reader.read(bytes(0x80, 2, str("f"), (int) ')', (int) 'R', (int) '.')));
        assertFalse(notCallable instanceof UnsafeCheckpointException);
        assertTrue(notCallable.getMessage().contains("cannot call a String"), notCallable.getMessage());
    }

    @Test
    void orderedDictBuildStateIsIgnored() throws CheckpointException {
        PickleReader reader = new PickleReader("t", TorchGlobals.allowList("t"), null);
        byte[] pickle = bytes(0x80, 2, "ccollections\nOrderedDict\n", (int) ')', (int) 'R',
                (int) '(', str("k"), (int) 'K', 5, (int) 'u', (int) '}', str("_metadata"),
                (int) '}', (int) 's', (int) 'b', (int) '.');
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put("k", 5L);
        assertEquals(expected, reader.read(pickle));
    }

    @Test
    void refusesUnhashableKeysAndTruncation() {
        CheckpointException list = assertThrows(CheckpointException.class,
                () -> plain.read(bytes(0x80, 2, (int) '}', (int) ']', (int) 'N', (int) 's', (int) '.')));
        assertTrue(list.getMessage().contains("a list cannot be a dict key"), list.getMessage());
        CheckpointException noStop = assertThrows(CheckpointException.class,
                () -> plain.read(bytes(0x80, 2, (int) 'N')));
        assertTrue(noStop.getMessage().contains("ends without a STOP"), noStop.getMessage());
        CheckpointException proto = assertThrows(CheckpointException.class,
                () -> plain.read(bytes(0x80, 9, (int) 'N', (int) '.')));
        assertTrue(proto.getMessage().contains("unsupported pickle protocol 9"), proto.getMessage());
        CheckpointException memo = assertThrows(CheckpointException.class,
                () -> plain.read(bytes(0x80, 2, (int) 'h', 3, (int) '.')));
        assertTrue(memo.getMessage().contains("memo entry 3 was never stored"), memo.getMessage());
    }

    @Test
    void deeplyNestedTupleKeysAreRefusedWithoutRecursingFar() {
        byte[] nesting = new byte[10_000];
        Arrays.fill(nesting, (byte) 0x85); // TUPLE1, ten thousand times
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> plain.read(bytes(0x80, 2, (int) '}', (int) 'N', nesting, (int) 'N', (int) 's',
                        (int) '.')));
        assertTrue(e.getMessage().contains("cannot be a dict key"), e.getMessage());
    }
}
