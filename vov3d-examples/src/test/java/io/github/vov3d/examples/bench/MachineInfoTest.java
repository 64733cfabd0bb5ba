package io.github.vov3d.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's machine line names the allocator settings a table was measured under. */
class MachineInfoTest {

    @Test
    void namesOnlyTheAllocatorVariablesInAFixedOrder() {
        Map<String, String> env = Map.of("THP_MEM_ALLOC_ENABLE", "1", "MALLOC_ARENA_MAX", "1",
                "HOME", "/root", "MALLOC_MMAP_MAX_", "0");
        assertEquals("MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 THP_MEM_ALLOC_ENABLE=1",
                MachineInfo.allocator(env));
    }

    @Test
    void saysWhenNothingIsSet() {
        assertEquals("glibc defaults", MachineInfo.allocator(Map.of("HOME", "/root")));
    }

    @Test
    void theMachineLineCarriesTheAllocator() {
        assertTrue(MachineInfo.describe().contains("allocator: "), MachineInfo.describe());
    }
}
